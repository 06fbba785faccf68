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

export async function advanceCheckpoint(manager: EntityManager, subscriber: string, position: GlobalPosition): Promise<boolean> {
  await manager.query(
    `INSERT INTO read_models.subscription_checkpoints (subscriber, commit_position, prepare_position)
     VALUES ($1, -1, -1) ON CONFLICT (subscriber) DO NOTHING`,
    [subscriber],
  );
  const rows: Array<{ commit_position: string; prepare_position: string }> = await manager.query(
    'SELECT commit_position, prepare_position FROM read_models.subscription_checkpoints WHERE subscriber = $1 FOR UPDATE',
    [subscriber],
  );
  const current = { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) };
  const isNew = position.commit > current.commit || (position.commit === current.commit && position.prepare > current.prepare);
  if (!isNew) return false;
  await manager.query(
    `UPDATE read_models.subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now()
     WHERE subscriber = $1`,
    [subscriber, position.commit.toString(), position.prepare.toString()],
  );
  return true;
}

export async function resetCheckpoint(manager: EntityManager, subscriber: string): Promise<void> {
  await manager.query('DELETE FROM read_models.subscription_checkpoints WHERE subscriber = $1', [subscriber]);
}
