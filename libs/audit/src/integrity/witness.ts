import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { ANCHOR_STREAM, AuditCheckpointAnchored, AuditCheckpointRecorded, CHECKPOINT_STREAM } from '../domain/audit.events';
import { ChainBreak, verifyStore } from './verify';

/**
 * The auditor's witness file: one JSON line per checkpoint, appended by `chengguo-audit witness`
 * and kept where the database's administrators cannot write (the auditor's own machine, a
 * printout, a mailbox). Each line holds the checkpoint's Merkle root and its event's chain hash,
 * which commits to every earlier checkpoint; a store rewritten afterwards — checkpoints included,
 * however consistently — no longer matches the lines, and `witness --check` says where.
 */
export interface WitnessEntry {
  sequence: number;
  checkpointEventId: string;
  checkpointHash: string;
  merkleRoot: string;
  eventCount: number;
  throughPosition: AuditCheckpointRecorded['throughPosition'];
  recordedAt: string;
  witnessedAt: string;
  /** The RFC 3161 token over the checkpoint, when it had one at witnessing time. */
  timestamp?: { tsaUrl: string; genTime: string; token: string };
}

export interface WitnessProblem {
  kind: 'checkpoint_missing' | 'checkpoint_rewritten' | 'witness_file_invalid' | 'store_broken';
  sequence: number | null;
  detail: string;
  break?: ChainBreak;
}

type Checkpoint = RecordedEvent<Omit<AuditCheckpointRecorded, 'type'>>;

/** Parses the file's text; a line that is not a witness entry is a problem, not a crash. */
export function parseWitness(text: string): { entries: WitnessEntry[]; problems: WitnessProblem[] } {
  const entries: WitnessEntry[] = [];
  const problems: WitnessProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const entry = JSON.parse(line) as WitnessEntry;
      if (!Number.isInteger(entry.sequence) || typeof entry.checkpointHash !== 'string' || typeof entry.merkleRoot !== 'string') {
        throw new Error('not a witness entry');
      }
      if (entries.length > 0 && entry.sequence <= entries[entries.length - 1].sequence) throw new Error('sequence out of order');
      entries.push(entry);
    } catch (error) {
      problems.push({ kind: 'witness_file_invalid', sequence: null, detail: `line ${i + 1}: ${(error as Error).message}` });
    }
  });
  return { entries, problems };
}

/** Holds the store to the witnessed checkpoints, then verifies the store itself (chains, roots, spans, anchors). */
export async function checkWitness(store: EventStore, entries: WitnessEntry[]): Promise<WitnessProblem[]> {
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM)) as Checkpoint[];
  const bySequence = new Map(checkpoints.map((c) => [c.data.sequence, c]));
  const problems: WitnessProblem[] = [];
  for (const entry of entries) {
    const checkpoint = bySequence.get(entry.sequence);
    if (!checkpoint) {
      problems.push({
        kind: 'checkpoint_missing',
        sequence: entry.sequence,
        detail: `checkpoint ${entry.sequence} is no longer in the store`,
      });
      continue;
    }
    const differences = [
      checkpoint.eventId !== entry.checkpointEventId && `event id ${checkpoint.eventId}, witnessed ${entry.checkpointEventId}`,
      checkpoint.hash !== entry.checkpointHash && `hash ${checkpoint.hash ?? '(none)'}, witnessed ${entry.checkpointHash}`,
      checkpoint.data.merkleRoot !== entry.merkleRoot && `Merkle root ${checkpoint.data.merkleRoot}, witnessed ${entry.merkleRoot}`,
      checkpoint.data.eventCount !== entry.eventCount && `${checkpoint.data.eventCount} events, witnessed ${entry.eventCount}`,
    ].filter((d): d is string => typeof d === 'string');
    if (differences.length > 0) {
      problems.push({
        kind: 'checkpoint_rewritten',
        sequence: entry.sequence,
        detail: `checkpoint ${entry.sequence}: ${differences.join('; ')}`,
      });
    }
  }
  const report = await verifyStore(store);
  for (const b of report.breaks) {
    problems.push({ kind: 'store_broken', sequence: null, detail: `${b.kind} at ${b.streamId} revision ${b.revision}`, break: b });
  }
  return problems;
}

/** Entries for the checkpoints after `afterSequence`, with their tokens when anchored. */
export async function newWitnessEntries(store: EventStore, afterSequence: number, now = new Date()): Promise<WitnessEntry[]> {
  const checkpoints = (await store.readStream(CHECKPOINT_STREAM, { fromRevision: Math.max(0, afterSequence - 1) })) as Checkpoint[];
  const fresh = checkpoints.filter((c) => c.data.sequence > afterSequence);
  if (fresh.length === 0) return [];
  const anchors = (await store.readStream(ANCHOR_STREAM)) as Array<RecordedEvent<Omit<AuditCheckpointAnchored, 'type'>>>;
  return fresh.map((c) => {
    const anchor = anchors.find((a) => a.data.checkpointEventId === c.eventId && a.data.digest === c.hash);
    return {
      sequence: c.data.sequence,
      checkpointEventId: c.eventId,
      checkpointHash: c.hash ?? '',
      merkleRoot: c.data.merkleRoot,
      eventCount: c.data.eventCount,
      throughPosition: c.data.throughPosition,
      recordedAt: c.metadata.recordedAt,
      witnessedAt: now.toISOString(),
      ...(anchor ? { timestamp: { tsaUrl: anchor.data.tsaUrl, genTime: anchor.data.genTime, token: anchor.data.token } } : {}),
    };
  });
}
