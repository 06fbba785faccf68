import { GlobalPosition } from '@chengguo/eventstore';
import { EntityManager } from 'typeorm';

/**
 * The channel on which a projection's checkpoint moves are announced (ADR 26). The NOTIFY is sent
 * by the transaction that moves the checkpoint, so PostgreSQL delivers it only once the rows it
 * covers are committed and readable: a read waiting for its writer's position may answer as soon
 * as it hears it.
 */
export const PROGRESS_CHANNEL = 'read_model_progress';

/** The payload: `<subscriber> <commit> <prepare>` (a subscriber name holds no space). */
export function progressPayload(subscriber: string, position: GlobalPosition): string {
  return `${subscriber} ${position.commit} ${position.prepare}`;
}

export function parseProgressPayload(payload: string | undefined): { subscriber: string; position: GlobalPosition } | null {
  const match = /^(\S+) (-?\d{1,20}) (-?\d{1,20})$/.exec(payload ?? '');
  return match ? { subscriber: match[1], position: { commit: BigInt(match[2]), prepare: BigInt(match[3]) } } : null;
}

/**
 * Moves checkpoints (one statement for any number) and announces every move (ADR 26): a
 * subscriber without a checkpoint row (it never applied an event) gets one; an existing row moves
 * only forwards, and only if it is free or locked by this transaction — a row another transaction
 * holds (another worker's page) is left alone (`SKIP LOCKED`): that page moves it anyway, and no
 * two pages wait on each other. Run in the transaction that applied the rows it covers, or alone
 * for projections that read a page without finding anything of theirs in it.
 */
export async function moveAndAnnounceCheckpoints(
  manager: EntityManager,
  moves: ReadonlyArray<{ subscriber: string; position: GlobalPosition }>,
): Promise<void> {
  await manager.query(MOVE_CHECKPOINTS_SQL, [
    moves.map((m) => m.subscriber),
    moves.map((m) => m.position.commit.toString()),
    moves.map((m) => m.position.prepare.toString()),
    PROGRESS_CHANNEL,
  ]);
}

/**
 * $1–$3: subscribers and positions; $4: the channel. A subscriber without a checkpoint row (it never
 * applied an event) gets one; an existing row moves only forwards and only if no other transaction
 * holds it. Every row written is announced.
 */
const MOVE_CHECKPOINTS_SQL = `
WITH progress AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS p(subscriber, commit_position, prepare_position)
), created AS (
  INSERT INTO read_models.subscription_checkpoints (subscriber, commit_position, prepare_position)
  SELECT subscriber, commit_position, prepare_position FROM progress
  ON CONFLICT (subscriber) DO NOTHING
  RETURNING subscriber, commit_position, prepare_position
), free AS (
  SELECT c.subscriber FROM read_models.subscription_checkpoints c JOIN progress p USING (subscriber)
  WHERE (c.commit_position, c.prepare_position) < (p.commit_position, p.prepare_position)
  FOR UPDATE OF c SKIP LOCKED
), moved AS (
  UPDATE read_models.subscription_checkpoints c
     SET commit_position = p.commit_position, prepare_position = p.prepare_position, updated_at = now()
    FROM progress p
   WHERE c.subscriber = p.subscriber AND c.subscriber IN (SELECT subscriber FROM free)
  RETURNING c.subscriber, c.commit_position, c.prepare_position
)
SELECT pg_notify($4, subscriber || ' ' || commit_position || ' ' || prepare_position)
  FROM (SELECT * FROM created UNION ALL SELECT * FROM moved) AS written`;
