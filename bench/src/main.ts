import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { appendBench } from './append';
import { fillStore, rebuildBench, verifyBench } from './bigstore';
import { httpBench } from './http';
import { createDatabase, ROOT, startPostgres } from './infra';
import { replayBench } from './replay';
import { readYourWritesBench } from './read-your-writes';
import { log, notMeasured, Row, table } from './report';
import { temporalBench } from './temporal';

const SECTIONS = ['append', 'http', 'rebuild', 'replay', 'temporal', 'read-your-writes'] as const;
type Section = (typeof SECTIONS)[number];

const QUICK = {
  append: { commands: { 1: 1_500, 16: 4_000 }, warmup: 200 },
  httpRequests: 1_500,
  bigEvents: 100_000,
  rebuildCapSeconds: 30 as number | null,
  replayEvents: 10_000,
  replayQueries: 20,
  workflows: 200,
  readYourWrites: { 1: 300, 16: 1_600 },
};
const FULL: typeof QUICK = {
  append: { commands: { 1: 10_000, 16: 30_000 }, warmup: 1_000 },
  httpRequests: 10_000,
  bigEvents: 1_000_000,
  rebuildCapSeconds: null,
  replayEvents: 10_000,
  replayQueries: 50,
  workflows: 1_000,
  readYourWrites: { 1: 1_000, 16: 4_000 },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = new Set<Section>(onlyArg ? (onlyArg.slice(7).split(',') as Section[]) : SECTIONS);
  const sizes = quick ? QUICK : FULL;
  const started = Date.now();
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
      `quick sizes: ${sizes.bigEvents.toLocaleString('en-US')} events for items 4–5 (issue: 1,000,000), rebuild capped at ${sizes.rebuildCapSeconds} s, ` +
        `${sizes.workflows} workflows for item 8 (issue: 1,000), ${sizes.append.commands[1]}/${sizes.append.commands[16]} commands at c=1/c=16`,
    );
  }

  const pg = await startPostgres();
  const stop = () => pg.stop();
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const rows: Row[] = [];
  const attempt = async (section: Section, items: Array<[number, string]>, run: () => Promise<Row[]>): Promise<void> => {
    if (!only.has(section)) return;
    try {
      rows.push(...(await run()));
    } catch (error) {
      log(`${section} failed: ${(error as Error).stack ?? String(error)}`);
      for (const [item, name] of items) rows.push(notMeasured(item, name, `failed: ${(error as Error).message.split('\n')[0]}`));
    }
  };
  try {
    await attempt(
      'append',
      [
        [1, 'append'],
        [2, 'peer'],
        [7, 'subscriber'],
      ],
      async () => appendBench(await createDatabase(pg, 'bench_append'), sizes.append),
    );
    await attempt('http', [[3, 'HTTP submit disclosure']], async () =>
      httpBench(await createDatabase(pg, 'bench_http'), sizes.httpRequests, '127.0.0.1:1'),
    );
    await attempt(
      'rebuild',
      [
        [4, 'projection rebuild'],
        [5, 'audit verify'],
      ],
      async () => {
        const url = await createDatabase(pg, 'bench_big');
        log(`rebuild/verify: filling ${sizes.bigEvents.toLocaleString('en-US')} events through append_events`);
        await fillStore(url, sizes.bigEvents);
        const rebuild = await rebuildBench(url, sizes.bigEvents, sizes.rebuildCapSeconds);
        log('verify: walking the hash chain');
        const verify = await verifyBench(url, sizes.bigEvents);
        return [rebuild, verify];
      },
    );
    await attempt('replay', [[6, 'as-of replay']], async () => [
      await replayBench(await createDatabase(pg, 'bench_replay'), sizes.replayEvents, sizes.replayQueries),
    ]);
    await attempt('temporal', [[8, 'Temporal publicity workflows']], async () =>
      temporalBench(await createDatabase(pg, 'bench_temporal'), sizes.workflows),
    );
    await attempt('read-your-writes', [[21.4, 'read-your-writes']], async () =>
      readYourWritesBench(await createDatabase(pg, 'bench_ryw'), sizes.readYourWrites),
    );
  } finally {
    stop();
  }

  rows.sort((a, b) => a.item - b.item);
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  const output = table(rows);
  process.stdout.write(`\n${output}\n\n`);
  const misses = rows.filter((r) => r.status === 'missed' && r.ratio !== null && r.goal !== null);
  const furthest = misses.sort((a, b) => a.ratio! / a.goal! - b.ratio! / b.goal!)[0];
  if (furthest)
    log(`furthest from its goal: item ${furthest.item} "${furthest.name}" at ${furthest.ratio!.toFixed(2)}× of a ≥ ${furthest.goal}× goal`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stamp}${quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ command: `npm run bench --${args.length ? ` ${args.join(' ')}` : ''}`, mode: quick ? 'quick' : 'full', startedAt: new Date(started).toISOString(), durationSeconds, machine, sizes, rows, table: output }, null, 2)}\n`,
  );
  log(`finished in ${durationSeconds} s; results in ${file.slice(ROOT.length + 1)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
