import type { Access, Notifier } from '@chengguo/common';
import type { EventStore, ProcessCommands } from '@chengguo/eventstore';
import type { Upcaster } from '@chengguo/kernel';
import type { Projection, ReadModelModule } from '@chengguo/read-models';
import type { Reaction } from '@chengguo/temporal';
import type { Type } from '@nestjs/common';

/**
 * How an auditor's as-of replay folds the streams of one process: the same evolve function the
 * write side runs, and the rule keys each event type is recorded under.
 */
export interface AuditedProcess {
  /** e.g. 'disclosure' */
  name: string;
  /** Stream ids of this process start with it, e.g. 'disclosure-'. */
  streamPrefix: string;
  decider: { initialState: unknown; evolve(state: never, event: never): unknown };
  /** Rule keys (DOMAIN.md) an event type is recorded under, shown beside it in the timeline. */
  citations?: Record<string, string[]>;
}

/** What a process's reactions may use: the worker's task queue and the event store. */
export interface ReactionContext {
  taskQueue: string;
  store: EventStore;
}

/** What a process's activities may use. */
export interface ActivityContext {
  store: EventStore;
  notifier: Notifier;
  /** The unit's name as it appears in documents (e.g. a contract's party). */
  unitName: string;
  /** Days before an annual fee's due date the TTO is reminded (R12); the register's default when absent. */
  annuityReminderLeadDays?: number[];
}

// Temporal calls activities with serialisable arguments; each process types its own in its contract.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActivityFunctions = Record<string, (...args: any[]) => Promise<unknown>>;

/**
 * Everything one process contributes to the running system, in one object exported from its
 * library's index.ts. The API, the worker and the audit tools loop over the list of these
 * (`@chengguo/processes`); adding a process is one line there.
 */
export interface ProcessManifest {
  /** The process in DOMAIN.md's words, e.g. 'disclosure'. */
  name: string;
  /** Its HTTP face (controllers, query handlers), composed into the API app. */
  module?: Type<unknown>;
  /** Its tables and their migrations in the read-model database. */
  readModels?: ReadModelModule;
  /** The read models it keeps up to date (run by the worker's projector). */
  projections?: readonly Projection[];
  /** What it does when events happen: start or signal its workflows (run by the worker's dispatcher). */
  reactions?(context: ReactionContext): readonly Reaction[];
  /** The activities its workflows call (registered on the worker). */
  activities?(context: ActivityContext): ActivityFunctions;
  /** Workflow type names its contracts declare; the workflow bundle must export exactly these. */
  workflows?: readonly string[];
  /** How the auditor's replay folds its streams. */
  audit?: readonly AuditedProcess[];
  /** Role-only access rules of its routes ('METHOD /path/{param}'); data-dependent rules live in deciders and queries. */
  access?: Readonly<Record<string, Access>>;
  /**
   * Its command declarations: the streams it writes and how each finds its achievement (ADR 17).
   * The list of processes registers their links for the streams written before events carried one.
   */
  commands?: readonly ProcessCommandDeclaration[];
  /** Schema-evolution steps of its events, applied by the event store on read. */
  upcasters?: readonly Upcaster[];
}

/** What the list of processes reads of a command declaration: its stream ids and its achievement link. */
export type ProcessCommandDeclaration = Pick<
  ProcessCommands<never, { type: string }, unknown, never>,
  'process' | 'streamId' | 'achievement'
>;
