// The list of processes registers their audit folds and upcasters.
import { PROCESS_READ_MODELS } from '@chengguo/processes';
import {
  AchievementLedgerHandler,
  AchievementLedgerQuery,
  achievementStreamId,
  GetAchievementHandler,
  GetAchievementQuery,
} from '@chengguo/achievement-register';
import { achievementTimeline, stateAsOf, verifyStore } from '@chengguo/audit';
import { RequestActor } from '@chengguo/common';
import { DISCLOSURE_SCHEMA_VERSIONS, disclosureCommands, disclosureDecider, disclosureStreamId } from '@chengguo/disclosure';
import { GlobalPosition, handleCommand, PostgresEventStore, START_OF_ALL } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { createReadModelDataSource } from '@chengguo/read-models';
import { Client } from 'pg';
import { AchievementTemplate, achievementTemplates, eventsPerAchievement, fillAchievements } from '../../test/fixtures/achievements';
import { decoded } from './append';
import { rawScanRate, rebuildAll, RebuildResult } from './rebuild';
import { log, now, Row, row, seconds } from './report';
import { appendOps, context, disclosureCommand } from '../../test/fixtures/workload';

/** One measure at one store size: milliseconds per operation (a whole-store pass is one operation). */
export interface GrowthPoint {
  events: number;
  ms: number;
  /** Events per second, for the whole-store passes and the append. */
  rate?: number;
  extrapolated?: boolean;
}

export interface GrowthSeries {
  key: string;
  label: string;
  /** Per achievement: must stay flat as the store grows. */
  perAchievement: boolean;
  /** Reads only (may be extrapolated to 10^7). */
  readOnly: boolean;
  /** One pass over the whole store (read-all, verify, rebuild). */
  wholeStore: boolean;
  points: GrowthPoint[];
}

export interface GrowthResult {
  series: GrowthSeries[];
  stages: number[];
  bytesPerMillionEvents: number;
  eventsPerAchievement: number;
  /** The last stage's rebuild and raw scan (item 3 when the growth section runs). */
  rebuild: RebuildResult;
  raw: { rate: number; events: number };
  url: string;
}

export interface GrowthSizes {
  stages: number[];
  appendCommands: number;
  queries: number;
}

const office: RequestActor = { userId: 'wang.tto', role: 'tto_officer', clearance: 'commercial_secret' };

/**
 * Item 6: one store grown in stages (10^4 → 10^5 → 10^6 events of many achievements, each with its
 * disclosure and register streams), and at every stage: append through the domain layer, read-all,
 * rebuild of every projection, verify, one achievement's timeline (through the achievement index),
 * its ledger row and as-of replay, and the ledger query with filters. The store is reused: each
 * stage adds the events that take it to the next size.
 */
export async function growthBench(url: string, sizes: GrowthSizes): Promise<GrowthResult> {
  const templates = achievementTemplates();
  const perAchievement = eventsPerAchievement(templates);
  const store = new PostgresEventStore({ connectionString: url, poolSize: 4 });
  const series = new Map<string, GrowthSeries>();
  const add = (
    key: string,
    label: string,
    flags: { perAchievement?: boolean; readOnly?: boolean; wholeStore?: boolean },
    point: GrowthPoint,
  ) => {
    const s = series.get(key) ?? {
      key,
      label,
      perAchievement: !!flags.perAchievement,
      readOnly: !!flags.readOnly,
      wholeStore: !!flags.wholeStore,
      points: [],
    };
    s.points.push(point);
    series.set(key, s);
  };
  const ids: string[] = [];
  let rebuild: RebuildResult | null = null;
  let raw = { rate: 0, events: 0 };
  let bytesPerMillionEvents = 0;
  try {
    for (const [index, target] of sizes.stages.entries()) {
      const have = await countEvents(url);
      const achievements = Math.max(0, Math.round((target - have) / perAchievement));
      log(
        `growth: stage ${index + 1}/${sizes.stages.length}, filling ${achievements.toLocaleString('en-US')} achievements to ≈ ${target.toLocaleString('en-US')} events`,
      );
      ids.push(...(await fillAchievements(url, templates, achievements, log)));

      const appended = await appendStage(store, sizes.appendCommands);
      const events = await countEvents(url);
      add('append', 'append (per command, c=1)', {}, { events, ms: 1000 / appended, rate: appended });

      let start = now();
      const read = await readAll(store);
      add(
        'readAll',
        'read all events',
        { readOnly: true, wholeStore: true },
        { events, ms: seconds(start) * 1000, rate: read / seconds(start) },
      );

      rebuild = await rebuildAll(url, events);
      add('rebuild', 'rebuild, every projection', { wholeStore: true }, { events, ms: rebuild.seconds * 1000, rate: rebuild.rate });

      start = now();
      const verified = await verifyStore(store, { pageSize: 5_000 });
      if (!verified.ok) throw new Error(`verify found a break in the grown store: ${JSON.stringify(verified.firstBreak)}`);
      add(
        'verify',
        'verify the whole chain',
        { readOnly: true },
        { events, ms: seconds(start) * 1000, rate: verified.checkedEvents / seconds(start) },
      );

      const sample = pick(ids, sizes.queries, index);
      const dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
      await dataSource.initialize();
      try {
        const ledgerRow = new GetAchievementHandler(dataSource);
        const ledger = new AchievementLedgerHandler(dataSource);
        // The median of the sampled queries: one scheduling hiccup on a shared machine must not make a flat query look steep.
        const timed = async (fn: (id: string) => Promise<unknown>): Promise<number> => {
          await fn(sample[0]); // warm: plans, connections
          const times: number[] = [];
          for (const id of sample) {
            const t = now();
            await fn(id);
            times.push(seconds(t) * 1000);
          }
          return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
        };
        add(
          'timeline',
          'timeline of one achievement',
          { perAchievement: true, readOnly: true },
          {
            events,
            ms: await timed(async (id) => {
              const timeline = await achievementTimeline(store, id);
              if (timeline.events.length === 0) throw new Error(`no timeline for achievement ${id}`);
            }),
          },
        );
        add(
          'ledgerRow',
          'ledger row of one achievement',
          { perAchievement: true, readOnly: true },
          {
            events,
            ms: await timed(async (id) => {
              if (!(await ledgerRow.execute(new GetAchievementQuery(id, office)))) throw new Error(`no ledger row for ${id}`);
            }),
          },
        );
        add(
          'asOf',
          'as-of replay of one achievement',
          { perAchievement: true, readOnly: true },
          {
            events,
            ms: await timed(async (id) => {
              const state = await stateAsOf(store, achievementStreamId(id), { revision: 1 });
              if (state.revision !== 1) throw new Error(`as-of replay of ${id} stopped at revision ${state.revision}`);
            }),
          },
        );
        const filters = [
          { status: 'filed', confidentiality: 'commercial_secret' },
          { status: 'granted', year: 2026 },
          { kind: 'know_how', inventor: 'li.lei' },
          { r5FilingRequired: false, status: 'to_be_abandoned' },
        ];
        let f = 0;
        add(
          'ledgerQuery',
          'ledger query with filters (page of 50)',
          { readOnly: true },
          {
            events,
            ms: await timed(async () => {
              await ledger.execute(new AchievementLedgerQuery(office, filters[f++ % filters.length], 50));
            }),
          },
        );
      } finally {
        await dataSource.destroy();
      }
      const bytes = await databaseBytes(url);
      bytesPerMillionEvents = (bytes / events) * 1e6;
      log(
        `growth: ${events.toLocaleString('en-US')} events: ` +
          [...series.values()].map((s) => `${s.key} ${s.points[s.points.length - 1].ms.toFixed(1)} ms`).join(', ') +
          `; ${(bytes / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    // The last stage's raw scan: item 3's baseline (rebuild measured just above on the same events,
    // which read-all, the rebuild and verify have all just read: no warm pass needed).
    raw = await rawScanRate(url, false);
  } finally {
    await store.close();
  }
  const result: GrowthResult = {
    series: [...series.values()],
    stages: sizes.stages,
    bytesPerMillionEvents,
    eventsPerAchievement: perAchievement,
    rebuild: rebuild!,
    raw,
    url,
  };
  extrapolate(result, 10_000_000);
  return result;
}

/** Read-only paths at `to` events by a power law through the last two stages, marked extrapolated. */
function extrapolate(result: GrowthResult, to: number): void {
  for (const s of result.series) {
    if (!s.readOnly || s.points.length < 2 || s.points[s.points.length - 1].events >= to) continue;
    const [a, b] = s.points.slice(-2);
    const slope = Math.log(b.ms / a.ms) / Math.log(b.events / a.events);
    // Whole-store passes grow at least linearly with the store; a query of one achievement or one
    // page is never taken to get faster than its last measurement.
    const k = s.wholeStore ? Math.max(1, slope) : Math.max(0, slope);
    s.points.push({ events: to, ms: b.ms * (to / b.events) ** k, extrapolated: true });
  }
}

/** Item 6 rows: each measure at the largest measured stage vs the smallest; per-achievement ones must stay flat. */
export function growthRows(result: GrowthResult): Row[] {
  const rows: Row[] = [];
  for (const s of result.series) {
    const measured = s.points.filter((p) => !p.extrapolated);
    const first = measured[0];
    const last = measured[measured.length - 1];
    const beyond = s.points.find((p) => p.extrapolated);
    const growth = last.ms / first.ms;
    const size = (n: number) => `10^${Math.round(Math.log10(n))}`;
    rows.push(
      row({
        item: 6,
        name: `growth: ${s.label}, ${size(first.events)} → ${size(last.events)} events`,
        ours: last.ms,
        unit: 'ms',
        baselineName: `at ${first.events.toLocaleString('en-US')} events`,
        baseline: first.ms,
        ratio: growth,
        goal: s.perAchievement ? 2 : null,
        goalOn: s.perAchievement ? { value: 'ratio', direction: 'at-most' } : undefined,
        status: s.perAchievement ? undefined : 'info',
        note:
          (s.perAchievement ? 'flat = under 2× while the store grows 100×; ' : '') +
          measured
            .map((p) => `${size(p.events)}: ${fmtMs(p.ms)}${p.rate ? ` (${Math.round(p.rate).toLocaleString('en-US')}/s)` : ''}`)
            .join(', ') +
          (beyond ? `; 10^7 extrapolated (not measured): ${fmtMs(beyond.ms)}` : ''),
      }),
    );
  }
  return rows;
}

const fmtMs = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

/** `commands` disclosure commands through handleCommand, c=1, new streams of 10; events/s. */
async function appendStage(store: PostgresEventStore, commands: number): Promise<number> {
  let seq = 0;
  const run = async (n: number) => {
    for (const stream of appendOps(n)) {
      for (const op of stream) {
        const outcome = await handleCommand(
          store,
          disclosureStreamId(op.streamKey),
          disclosureDecider,
          disclosureCommand(op, seq++),
          context(),
          DISCLOSURE_SCHEMA_VERSIONS,
          disclosureCommands.achievement,
        );
        if (isRuleViolation(outcome)) throw new Error(`refused: ${outcome.code}`);
      }
    }
  };
  await run(Math.min(100, commands)); // warm
  const start = now();
  await run(commands);
  return commands / seconds(start);
}

async function readAll(store: PostgresEventStore): Promise<number> {
  let after: GlobalPosition = START_OF_ALL;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    count += decoded(page);
    if (page.length < 1000) return count;
    after = page[page.length - 1].position;
  }
}

async function countEvents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')
      .catch(() => ({ rows: [{ n: '0' }] }));
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** The event store's schema on disk (tables, indexes, TOAST). */
async function databaseBytes(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ b: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'event_store' AND c.relkind = 'r'`,
    );
    return Number(rows[0].b);
  } finally {
    await client.end();
  }
}

/** `count` ids spread over those written so far (a fixed stride, so each stage asks about old and new ones). */
function pick(ids: string[], count: number, salt: number): string[] {
  const stride = Math.max(1, Math.floor(ids.length / count));
  return Array.from({ length: Math.min(count, ids.length) }, (_, i) => ids[(i * stride + salt) % ids.length]);
}

export type { AchievementTemplate };
