import { RecordedEvent } from '@chengguo/eventstore';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PageUnitOfWork } from './page-unit-of-work';

/**
 * A read model fed by events. The projector hands it a page of events at a time, inside one
 * transaction: `prefetch` once, `apply` per event against the page's unit of work, then the page
 * is flushed and the checkpoint moves.
 */
export interface Projection {
  readonly name: string;
  /** Event types it reads; others are skipped without a database write. */
  readonly eventTypes: readonly string[];
  /** Reads, in one query per table, the rows the page's events will touch (optional: `get` reads a missing key on its own). */
  prefetch?(events: readonly RecordedEvent[], page: PageUnitOfWork): Promise<void>;
  apply(event: RecordedEvent, page: PageUnitOfWork): Promise<void>;
  /**
   * The tables it writes, and nothing else writes. When every projection rebuilt declares them,
   * `Projector.rebuild` fills fresh copies and swaps them in at the end (ADR 27) instead of
   * emptying these and refilling them in place.
   */
  readonly tables?: readonly EntityTarget<ObjectLiteral>[];
  /**
   * Btree indexes on its tables that only queries read (it finds its own rows by primary key): a
   * rebuild into fresh tables builds them once after the fill, as it does GIN indexes, instead of
   * keeping them up row by row while it fills.
   */
  readonly queryIndexes?: readonly string[];
  /** Empties its tables before a rebuild in place. */
  reset(manager: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
