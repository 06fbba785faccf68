import { GlobalPosition } from '@chengguo/eventstore';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
 * Moves a locked checkpoint and announces the move, in one statement of the transaction that
 * applied the rows (storeCheckpoint and a NOTIFY, without a second round trip).
 */
export async function storeAndAnnounceCheckpoint(manager: EntityManager, subscriber: string, position: GlobalPosition): Promise<void> {
  await manager.query(
    `WITH moved AS (
       UPDATE read_models.subscription_checkpoints SET commit_position = $2, prepare_position = $3, updated_at = now()
        WHERE subscriber = $1 RETURNING subscriber)
     SELECT pg_notify($4, $5) FROM moved`,
    [subscriber, position.commit.toString(), position.prepare.toString(), PROGRESS_CHANNEL, progressPayload(subscriber, position)],
  );
}

/**
 * Moves, in one statement, the checkpoints of projections that read a page of events without
 * finding anything of theirs in it (ADR 26). Without it such a checkpoint stays at the last event the
 * projection applied, and a read waiting for a later position would wait for the next event it
 * does read. The move is only a fact about reading (every event up to there was read, none
 * applied), so it needs no transaction with rows; a projection busy applying its next page holds
 * its row (`SKIP LOCKED` leaves it: that page moves it further anyway), and a checkpoint never
 * moves back. While one statement runs, later moves wait and go together in the next.
 */
export class ProgressRecorder {
  private readonly logger = new Logger('Projector');
  private readonly pending = new Map<string, GlobalPosition>();
  private flushing: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  note(subscriber: string, position: GlobalPosition): void {
    this.pending.set(subscriber, position);
    this.flushing ??= this.flush().finally(() => (this.flushing = null));
  }

  /** Drops a subscriber's unwritten move and waits for one being written (before its checkpoint is reset). */
  async forget(subscriber: string): Promise<void> {
    this.pending.delete(subscriber);
    await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending];
      this.pending.clear();
      try {
        await this.dataSource.query(MOVE_CHECKPOINTS_SQL, [
          batch.map(([subscriber]) => subscriber),
          batch.map(([, position]) => position.commit.toString()),
          batch.map(([, position]) => position.prepare.toString()),
          PROGRESS_CHANNEL,
        ]);
      } catch (error) {
        // Lost moves only delay waiting reads until the projection's next page; the next note retries.
        this.logger.warn(`checkpoint moves past unread events not recorded: ${String(error)}`);
      }
    }
  }
}

/**
 * $1–$3: subscribers and positions; $4: the channel. A subscriber without a checkpoint row (it never
 * applied an event) gets one; an existing row moves only forwards and only if no transaction holds
 * it. Every row written is announced.
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
