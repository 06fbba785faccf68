import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopPostgres, stopProcess, TemporalDevServer } from './processes';

export default async function globalTeardown(): Promise<void> {
  const file = join(tmpdir(), `chengguo-jest-${process.pid}.json`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as { pgDataDirs: string[] };
  const temporal = (globalThis as Record<string, unknown>).__CHENGGUO_TEMPORAL__ as TemporalDevServer | undefined;
  if (temporal) await stopProcess(temporal.process);
  for (const dataDir of state.pgDataDirs) {
    stopPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
  rmSync(file, { force: true });
}
