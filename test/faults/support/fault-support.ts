import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { ROOT } from '../../support/processes';

/**
 * Helpers shared by the fault tests: project TypeScript run as a real child process (so it can be
 * SIGKILLed), bounded waiting, and direct reads of the database the way an operator would.
 */

export interface ChildApp {
  process: ChildProcess;
  logFile: string;
  /** Resolves once a line of its output matches (or rejects on exit / time-out). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL, no shutdown hooks: what the OOM killer or a pulled plug does. */
  kill(): Promise<NodeJS.Signals | null>;
}

/** Runs a TypeScript entry point of the project in its own node process (see register-ts.js). */
export function spawnTs(entry: string, env: Record<string, string>, name = 'child'): ChildApp {
  const logDir = mkdtempSync(join(tmpdir(), `chengguo-fault-${name}-`));
  const logFile = join(logDir, 'output.log');
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['-r', join(__dirname, 'register-ts.js'), join(ROOT, entry)], {
    cwd: ROOT,
    // The test process's environment (what global setup configured, e.g. auth) plus the app's own.
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  return {
    process: child,
    logFile,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (pattern.test(readFileSync(logFile, 'utf8'))) return;
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`${name} exited early; see ${logFile}:\n${tail(logFile)}`);
        await sleep(100);
      }
      throw new Error(`${name}: no output matching ${pattern} within ${timeoutMs}ms; see ${logFile}:\n${tail(logFile)}`);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns a value other than undefined; errors count as "not yet". Bounded. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs}ms${lastError ? `: ${String(lastError)}` : ''}`);
    await sleep(100);
  }
}

/** One query on a short-lived connection (never through the code under test). */
export async function sql<R extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new PgClient({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** A subscriber's checkpoint as (transaction id, position), or null before its first event. */
export async function checkpointOf(url: string, subscriber: string): Promise<{ commit: bigint; prepare: bigint } | null> {
  const rows = await sql<{ commit_position: string; prepare_position: string }>(
    url,
    'SELECT commit_position, prepare_position FROM read_models.subscription_checkpoints WHERE subscriber = $1',
    [subscriber],
  );
  return rows.length ? { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) } : null;
}

/** Until a subscriber's checkpoint is the last event of $all (as written now). */
export async function checkpointAtHead(url: string, subscriber: string, timeoutMs: number, what: string): Promise<void> {
  const [last] = await sql<{ commit: string; prepare: string }>(
    url,
    'SELECT transaction_id::text AS commit, global_position::text AS prepare FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  await waitFor(
    async () => {
      const at = await checkpointOf(url, subscriber);
      return at && at.commit === BigInt(last.commit) && at.prepare === BigInt(last.prepare) ? true : undefined;
    },
    timeoutMs,
    what,
  );
}

/** The $all position of an event, in the order subscribers read it. */
export async function positionOf(url: string, eventId: string): Promise<{ commit: bigint; prepare: bigint }> {
  const rows = await sql<{ commit: string; prepare: string }>(
    url,
    'SELECT transaction_id::text AS commit, global_position::text AS prepare FROM event_store.events WHERE event_id = $1',
    [eventId],
  );
  if (!rows.length) throw new Error(`event ${eventId} not found`);
  return { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) };
}

export const isAtOrPast = (
  checkpoint: { commit: bigint; prepare: bigint } | null,
  position: { commit: bigint; prepare: bigint },
): boolean =>
  checkpoint !== null &&
  (checkpoint.commit > position.commit || (checkpoint.commit === position.commit && checkpoint.prepare >= position.prepare));

/** Starts a stopped test cluster again on its data directory and port (see scripts/tools/postgres.sh). */
export function restartPostgres(dataDir: string, port: number): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'start', dataDir, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/**
 * Crashes a test cluster the way a power cut would (`pg_ctl -m immediate`: no checkpoint, backends
 * killed, WAL recovery at the next start). Asynchronous, so requests in flight in this process
 * keep running while it happens.
 */
export async function crashPostgres(dataDir: string): Promise<void> {
  const bin = execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'bindir'], { encoding: 'utf8' }).trim();
  const pgCtl = [join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
  const [file, ...args] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...pgCtl] : pgCtl;
  await new Promise<void>((resolve, reject) => execFile(file, args, (error) => (error ? reject(error) : resolve())));
}
