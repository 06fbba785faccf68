import { GlobalPosition } from '@chengguo/eventstore';
import { EntityManager } from 'typeorm';

/**
 * Durable checkpoints. `advance` locks the row, so two instances of one subscriber serialise, and
 * reports whether the event is new: a redelivered event (after a crash between commit and ack) is
 * recognised and skipped inside the same transaction that would have applied it.
 */
export async function loadCheckpoint(manager: EntityManager, subscriber: string): Promise<GlobalPosition | undefined> {
  const rows: Array<{ commit_position: string; prepare_position: string }> = await manager.query(
    'SELECT commit_position, prepare_position FROM read_models.subscription_checkpoints WHERE subscriber = $1',
    [subscriber],
  );
  return rows.length ? { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) } : undefined;
}

/** Locks the subscriber's checkpoint row for this transaction (creating it) and returns it. */
export async function lockCheckpoint(manager: EntityManager, subscriber: string): Promise<GlobalPosition> {
  await manager.query(
    `INSERT INTO read_models.subscription_checkpoints (subscriber, commit_position, prepare_position)
     VALUES ($1, -1, -1) ON CONFLICT (subscriber) DO NOTHING`,
    [subscriber],
  );
  const rows: Array<{ commit_position: string; prepare_position: string }> = await manager.query(
    'SELECT commit_position, prepare_position FROM read_models.subscription_checkpoints WHERE subscriber = $1 FOR UPDATE',
    [subscriber],
  );
  return { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
}

/**
 * Locks several subscribers' checkpoints for this transaction (creating missing rows), in name
 * order so two workers never wait on each other in opposite orders; one statement unless some has
 * no row yet.
 */
export async function lockCheckpoints(manager: EntityManager, subscribers: string[]): Promise<Map<string, GlobalPosition>> {
  const lock = (): Promise<Array<{ subscriber: string; commit_position: string; prepare_position: string }>> =>
    manager.query(
      `SELECT subscriber, commit_position, prepare_position FROM read_models.subscription_checkpoints
        WHERE subscriber = ANY($1) ORDER BY subscriber FOR UPDATE`,
      [subscribers],
    );
  let rows = await lock();
  if (rows.length < subscribers.length) {
    await manager.query(
      `INSERT INTO read_models.subscription_checkpoints (subscriber, commit_position, prepare_position)
       SELECT s, -1, -1 FROM unnest($1::text[]) AS s ORDER BY s ON CONFLICT (subscriber) DO NOTHING`,
      [subscribers],
    );
    rows = await lock();
  }
  return new Map(rows.map((r) => [r.subscriber, { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) }]));
}

export function isAfter(position: GlobalPosition, checkpoint: GlobalPosition): boolean {
  return position.commit > checkpoint.commit || (position.commit === checkpoint.commit && position.prepare > checkpoint.prepare);
}

export async function storeCheckpoint(manager: EntityManager, subscriber: string, position: GlobalPosition): Promise<void> {
  await manager.query(
    `UPDATE read_models.subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now()
     WHERE subscriber = $1`,
    [subscriber, position.commit.toString(), position.prepare.toString()],
  );
}

export async function advanceCheckpoint(manager: EntityManager, subscriber: string, position: GlobalPosition): Promise<boolean> {
  if (!isAfter(position, await lockCheckpoint(manager, subscriber))) return false;
  await storeCheckpoint(manager, subscriber, position);
  return true;
}

export async function resetCheckpoint(manager: EntityManager, subscriber: string): Promise<void> {
  await manager.query('DELETE FROM read_models.subscription_checkpoints WHERE subscriber = $1', [subscriber]);
}
