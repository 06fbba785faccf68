import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { auditedProcesses, citationsOf, FoldedState, foldStream } from '../catalogue/audit-catalogue';
import { isAuditStream } from '../domain/audit.events';
import { EventVerificationStatus, VerificationReport, verifyStore } from '../integrity/verify';

/** One event as an auditor sees it: what, when, who, under which rules, and whether it is intact. */
export interface AuditedEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  storedSchemaVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: { userId: string; role: string } | null;
  correlationId: string | null;
  causationId: string | null;
  ruleKeys: string[];
  data: unknown;
  hash: string | null;
  prevHash: string | null;
  verification: EventVerificationStatus | 'unverified';
}

export function toAuditedEvent(event: RecordedEvent, statuses?: Record<string, EventVerificationStatus>): AuditedEvent {
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    storedSchemaVersion: event.storedSchemaVersion ?? event.schemaVersion,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    actor: event.metadata.actor ?? null,
    correlationId: event.metadata.correlationId ?? null,
    causationId: event.metadata.causationId ?? null,
    ruleKeys: citationsOf(event.streamId, event.type, event.data),
    data: event.data,
    hash: event.hash ?? null,
    prevHash: event.prevHash ?? null,
    verification: statuses ? (statuses[`${event.streamId}@${event.revision}`] ?? 'unverified') : 'unverified',
  };
}

export interface StreamHistory {
  streamId: string;
  events: AuditedEvent[];
  verification: VerificationReport;
}

export async function streamHistory(store: EventStore, streamId: string): Promise<StreamHistory> {
  const [events, verification] = await Promise.all([
    store.readStream(streamId),
    verifyStore(store, { streamId, perEvent: true, checkpoints: false }),
  ]);
  return { streamId, events: events.map((e) => toAuditedEvent(e, verification.events)), verification };
}

export interface StateAsOf extends FoldedState {
  streamId: string;
  asOf: string | null;
  /** Revision of the last event folded; -1 when the stream did not exist yet. */
  revision: number;
  eventCount: number;
  lastRecordedAt: string | null;
}

/**
 * The stream as it stood at an instant (events recorded at or before it) or at a revision, folded
 * by the same evolve functions the write side uses (catalogue). Instants compare at millisecond
 * precision, as the API and the read models show them.
 */
export async function stateAsOf(store: EventStore, streamId: string, at: { asOf?: string; revision?: number }): Promise<StateAsOf> {
  const all = await store.readStream(streamId);
  const limit = at.asOf !== undefined ? Date.parse(at.asOf) : null;
  const events = all.filter(
    (e) => (at.revision === undefined || e.revision <= at.revision) && (limit === null || Date.parse(e.metadata.recordedAt) <= limit),
  );
  const last = events[events.length - 1];
  return {
    streamId,
    asOf: at.asOf ?? null,
    revision: last ? last.revision : -1,
    eventCount: events.length,
    lastRecordedAt: last ? last.metadata.recordedAt : null,
    ...foldStream(streamId, events),
  };
}

export interface AchievementTimeline {
  achievementId: string;
  streams: string[];
  events: AuditedEvent[];
  verification: VerificationReport[];
}

/**
 * Every stream of one achievement: its process streams named by the achievement id
 * (`disclosure-<id>`, later `contract-<id>` …), and any stream whose events share a correlation id
 * with them, were caused by one of their events, or name the achievement in `disclosureId` /
 * `achievementId`. Found by scanning $all until no new stream joins.
 */
export async function achievementTimeline(store: EventStore, achievementId: string): Promise<AchievementTimeline> {
  const streams = new Set<string>();
  for (const process of auditedProcesses()) {
    const id = `${process.streamPrefix}${achievementId}`;
    if ((await store.readStream(id, { maxCount: 1 })).length > 0) streams.add(id);
  }
  const correlations = new Set<string>();
  const eventIds = new Set<string>();
  const absorb = async (streamId: string): Promise<RecordedEvent[]> => {
    const events = await store.readStream(streamId);
    for (const e of events) {
      if (e.metadata.correlationId) correlations.add(e.metadata.correlationId);
      eventIds.add(e.eventId);
    }
    return events;
  };
  const byStream = new Map<string, RecordedEvent[]>();
  for (const s of streams) byStream.set(s, await absorb(s));

  for (let pass = 0; pass < 5; pass++) {
    const joined = new Set<string>();
    let after;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      for (const e of page) {
        if (streams.has(e.streamId) || joined.has(e.streamId) || isAuditStream(e.streamId)) continue;
        const data = (e.data ?? {}) as { disclosureId?: unknown; achievementId?: unknown };
        if (
          correlations.has(e.metadata.correlationId) ||
          (e.metadata.causationId && eventIds.has(e.metadata.causationId)) ||
          data.disclosureId === achievementId ||
          data.achievementId === achievementId
        ) {
          joined.add(e.streamId);
        }
      }
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    if (joined.size === 0) break;
    for (const s of joined) {
      streams.add(s);
      byStream.set(s, await absorb(s));
    }
  }

  const verification = await Promise.all([...streams].map((streamId) => verifyStore(store, { streamId, perEvent: true, checkpoints: false })));
  const statuses = Object.assign({}, ...verification.map((v) => v.events ?? {})) as Record<string, EventVerificationStatus>;
  const events = [...byStream.values()]
    .flat()
    .sort((a, b) => a.metadata.recordedAt.localeCompare(b.metadata.recordedAt) || a.streamId.localeCompare(b.streamId) || a.revision - b.revision)
    .map((e) => toAuditedEvent(e, statuses));
  return { achievementId, streams: [...streams].sort(), events, verification };
}
