import 'reflect-metadata';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { achievementTemplates, eventsPerAchievement, fillAchievements } from '../../test/fixtures/achievements';
import { appendBench } from './append';
import { fillStore, verifyBench } from './bigstore';
import { GrowthResult, growthBench, growthRows } from './growth';
import { httpBench } from './http';
import { createDatabase, ROOT, startPostgres } from './infra';
import { growthSvg, svgToPng } from './plot';
import { rawScanRate, rebuildAll, rebuildRow } from './rebuild';
import { replayBench } from './replay';
import { readYourWritesBench } from './read-your-writes';
import { log, notMeasured, Row, row, shortfall, table } from './report';
import { temporalBench } from './temporal';

/**
 * Sections, in issue 21's order (1 append, 2 verify, 3 rebuild, 4 read-your-writes, 5 HTTP,
 * 6 growth, 7 where one machine ends), then the extra rows kept from earlier issues.
 */
const SECTIONS = ['append', 'verify', 'rebuild', 'ryw', 'http', 'growth', 'replay', 'temporal'] as const;
type Section = (typeof SECTIONS)[number];

/** Row order: the issue's items, then the extras. */
const ORDER = [1, 2, 3, 4, 5, 6, 7, 'peer', 'subscriber', 'replay', 'Temporal'];

const QUICK = {
  append: { commands: { 1: 1_500, 16: 4_000 }, warmup: 200 },
  httpRequests: 1_500,
  bigEvents: 100_000,
  growth: { stages: [10_000, 100_000], appendCommands: 300, queries: 20 },
  replayEvents: 10_000,
  replayQueries: 20,
  workflows: 200,
  readYourWrites: { 1: 300, 16: 1_600 },
};
const FULL: typeof QUICK = {
  append: { commands: { 1: 10_000, 16: 30_000 }, warmup: 1_000 },
  httpRequests: 10_000,
  bigEvents: 1_000_000,
  growth: { stages: [10_000, 100_000, 1_000_000], appendCommands: 1_000, queries: 50 },
  replayEvents: 10_000,
  replayQueries: 50,
  workflows: 1_000,
  readYourWrites: { 1: 1_000, 16: 4_000 },
};

/** Sections written before issue 21 numbered their rows by earlier issues; here they take the issue's numbers. */
const RENUMBER: Partial<Record<Section, Record<string, number | string>>> = {
  append: { 1: 1, 2: 'peer', 7: 'subscriber' },
  verify: { 5: 2 },
  http: { 3: 5 },
  replay: { 6: 'replay' },
  temporal: { 8: 'Temporal' },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = new Set<Section>(onlyArg ? (onlyArg.slice(7).split(',') as Section[]) : SECTIONS);
  const unknown = [...only].filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const sizes = quick ? QUICK : FULL;
  const started = Date.now();
  const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
  log(`${quick ? 'QUICK' : 'FULL'} mode on ${machine.cpus} cores, ${machine.memoryGiB} GiB; sections: ${[...only].join(', ')}`);
  if (quick) {
    log(
      `quick sizes: ${sizes.bigEvents.toLocaleString('en-US')} events for items 2–3 (issue: 1,000,000), growth to ` +
        `${sizes.growth.stages[sizes.growth.stages.length - 1].toLocaleString('en-US')} events (issue: 10^6), ` +
        `${sizes.workflows} workflows (issue 16: 1,000), ${sizes.append.commands[1]}/${sizes.append.commands[16]} commands at c=1/c=16`,
    );
  }

  const pg = await startPostgres();
  const stop = () => pg.stop();
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const rows: Row[] = [];
  const attempt = async (section: Section, items: Array<[number | string, string]>, run: () => Promise<Row[]>): Promise<void> => {
    if (!only.has(section)) return;
    try {
      const map = RENUMBER[section] ?? {};
      rows.push(...(await run()).map((r) => ({ ...r, item: map[String(r.item)] ?? r.item })));
    } catch (error) {
      log(`${section} failed: ${(error as Error).stack ?? String(error)}`);
      for (const [item, name] of items) rows.push(notMeasured(item, name, `failed: ${(error as Error).message.split('\n')[0]}`));
    }
  };
  let growth: GrowthResult | null = null;
  let plot: string | null = null;
  try {
    await attempt(
      'append',
      [
        [1, 'append'],
        ['peer', 'peer (Emmett)'],
        ['subscriber', 'catch-up subscriber'],
      ],
      async () => appendBench(await createDatabase(pg, 'bench_append'), sizes.append),
    );
    await attempt('http', [[5, 'HTTP submit disclosure']], async () =>
      httpBench(await createDatabase(pg, 'bench_http'), sizes.httpRequests, '127.0.0.1:1'),
    );
    // Read-your-writes (item 4) has no section in this build yet.
    await attempt('ryw', [[4, 'read-your-writes p50/p99']], async () =>
      readYourWritesBench(await createDatabase(pg, 'bench_ryw'), sizes.readYourWrites),
    );

    // Growth (item 6) fills one store in stages; its last stage also gives item 3 (and item 2's store).
    await attempt('growth', [[6, 'growth']], async () => {
      growth = await growthBench(await createDatabase(pg, 'bench_growth'), sizes.growth);
      const dir = join(ROOT, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      const svg = growthSvg(
        growth.series,
        `Growth: one PostgreSQL event store, ${machine.cpus} cores${quick ? ' (quick sizes)' : ''} — ${new Date(started).toISOString().slice(0, 10)}`,
      );
      const png = join(dir, `growth-${stamp}${quick ? '-quick' : ''}.png`);
      writeFileSync(png.replace(/\.png$/, '.svg'), svg);
      if (await svgToPng(svg, png)) {
        // The README embeds bench/results/growth.png: the last full run's plot.
        if (!quick) copyFileSync(png, join(dir, 'growth.png'));
        plot = png.slice(ROOT.length + 1);
        log(`growth plot: ${plot}`);
      } else log('growth plot: no Chromium found, SVG only');
      return growthRows(growth);
    });
    await attempt('rebuild', [[3, 'rebuild, every projection']], async () => {
      if (growth) return [rebuildRow(growth.rebuild, growth.raw)];
      const url = await createDatabase(pg, 'bench_rebuild');
      const templates = achievementTemplates();
      log(`rebuild: filling ${sizes.bigEvents.toLocaleString('en-US')} events of achievements through append_events`);
      await fillAchievements(url, templates, Math.round(sizes.bigEvents / eventsPerAchievement(templates)), log);
      const raw = await rawScanRate(url);
      return [rebuildRow(await rebuildAll(url, raw.events), raw)];
    });
    await attempt('verify', [[2, 'audit verify']], async () => {
      const grown = growth as GrowthResult | null;
      const last = grown ? grown.stages[grown.stages.length - 1] : 0;
      if (grown && last >= sizes.bigEvents) {
        log(`verify: the growth store (${grown.raw.events.toLocaleString('en-US')} events)`);
        return [await verifyBench(grown.url, grown.raw.events)];
      }
      const url = await createDatabase(pg, 'bench_big');
      log(`verify: filling ${sizes.bigEvents.toLocaleString('en-US')} events through append_events`);
      await fillStore(url, sizes.bigEvents);
      return [await verifyBench(url, sizes.bigEvents)];
    });
    await attempt('replay', [['replay', 'as-of replay']], async () => [
      await replayBench(await createDatabase(pg, 'bench_replay'), sizes.replayEvents, sizes.replayQueries),
    ]);
    await attempt('temporal', [['Temporal', 'Temporal publicity workflows']], async () =>
      temporalBench(await createDatabase(pg, 'bench_temporal'), sizes.workflows),
    );
  } finally {
    stop();
  }

  rows.push(ceilingRow(rows, growth));
  rows.sort((a, b) => rank(a.item) - rank(b.item));
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  const output = table(rows);
  process.stdout.write(`\n${output}\n\n`);
  const furthest = rows.filter((r) => r.status === 'missed' && shortfall(r) !== null).sort((a, b) => shortfall(b)! - shortfall(a)!)[0];
  if (furthest) {
    log(
      `furthest from its goal: item ${furthest.item} "${furthest.name}", ${shortfall(furthest)!.toFixed(2)}× off its goal ` +
        `(${furthest.goalOn?.value === 'ours' ? `${furthest.ours!.toFixed(1)} ${furthest.unit}` : `${furthest.ratio!.toFixed(2)}×`})`,
    );
  } else log('every item with a goal met it (or was not measured)');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stamp}${quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        command: `npm run bench --${args.length ? ` ${args.join(' ')}` : ''}`,
        mode: quick ? 'quick' : 'full',
        startedAt: new Date(started).toISOString(),
        durationSeconds,
        machine,
        sizes,
        rows,
        furthest: furthest ? { item: furthest.item, name: furthest.name, shortfall: shortfall(furthest) } : null,
        growth: growth
          ? {
              series: (growth as GrowthResult).series,
              eventsPerAchievement: (growth as GrowthResult).eventsPerAchievement,
              bytesPerMillionEvents: (growth as GrowthResult).bytesPerMillionEvents,
              plot,
            }
          : null,
        table: output,
      },
      null,
      2,
    )}\n`,
  );
  log(`finished in ${durationSeconds} s; results in ${file.slice(ROOT.length + 1)}`);
}

function rank(item: number | string): number {
  const i = ORDER.indexOf(item);
  return i === -1 ? ORDER.length : i;
}

/**
 * Item 7: the ceiling of one PostgreSQL event store on this machine, from this run's figures; the
 * plan past it is the README's "Where one machine ends".
 */
function ceilingRow(rows: Row[], growth: GrowthResult | null): Row {
  const rate = (item: number | string, match: string) =>
    rows.find((r) => r.item === item && r.name.includes(match) && r.ours !== null)?.ours;
  const parts: string[] = [];
  const append16 = rate(1, 'c=16');
  if (append16) parts.push(`append ${Math.round(append16).toLocaleString('en-US')} events/s (c=16)`);
  const verify = rate(2, 'verify');
  if (verify) parts.push(`verify ${Math.round(verify).toLocaleString('en-US')} events/s`);
  const rebuild = rate(3, 'rebuild');
  if (rebuild) parts.push(`rebuild ${Math.round(rebuild).toLocaleString('en-US')} events/s`);
  if (growth) parts.push(`${((growth as GrowthResult).bytesPerMillionEvents / 2 ** 30).toFixed(2)} GiB of event store per 10^6 events`);
  return row({
    item: 7,
    name: 'where one machine ends: the measured ceiling',
    ours: null,
    unit: '',
    baselineName: 'README "Where one machine ends"',
    baseline: null,
    goal: null,
    status: parts.length > 0 ? 'info' : 'not measured',
    note: parts.length > 0 ? parts.join('; ') : 'needs the append, verify, rebuild or growth section',
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
