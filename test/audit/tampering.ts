import { CHECKPOINT_STREAM, merkleRoot, parsePosition, readCoveredRange, streamSpans } from '@chengguo/audit';
import { EventStore } from '@chengguo/eventstore';
import { Client } from 'pg';

/**
 * What an intruder with write access to PostgreSQL does to hide an edit: rewrite an event and
 * recompute the hash chain of everything after it in its stream (prev_hash, hash, the catalogue's
 * head hash), with the store's own hash function — a consistent rewrite.
 */
export async function rewriteConsistently(sql: Client, streamId: string, revision: number, dataEdit: string): Promise<void> {
  await sql.query(`UPDATE event_store.events SET data = ${dataEdit} WHERE stream_id = $1 AND stream_revision = $2`, [streamId, revision]);
  await rehashFrom(sql, streamId, revision);
}

export async function rehashFrom(sql: Client, streamId: string, revision: number): Promise<void> {
  const { rows } = await sql.query<{ head: string }>('SELECT max(stream_revision) AS head FROM event_store.events WHERE stream_id = $1', [
    streamId,
  ]);
  for (let r = revision; r <= Number(rows[0].head); r++) {
    await sql.query(
      `UPDATE event_store.events e
          SET prev_hash = COALESCE((SELECT p.hash FROM event_store.events p WHERE p.stream_id = e.stream_id AND p.stream_revision = e.stream_revision - 1),
                                   repeat('0', 64))
        WHERE stream_id = $1 AND stream_revision = $2`,
      [streamId, r],
    );
    await sql.query(
      `UPDATE event_store.events
          SET hash = event_store.event_hash(prev_hash, stream_id, stream_revision, event_id, event_type, schema_version,
                                            data::text, metadata::text, recorded_at)
        WHERE stream_id = $1 AND stream_revision = $2`,
      [streamId, r],
    );
  }
  await sql.query(
    `UPDATE event_store.streams s SET head_hash = (SELECT hash FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision DESC LIMIT 1)
      WHERE stream_id = $1`,
    [streamId],
  );
}

/**
 * The intruder's next step: recompute every checkpoint's root and spans over the rewritten events
 * and re-hash the checkpoint stream, so that the store is consistent again — checkpoints included.
 */
export async function rewriteCheckpoints(sql: Client, store: EventStore): Promise<void> {
  const checkpoints = await store.readStream(CHECKPOINT_STREAM);
  for (const checkpoint of checkpoints) {
    const data = checkpoint.data as {
      afterPosition: { commit: string; prepare: string } | null;
      throughPosition: { commit: string; prepare: string };
    };
    const range = await readCoveredRange(store, data.afterPosition ? parsePosition(data.afterPosition) : undefined, {
      through: parsePosition(data.throughPosition),
    });
    await sql.query(
      `UPDATE event_store.events SET data = data::jsonb || jsonb_build_object('merkleRoot', $3::text, 'streams', $4::jsonb)
        WHERE stream_id = $1 AND stream_revision = $2`,
      [CHECKPOINT_STREAM, checkpoint.revision, merkleRoot(range.hashes), JSON.stringify(streamSpans(range.links))],
    );
  }
  await rehashFrom(sql, CHECKPOINT_STREAM, 0);
}

/** $all shows events once no older transaction on the server is in flight: wait until `n` are visible. */
export async function visible(store: EventStore, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    let count = 0;
    let after;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 1000 });
      count += page.length;
      if (page.length < 1000) break;
      after = page[page.length - 1].position;
    }
    if (count >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${n} events visible in $all`);
}
