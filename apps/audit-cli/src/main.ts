#!/usr/bin/env node
/**
 * chengguo-audit: the auditors' command line (bin in package.json; `npm run build` first).
 *   chengguo-audit verify [--stream ID] [--page-size N] [--read-models] [--tsa-ca FILE]   exit 0 intact, 2 broken
 *   chengguo-audit replay --stream ID (--as-of ISO | --revision N)
 *   chengguo-audit export (--stream ID | --achievement ID) --format jsonl|csv [--out FILE]
 *   chengguo-audit checkpoint [--tsa-url URL]                     record a global checkpoint now (and anchor it)
 *   chengguo-audit snapshot --stream ID [--every N]               take the stream's replay snapshots
 *   chengguo-audit witness --file FILE [--check] [--tsa-ca FILE]  the auditor's witness file (JSON lines)
 * Connection: --database-url or DATABASE_URL (PostgreSQL), or EVENT_STORE=eventstoredb with
 * EVENTSTORE_CONNECTION_STRING. The auditor is --auditor or CHENGGUO_AUDITOR_ID; every read is
 * recorded like an HTTP read (channel "cli"). Replay snapshots (`audit.replay_snapshots`) are read
 * and written in the read-model database: --database-url or DATABASE_URL (also with EventStoreDB);
 * `replay` folds without them when that table is missing.
 */
import {
  AuditReadAction,
  WitnessProblem,
  anchorPendingCheckpoints,
  checkWitness,
  latestAnchor,
  newWitnessEntries,
  parseWitness,
  verifyReadModels,
  verifySnapshots,
  AuditorReadRecorded,
  DEFAULT_SNAPSHOT_EVERY,
  ExportHeader,
  PostgresReplaySnapshots,
  achievementTimeline,
  recordAuditorRead,
  recordCheckpoint,
  stateAsOf,
  streamHistory,
  summarize,
  takeSnapshots,
  toCsv,
  toJsonLines,
  verifyStore,
} from '@chengguo/audit';
import { EventStore, EventStoreDbEventStore, PostgresEventStore, newId } from '@chengguo/eventstore';
// Loading the list of processes registers their folds and upcasters, which replay and export read.
import { PROCESS_PROJECTIONS, PROCESS_READ_MODELS } from '@chengguo/processes';
import { Pool } from 'pg';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ProgressBar, ProgressOutput } from './progress';
import { checkTokenSignatures } from './token-signatures';

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: ProgressOutput;
  env: Record<string, string | undefined>;
}

const USAGE = `usage: chengguo-audit <verify|replay|export|checkpoint|snapshot|witness> [options]
  verify     [--stream ID] [--page-size N] [--read-models] [--tsa-ca FILE]
  replay     --stream ID (--as-of ISO | --revision N)
  export     (--stream ID | --achievement ID) --format jsonl|csv [--out FILE]
  checkpoint [--tsa-url URL]
  snapshot   --stream ID [--every N]
  witness    --file FILE [--check] [--tsa-ca FILE]
options: --database-url URL  --auditor ID`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  let options: Record<string, string>;
  try {
    options = parseOptions(rest);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 64;
  }
  if (!command || command === 'help' || command === '--help') {
    io.stdout.write(`${USAGE}\n`);
    return command ? 0 : 64;
  }
  const store = openStore(options, io.env);
  if (!store) {
    io.stderr.write(
      'No event store: pass --database-url or set DATABASE_URL (or EVENT_STORE=eventstoredb with EVENTSTORE_CONNECTION_STRING).\n',
    );
    return 64;
  }
  const snapshotUrl = options['database-url'] ?? io.env.DATABASE_URL;
  const snapshotPool = snapshotUrl ? new Pool({ connectionString: snapshotUrl, max: 1 }) : null;
  snapshotPool?.on('error', () => undefined); // an idle connection lost: the next query reconnects
  const snapshots = snapshotPool ? PostgresReplaySnapshots.fromPool(snapshotPool) : null;
  const auditor = options.auditor ?? io.env.CHENGGUO_AUDITOR_ID ?? safeUser();
  const record = (action: AuditReadAction, target: AuditorReadRecorded['target'], query: Record<string, string>) =>
    recordAuditorRead(
      store,
      { auditorId: auditor, role: 'auditor', auditLead: false, action, target, query, channel: 'cli' },
      { correlationId: newId() },
    );
  try {
    switch (command) {
      case 'verify': {
        const streamId = options.stream;
        await record('verify', streamId ? { streamId } : { scope: 'store' }, {});
        const bar = new ProgressBar(io.stderr, 'verify');
        let last: [number, number] = [0, 0];
        const report = await verifyStore(store, {
          streamId,
          pageSize: options['page-size'] ? Number(options['page-size']) : undefined,
          onProgress: (done, total) => {
            last = [done, total];
            bar.update(done, total);
          },
        });
        bar.finish(last[0], last[1]);
        // Whole store: also every replay snapshot against a fold of its stream (when the table is there).
        if (!streamId && snapshots && (await hasSnapshotTable(snapshotPool!))) {
          const checked = await verifySnapshots(store, snapshots);
          report.breaks.push(...checked.breaks);
          report.ok = report.breaks.length === 0;
          report.firstBreak ??= report.breaks[0] ?? null;
          Object.assign(report, { checkedSnapshots: checked.checked });
        }
        // Token signatures against the CA the auditor trusts for the time-stamping authority.
        if (!streamId && options['tsa-ca']) {
          const signatures = await checkTokenSignatures(store, options['tsa-ca']);
          report.breaks.push(...signatures.breaks);
          report.ok = report.breaks.length === 0;
          report.firstBreak ??= report.breaks[0] ?? null;
          Object.assign(report, { checkedTokenSignatures: signatures.checked });
        }
        let readModels: Awaited<ReturnType<typeof verifyReadModels>> | undefined;
        if (options['read-models']) {
          if (!snapshotUrl) throw new UsageError('--read-models needs the read-model database: --database-url or DATABASE_URL');
          readModels = await verifyReadModels(store, snapshotUrl, {
            projections: PROCESS_PROJECTIONS,
            readModels: PROCESS_READ_MODELS,
          });
        }
        io.stdout.write(`${JSON.stringify(readModels ? { ...report, readModels } : report, null, 2)}\n`);
        if (report.firstBreak) {
          const b = report.firstBreak;
          io.stderr.write(`BROKEN: ${b.kind} at ${b.streamId} revision ${b.revision}: expected ${b.expected}, found ${b.found}\n`);
        } else {
          io.stderr.write(
            `intact: ${report.checkedEvents} events in ${report.checkedStreams} streams, ${report.checkedCheckpoints} checkpoints\n`,
          );
        }
        const tail = report.unanchoredTail;
        if (tail && tail.events > 0) {
          io.stderr.write(
            `unanchored tail: ${tail.events} events since checkpoint ${tail.afterCheckpoint ?? '(none)'}, oldest ${tail.ageSeconds}s old\n`,
          );
        }
        if (report.anchoring && report.anchoring.unanchoredCount > 0) {
          io.stderr.write(`unanchored checkpoints (no timestamp token): ${report.anchoring.unanchoredCount}\n`);
        }
        for (const d of readModels?.differences ?? []) {
          io.stderr.write(`READ MODEL DIFFERS: ${d.table} ${JSON.stringify(d.key)}\n`);
        }
        if (readModels && !readModels.ok) {
          io.stderr.write('the events are the record: an operator repairs the read models with `npm run rebuild-read-models`\n');
        }
        return report.ok && (readModels?.ok ?? true) ? 0 : 2;
      }
      case 'witness': {
        const file = required(options, 'file');
        const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
        if (options.check && !text) throw new UsageError(`witness --check: ${file} does not exist or is empty`);
        const parsed = parseWitness(text);
        await record('verify', { scope: 'store' }, { witness: options.check ? 'check' : 'append' });
        const problems: WitnessProblem[] = [...parsed.problems, ...(await checkWitness(store, parsed.entries))];
        if (options['tsa-ca']) {
          for (const b of (await checkTokenSignatures(store, options['tsa-ca'])).breaks) {
            problems.push({ kind: 'store_broken', sequence: b.revision + 1, detail: `${b.kind}: ${b.found}`, break: b });
          }
        }
        for (const p of problems)
          io.stderr.write(`WITNESS: ${p.kind}${p.sequence !== null ? ` (checkpoint ${p.sequence})` : ''}: ${p.detail}\n`);
        const lastSequence = parsed.entries[parsed.entries.length - 1]?.sequence ?? 0;
        let appended = 0;
        // A file that no longer matches is evidence: never add to it until someone has looked.
        if (!options.check && problems.length === 0) {
          const fresh = await newWitnessEntries(store, lastSequence);
          if (fresh.length > 0) appendFileSync(file, fresh.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
          appended = fresh.length;
        }
        io.stdout.write(
          `${JSON.stringify({ ok: problems.length === 0, witnessed: parsed.entries.length, appended, problems }, null, 2)}\n`,
        );
        io.stderr.write(
          problems.length === 0
            ? `witness: ${parsed.entries.length} checkpoints match the store${options.check ? '' : `; ${appended} appended to ${file}`}\n`
            : `witness: ${problems.length} problems; ${file} left as it was\n`,
        );
        return problems.length === 0 ? 0 : 2;
      }
      case 'replay': {
        const streamId = required(options, 'stream');
        if (options['as-of'] === undefined && options.revision === undefined)
          throw new UsageError('replay needs --as-of ISO or --revision N');
        if (options['as-of'] !== undefined && Number.isNaN(Date.parse(options['as-of'])))
          throw new UsageError('--as-of must be an ISO instant');
        if (options.revision !== undefined && !/^\d+$/.test(options.revision))
          throw new UsageError('--revision must be a non-negative integer');
        const at = {
          ...(options['as-of'] !== undefined ? { asOf: new Date(options['as-of']).toISOString() } : {}),
          ...(options.revision !== undefined ? { revision: Number(options.revision) } : {}),
        };
        await record('state', { streamId }, Object.fromEntries(Object.entries(at).map(([k, v]) => [k, String(v)])));
        io.stdout.write(`${JSON.stringify(await stateAsOf(store, streamId, at, { snapshots }), null, 2)}\n`);
        return 0;
      }
      case 'snapshot': {
        const streamId = required(options, 'stream');
        if (options.every !== undefined && !/^[1-9]\d*$/.test(options.every)) throw new UsageError('--every must be a positive integer');
        if (!snapshots) throw new UsageError('snapshot needs the read-model database: --database-url or DATABASE_URL');
        const every = options.every !== undefined ? Number(options.every) : DEFAULT_SNAPSHOT_EVERY;
        const head = await takeSnapshots(store, streamId, snapshots, every);
        io.stderr.write(
          `snapshots of ${streamId} every ${every} revisions up to revision ${head.revision} (started from ${head.snapshotRevision ?? 'revision 0'})\n`,
        );
        return 0;
      }
      case 'export': {
        const format = required(options, 'format');
        if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
        const streamId = options.stream;
        const achievementId = options.achievement;
        if (!streamId === !achievementId) throw new UsageError('export needs exactly one of --stream or --achievement');
        await record('export', streamId ? { streamId } : { achievementId }, { format });
        const exportedAt = new Date().toISOString();
        let header: ExportHeader;
        let events;
        if (streamId) {
          const history = await streamHistory(store, streamId);
          header = {
            kind: 'chengguo-audit-export',
            subject: { streamId },
            exportedAt,
            exportedBy: auditor,
            verification: summarize([history.verification]),
            anchor: await latestAnchor(store),
          };
          events = history.events;
        } else {
          const timeline = await achievementTimeline(store, achievementId!);
          header = {
            kind: 'chengguo-audit-export',
            subject: { achievementId: achievementId! },
            exportedAt,
            exportedBy: auditor,
            verification: summarize(timeline.verification),
            anchor: await latestAnchor(store),
          };
          events = timeline.events;
        }
        const text = format === 'jsonl' ? toJsonLines(header, events) : toCsv(header, events);
        if (options.out) writeFileSync(options.out, text, 'utf8');
        else io.stdout.write(text);
        io.stderr.write(`exported ${events.length} events; verification ${header.verification.ok ? 'intact' : 'BROKEN'}\n`);
        return header.verification.ok ? 0 : 2;
      }
      case 'checkpoint': {
        const checkpoint = await recordCheckpoint(store);
        // Anchored right away when an authority is named (--tsa-url or AUDIT_TSA_URL), as the worker would.
        const tsaUrl = options['tsa-url'] ?? io.env.AUDIT_TSA_URL;
        const anchors = tsaUrl ? await anchorPendingCheckpoints(store, tsaUrl) : [];
        io.stdout.write(`${JSON.stringify({ checkpoint, anchored: anchors.map((a) => a.sequence) }, null, 2)}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${USAGE}\n`);
      return 64;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close().catch(() => undefined);
    await snapshotPool?.end().catch(() => undefined);
  }
}

class UsageError extends Error {}

/** Options that take no value. */
const FLAGS = new Set(['read-models', 'check']);

function parseOptions(args: string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new UsageError(`unexpected argument ${args[i]}`);
    if (FLAGS.has(match[1]) && match[2] === undefined) {
      options[match[1]] = 'true';
      continue;
    }
    const value = match[2] ?? args[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    options[match[1]] = value;
  }
  return options;
}

function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function openStore(options: Record<string, string>, env: Record<string, string | undefined>): EventStore | null {
  if (!options['database-url'] && env.EVENT_STORE === 'eventstoredb' && env.EVENTSTORE_CONNECTION_STRING) {
    return new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_CONNECTION_STRING });
  }
  const url = options['database-url'] ?? env.DATABASE_URL;
  return url ? new PostgresEventStore({ connectionString: url, poolSize: 2 }) : null;
}

async function hasSnapshotTable(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query("SELECT to_regclass('audit.replay_snapshots') IS NOT NULL AS present");
  return rows[0]?.present === true;
}

function safeUser(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
