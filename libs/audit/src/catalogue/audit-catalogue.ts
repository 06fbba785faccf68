import { toDomainEvent } from '@chengguo/kernel';
import { signOffStreamDecider } from '@chengguo/sign-off';

import type { AuditedProcess } from '@chengguo/manifest';

export type { AuditedProcess };

/**
 * Which evolve function folds which stream, so an auditor's as-of replay runs exactly the code the
 * write side runs. Each process manifest names its folds (`audit`); the list of manifests
 * (`@chengguo/processes`) registers them. Sign-off events are folded for every stream, whatever its
 * process, by the sign-off library's own `signOffStreamDecider`.
 */
const processes: AuditedProcess[] = [];

export function registerAuditedProcess(process: AuditedProcess): void {
  const clash = processes.find((p) => p.streamPrefix === process.streamPrefix);
  if (clash && clash !== process) throw new Error(`Stream prefix ${process.streamPrefix} is already registered by ${clash.name}`);
  if (!clash) processes.push(process);
}

export function auditedProcesses(): readonly AuditedProcess[] {
  return processes;
}

/** The longest registered prefix wins (e.g. 'transfer-case-' over 'transfer-'). */
export function processOfStream(streamId: string): AuditedProcess | null {
  return (
    processes.filter((p) => streamId.startsWith(p.streamPrefix)).sort((a, b) => b.streamPrefix.length - a.streamPrefix.length)[0] ?? null
  );
}

export interface FoldedState {
  process: string | null;
  /** The owning process's decider state (null for streams no process registered). */
  state: unknown;
  /** Sign-off rounds in the stream, folded by the sign-off decider. */
  signOffs: unknown;
}

/** The fold before any event: the process's initial state and no sign-off rounds. */
export function initialFoldedState(streamId: string): FoldedState {
  const process = processOfStream(streamId);
  return {
    process: process?.name ?? null,
    state: process ? process.decider.initialState : null,
    signOffs: signOffStreamDecider.initialState,
  };
}

/**
 * Folds events (already upcast) with the registered evolve functions, from the initial state or
 * from `from` (a snapshot of the fold at the revision before the first event).
 */
export function foldStream(
  streamId: string,
  events: Iterable<{ type: string; data: unknown; revision?: number }>,
  from: FoldedState = initialFoldedState(streamId),
): FoldedState {
  const process = processOfStream(streamId);
  let state: unknown = from.state;
  let signOffs = from.signOffs as typeof signOffStreamDecider.initialState;
  for (const recorded of events) {
    const event = toDomainEvent(recorded);
    try {
      if (process) state = process.decider.evolve(state as never, event as never);
      signOffs = signOffStreamDecider.evolve(signOffs, event as never);
    } catch (error) {
      throw new ReplayFoldError(streamId, recorded.revision ?? -1, recorded.type, error instanceof Error ? error.message : String(error));
    }
  }
  return { process: process?.name ?? null, state, signOffs };
}

/** An evolve function threw on a stored event: the history holds a shape the code cannot fold. */
export class ReplayFoldError extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly eventType: string,
    readonly reason: string,
  ) {
    super(`Cannot fold ${eventType} at ${streamId}@${revision}: ${reason}`);
    this.name = 'ReplayFoldError';
  }
}

export function citationsOf(streamId: string, type: string, data: unknown): string[] {
  const keys = new Set<string>(processOfStream(streamId)?.citations?.[type] ?? []);
  const record = (data ?? {}) as { ruleKey?: unknown; ruleKeys?: unknown };
  if (typeof record.ruleKey === 'string') keys.add(record.ruleKey);
  if (Array.isArray(record.ruleKeys)) for (const k of record.ruleKeys) if (typeof k === 'string') keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
