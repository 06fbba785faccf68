import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** The repository root (bench/dist/bench/src → four levels up). */
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function tool(script: string): string {
  return execFileSync('bash', [join(ROOT, 'scripts', 'tools', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export interface BenchPostgres {
  dataDir: string;
  port: number;
  url: (database?: string) => string;
  stop(): void;
}

/** A dedicated throwaway PostgreSQL (scripts/tools/postgres.sh), stopped and deleted at the end. */
export async function startPostgres(): Promise<BenchPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-bench-pg-'));
  const port = await freePort();
  execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'start', dataDir, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let stopped = false;
  return {
    dataDir,
    port,
    // As `npm start` connects: through the cluster's Unix socket where its path allows (ADR 28).
    url: (database = 'chengguo') =>
      execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'url', dataDir, String(port), database], {
        encoding: 'utf8',
      }).trim(),
    stop() {
      if (stopped) return;
      stopped = true;
      execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'stop', dataDir], { stdio: 'inherit' });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createDatabase(pg: BenchPostgres, name: string): Promise<string> {
  const client = new Client({ connectionString: pg.url() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return pg.url(name);
}

export interface TemporalDevServer {
  process: ChildProcess;
  address: string;
}

/** The Temporal CLI dev server (scripts/tools/temporal-cli.sh); SQLite in memory, or in `dbFile`. */
export async function startTemporalDevServer(dbFile?: string): Promise<TemporalDevServer> {
  const cli = process.env.TEMPORAL_CLI_PATH || tool('temporal-cli.sh');
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'chengguo-bench-temporal-'));
  const log = openSync(join(logDir, 'server.log'), 'a');
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(await freePort()),
    '--headless',
    '--log-level',
    'error',
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
    '--search-attribute',
    'ChengguoAchievementId=Keyword',
    '--search-attribute',
    'ChengguoProcess=Keyword',
  ];
  if (dbFile) args.push('--db-filename', dbFile);
  const child = spawn(cli, args, { stdio: ['ignore', log, log] });
  const address = `127.0.0.1:${port}`;
  const { Connection } = await import('@temporalio/client');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal dev server did not come up: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { process: child, address };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** The fields of /proc/PID/stat after the command name (which may itself hold spaces and parentheses). */
function procStat(pid: string): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** The postmaster of the server at `url`: the parent of one of its backends. */
export async function postmasterOf(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return Number(procStat(String(rows[0].pid))[1]);
  } finally {
    await client.end();
  }
}

/**
 * Seconds of CPU of a PostgreSQL server so far: the postmaster's own and its reaped children's
 * (backends that ended), and those of its children still running (backends, WAL writer, …). The
 * difference over a run is PostgreSQL's share of the work.
 */
export function clusterCpu(postmaster: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // [1] the parent pid; [11]..[14] utime, stime, cutime, cstime.
      const fields = procStat(entry);
      if (Number(entry) === postmaster) total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick;
      else if (Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
