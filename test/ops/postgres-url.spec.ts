import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

const script = join(__dirname, '..', '..', 'scripts', 'tools', 'postgres.sh');
const urlOf = (...args: string[]): string => execFileSync('bash', [script, 'url', ...args], { encoding: 'utf8' }).trim();

// The URL npm start gives the apps (ADR 28, round seven); the tests themselves run on it (test/support/processes.ts).
describe('postgres.sh url: how a process on this machine reaches the embedded cluster', () => {
  it('goes through the Unix socket in the data directory, keeping the TCP address for what reads only that', () => {
    const url = urlOf('/srv/chengguo/.data/postgres', '54329');
    expect(url).toBe('postgres://chengguo:chengguo@127.0.0.1:54329/chengguo?host=/srv/chengguo/.data/postgres');
    // pg takes the socket directory and the port (the socket file is named after it).
    expect(new Client({ connectionString: url })).toMatchObject({
      host: '/srv/chengguo/.data/postgres',
      port: 54329,
      database: 'chengguo',
      user: 'chengguo',
    });
    expect(new URL(url).host).toBe('127.0.0.1:54329');
    expect(urlOf('/tmp/pg-x', '5432', 'bench_http')).toBe('postgres://chengguo:chengguo@127.0.0.1:5432/bench_http?host=/tmp/pg-x');
  });

  it('uses TCP where the path cannot be a socket (too long) or would need escaping in a URL', () => {
    const tcp = (port: string, db = 'chengguo') => `postgres://chengguo:chengguo@127.0.0.1:${port}/${db}`;
    expect(urlOf(`/${'a'.repeat(95)}`, '54329')).toBe(tcp('54329'));
    expect(urlOf('/tmp/with space/postgres', '54329')).toBe(tcp('54329'));
    expect(urlOf('/tmp/a&b=c/postgres', '54329')).toBe(tcp('54329'));
    expect(urlOf('/tmp/数据/postgres', '54329', 'x')).toBe(tcp('54329', 'x'));
    expect(urlOf('relative/postgres', '54329')).toBe(tcp('54329'));
  });
});
