import { RecordedEvent } from '@chengguo/eventstore';
import { EntityManager } from 'typeorm';

/** A read model fed by events. `apply` runs inside the projector's transaction. */
export interface Projection {
  readonly name: string;
  /** Event types it reads; others are skipped without a database write. */
  readonly eventTypes: readonly string[];
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
  /** Empties its tables before a rebuild. */
  reset(manager: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
