import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/support/databases';
import { EventToAppend } from '../event-store.port';
import { newId } from '../ids';
import { CHAIN_COPY_COLUMNS, ChainWalkParser } from './chain-copy';
import { CopyOut, reusedBufferSocket } from './copy-out';
import { PostgresEventStore } from './postgres-event-store';

/** An event of ≈ 3 KB of JSON text (multi-byte characters), so 1 KB reads split every row. */
const stepRecorded = (round: number): EventToAppend => ({
  eventId: newId(),
  type: 'StepRecorded',
  schemaVersion: 1,
  data: { round, 文本: '长'.repeat(900) },
  metadata: {
    occurredAt: '2026-03-01T08:00:00.000Z',
    actor: { userId: 'wang.tto', role: 'tto_officer' },
    correlationId: 'copy-out-spec',
    causationId: null,
  },
});

/** The whole-store walk's COPY read off a socket that reuses one read buffer (ADR 7). */
describe('CopyOut on a reused-buffer socket (PostgreSQL)', () => {
  it('walks the COPY in place through a reused read buffer far smaller than the rows, and gives pg its own copy of every other read', async () => {
    const db = await createTestDatabase('copy_out_reads');
    const walked = new PostgresEventStore({ connectionString: db });
    await walked.migrate();
    // 1 KB reads: every row (≈ 3 KB) is split across reads, and so are the results pg parses around the COPY.
    const pg = new Client({ connectionString: db, stream: () => reusedBufferSocket(1024) });
    await pg.connect();
    const big = 'SELECT n, repeat(md5(n::text), 100) AS text FROM generate_series(1, 30) n ORDER BY n';
    const expectedBig = Array.from({ length: 30 }, (_, i) =>
      createHash('md5')
        .update(String(i + 1))
        .digest('hex')
        .repeat(100),
    );
    const walk = async (): Promise<ChainWalkParser> => {
      const parser = new ChainWalkParser({});
      const out = new CopyOut(
        `COPY (SELECT ${CHAIN_COPY_COLUMNS} FROM event_store.events e ORDER BY e.global_position) TO STDOUT (FORMAT binary)`,
        parser.push,
      );
      void pg.query(out as never);
      await out.done;
      parser.end();
      return parser;
    };
    try {
      const ids = [`a-${newId()}`, `b-${newId()}`];
      for (let round = 0; round < 5; round++)
        for (const id of ids) await walked.append(id, [stepRecorded(round)], round === 0 ? 'no_stream' : round - 1);
      expect((await pg.query(big)).rows.map((r: { text: string }) => r.text)).toEqual(expectedBig);
      const intact = await walk();
      expect({ events: intact.events, findings: intact.findings() }).toEqual({ events: 10, findings: [] });
      expect((await pg.query(big)).rows.map((r: { text: string }) => r.text)).toEqual(expectedBig);

      await pg.query(
        `UPDATE event_store.events SET data = jsonb_set(data::jsonb, '{round}', '9') WHERE stream_id = $1 AND stream_revision = 3`,
        [ids[1]],
      );
      const edited = await walk();
      expect(edited.findings()).toEqual((await walked.walkStoreChains({ maxFindings: 100 })).findings);
      expect(edited.findings()).toMatchObject([{ kind: 'hash_mismatch', streamId: ids[1], revision: 3 }]);
      expect((await pg.query(big)).rows.map((r: { text: string }) => r.text)).toEqual(expectedBig);
    } finally {
      await pg.end();
      await walked.close();
    }
  });
});
