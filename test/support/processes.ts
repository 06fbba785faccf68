import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

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
  return execFileSync('bash', [join(ROOT, 'scripts', 'tools', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export interface TestPostgres {
  dataDir: string;
  port: number;
  adminUrl: string;
}

export async function startPostgres(): Promise<TestPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-pg-'));
  const port = await freePort();
  execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'start', dataDir, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // The URL `npm start` gives its processes: the cluster's Unix socket (ADR 28), TCP where the path cannot.
  const adminUrl = execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'url', dataDir, String(port)], {
    encoding: 'utf8',
  }).trim();
  return { dataDir, port, adminUrl };
}

export function stopPostgres(dataDir: string): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'tools', 'postgres.sh'), 'stop', dataDir], { stdio: 'inherit' });
}

export interface TemporalDevServer {
  process: ChildProcess;
  address: string;
  uiPort: number;
}

/** The real Temporal dev server (CLI `server start-dev`), optionally persisted to a SQLite file. */
export async function startTemporalDevServer(options: { dbFile?: string; port?: number } = {}): Promise<TemporalDevServer> {
  const cli = process.env.TEMPORAL_CLI_PATH || tool('temporal-cli.sh');
  const port = options.port ?? (await freePort());
  const uiPort = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'chengguo-temporal-'));
  const log = openSync(join(logDir, 'server.log'), 'a');
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--headless',
    '--log-level',
    'error',
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
    // Every workflow start carries these (SEARCH_ATTRIBUTE_FLAGS in libs/temporal); the server refuses unknown ones.
    '--search-attribute',
    'ChengguoAchievementId=Keyword',
    '--search-attribute',
    'ChengguoProcess=Keyword',
  ];
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  const child = spawn(cli, args, { stdio: ['ignore', log, log], detached: false });
  const address = `127.0.0.1:${port}`;
  await waitForTemporal(address, 60_000);
  return { process: child, address, uiPort };
}

export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${address} did not come up: ${String(lastError)}`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
