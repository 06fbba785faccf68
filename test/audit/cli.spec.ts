import { PostgresEventStore, newId } from '@chengguo/eventstore';
import { Client } from 'pg';
import { runCli } from '../../apps/audit-cli/src/main';
import { formatProgress } from '../../apps/audit-cli/src/progress';
import { createTestDatabase } from '../support/databases';
import { anEvent } from './fixtures';

function capture(isTTY = false) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (c: string) => chunks.push(c) }, text: () => chunks.join('') };
}

/** The auditor CLI against a real PostgreSQL store of 100,000 events. */
describe('chengguo-audit CLI', () => {
  let url: string;
  let store: PostgresEventStore;
  const streams: string[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('audit_cli');
    store = new PostgresEventStore({ connectionString: url, poolSize: 4 });
    await store.migrate();
    // 100 streams × 1,000 events, one append (one round trip) per stream, four in flight.
    for (let s = 0; s < 100; s++) streams.push(`bulk-${String(s).padStart(3, '0')}-${newId()}`);
    const queue = [...streams];
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          await store.append(
            id,
            Array.from({ length: 1000 }, (_, i) => anEvent('ReadingRecorded', { i, 说明: '批量' })),
            'no_stream',
          );
        }
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  it('formats rate and ETA', () => {
    expect(formatProgress('verify', 25_000, 100_000, 2_000, 20)).toBe(
      'verify [#####...............]  25.0% 25000/100000 events | 12500 ev/s | ETA 6s',
    );
  });

  it('verifies 100,000 events with a progress bar showing rate and ETA', async () => {
    const out = capture();
    const err = capture(false);
    const started = Date.now();
    const code = await runCli(['verify', '--database-url', url, '--auditor', 'zhao.audit', '--page-size', '5000'], {
      stdout: out.stream,
      stderr: err.stream,
      env: {},
    });
    const elapsed = Date.now() - started;
    expect(code).toBe(0);
    const report = JSON.parse(out.text());
    // 100,000 bulk events plus the record of this very read (auditor-reads-<day>), written first
    expect(report).toMatchObject({ ok: true, checkedEvents: 100_001, checkedStreams: 101, firstBreak: null });
    const lines = err
      .text()
      .split('\n')
      .filter((l) => l.startsWith('verify ['));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines)
      expect(line).toMatch(/^verify \[[#.]{28}\] +\d+\.\d% \d+\/100001 events \| \d+ ev\/s \| ETA (\d+s|\d+m\d\ds|--)$/);
    expect(lines[lines.length - 1]).toMatch(/100\.0% 100001\/100001 events \| [1-9]\d* ev\/s \| ETA 0s$/);
    expect(err.text()).toContain('intact: 100001 events in 101 streams');
    expect(elapsed).toBeLessThan(60_000);
    // the CLI read itself is on record
    const reads = (await store.readAll({ maxCount: 200_000 })).filter((e) => e.type === 'AuditorReadRecorded');
    expect(reads.map((e) => e.data)).toContainEqual(expect.objectContaining({ auditorId: 'zhao.audit', action: 'verify', channel: 'cli' }));
  }, 120_000);

  it('redraws one line on a terminal', async () => {
    const err = capture(true);
    const code = await runCli(['verify', '--database-url', url, '--stream', streams[0]], {
      stdout: capture().stream,
      stderr: err.stream,
      env: {},
    });
    expect(code).toBe(0);
    // The progress line ends with ESC[K (erase to end of line), a control character by design.
    // eslint-disable-next-line no-control-regex
    expect(err.text()).toMatch(/\rverify \[#{28}\] 100\.0% 1000\/1000 events \| \d+ ev\/s \| ETA 0s\u001b\[K\n/);
  });

  it('exits 2 and names the first broken link after a direct edit', async () => {
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      await pg.query(
        `UPDATE event_store.events SET metadata = jsonb_set(metadata::jsonb, '{actor,userId}', '"mallory"') WHERE stream_id = $1 AND stream_revision = 500`,
        [streams[7]],
      );
    } finally {
      await pg.end();
    }
    const out = capture();
    const err = capture();
    const code = await runCli(['verify'], { stdout: out.stream, stderr: err.stream, env: { DATABASE_URL: url } });
    expect(code).toBe(2);
    expect(JSON.parse(out.text()).firstBreak).toMatchObject({ kind: 'hash_mismatch', streamId: streams[7], revision: 500 });
    expect(err.text()).toContain(`BROKEN: hash_mismatch at ${streams[7]} revision 500`);
  }, 120_000);

  it('replays as of a revision and exports CSV', async () => {
    const out = capture();
    expect(
      await runCli(['replay', '--stream', streams[1], '--revision', '9', '--database-url', url], {
        stdout: out.stream,
        stderr: capture().stream,
        env: {},
      }),
    ).toBe(0);
    expect(JSON.parse(out.text())).toMatchObject({ streamId: streams[1], revision: 9, eventCount: 10, process: null });

    const csv = capture();
    expect(
      await runCli(['export', '--stream', streams[2], '--format', 'csv', '--database-url', url], {
        stdout: csv.stream,
        stderr: capture().stream,
        env: {},
      }),
    ).toBe(0);
    const text = csv.text();
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1002); // summary, header, 1000 events
    expect(text).toContain('verification=intact');
    expect(text).toContain('批量');

    const bad = capture();
    expect(
      await runCli(['replay', '--stream', streams[1], '--database-url', url], { stdout: capture().stream, stderr: bad.stream, env: {} }),
    ).toBe(64);
    expect(bad.text()).toContain('replay needs --as-of ISO or --revision N');
  });
});
