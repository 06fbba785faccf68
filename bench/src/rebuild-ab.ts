import 'reflect-metadata';
import { PROCESS_PROJECTION_SOURCE, PROCESS_READ_MODELS } from '@chengguo/processes';
import { PostgresEventStore } from '@chengguo/eventstore';
import { createReadModelDataSource, migrateReadModels, Projection, Projector, ProjectorOptions } from '@chengguo/read-models';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { achievementTemplates, eventsPerAchievement, fillAchievements } from '../../test/fixtures/achievements';
import { clusterCpu, createDatabase, postmasterOf, startPostgres } from './infra';
import { ALL_PROJECTIONS, rawScanRate } from './rebuild';
import { log, now, seconds } from './report';

/**
 * A/B of the rebuild on one store (not part of `npm run bench`): alternately rebuilds in place (the
 * projections without their `tables`) and into fresh tables, reporting wall time, this process's
 * CPU and PostgreSQL's (every process of the cluster, from /proc) per event, and the phases.
 *   node bench/dist/bench/src/rebuild-ab.js [events=100000] [rounds=2] ['in place' | 'fresh tables' | 'two threads', comma-separated]
 */
async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 2);
  const only = process.argv[4]; // 'in place' or 'fresh tables': that variant only (e.g. under --cpu-prof)
  const pg = await startPostgres();
  try {
    const url = await createDatabase(pg, 'bench_rebuild_ab');
    const templates = achievementTemplates();
    await fillAchievements(url, templates, Math.round(events / eventsPerAchievement(templates)), log);
    await rawScanRate(url, false); // warm
    const rawNode = process.cpuUsage();
    const raw = await rawScanRate(url, false);
    const rawCpu = process.cpuUsage(rawNode);
    log(
      `raw scan: ${Math.round(raw.rate)} events/s over ${raw.events}; node CPU ${((rawCpu.user + rawCpu.system) / raw.events).toFixed(1)} µs per event`,
    );
    const store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 50 });
    const dataSource = createReadModelDataSource(url, PROCESS_READ_MODELS);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    const postmaster = await postmasterOf(url);
    const inPlace: Projection[] = ALL_PROJECTIONS.map((p) => ({ ...p, tables: undefined }));
    // Two threads whatever the size (the product starts one only from 150,000 events in its group).
    const threaded: ProjectorOptions = { rebuildThread: { source: PROCESS_PROJECTION_SOURCE, eventStoreUrl: url, minEvents: 0 } };
    const variants: Array<[string, readonly Projection[], ProjectorOptions]> = [
      ['in place', inPlace, {}],
      ['fresh tables', ALL_PROJECTIONS, {}],
      ['two threads', ALL_PROJECTIONS, threaded],
    ];
    for (let round = 0; round < rounds; round++) {
      for (const [name, projections, options] of variants.filter(([n]) => !only || only.split(',').includes(n))) {
        const projector = new Projector(store, dataSource, projections, options);
        const pgBefore = clusterCpu(postmaster);
        const nodeBefore = process.cpuUsage();
        const profile = process.env.AB_PROFILE ? new Session() : null;
        if (profile) {
          profile.connect();
          await post(profile, 'Profiler.enable');
          await post(profile, 'Profiler.start');
        }
        const start = now();
        await projector.rebuild();
        const elapsed = seconds(start);
        if (profile) {
          const { profile: data } = (await post(profile, 'Profiler.stop')) as { profile: unknown };
          writeFileSync(process.env.AB_PROFILE!, JSON.stringify(data));
          profile.disconnect();
        }
        const node = process.cpuUsage(nodeBefore);
        const pgCpu = clusterCpu(postmaster) - pgBefore;
        await projector.stop();
        const t = projector.lastRebuild!;
        const top = Object.entries(t.applyMs)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([p, ms]) => `${p} ${Math.round(ms)}`)
          .join(', ');
        log(
          `${name}: ${Math.round(raw.events / elapsed)} events/s (${(elapsed / (raw.events / (raw.rate * 1))).toFixed(2)}× scan time); ` +
            `CPU per event: node ${((node.user + node.system) / raw.events).toFixed(1)} µs, postgres ${((pgCpu * 1e6) / raw.events).toFixed(1)} µs; ` +
            `${t.threaded.length > 0 ? `thread: ${t.threaded.join(' ')}; ` : ''}ms: fill ${Math.round(t.fillMs)} (read wait ${Math.round(t.readWaitMs)}, write wait ${Math.round(t.writeWaitMs)}, turns ${Math.round(t.turnsMs)}; ${top}), finish ${Math.round(t.finishMs)}, swap ${Math.round(t.swapMs)}`,
        );
      }
    }
    await dataSource.destroy();
    await store.close();
  } finally {
    await pg.stop();
  }
}

function post(session: Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
