import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots of the auditor's as-of replay (libs/audit/src/replay/snapshots.ts): the folded state at
 * a revision, valid only while the stream still holds the same event (id and hash) there and the
 * fold version is the running code's. A cache: dropping its rows loses nothing but speed.
 */
export class AuditReplaySnapshots1764000000600 implements MigrationInterface {
  name = 'AuditReplaySnapshots1764000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS audit');
    await queryRunner.query(`CREATE TABLE audit.replay_snapshots (
      stream_id        text NOT NULL,
      revision         bigint NOT NULL,
      event_id         text NOT NULL,
      event_hash       text,
      fold_version     integer NOT NULL,
      max_recorded_ms  bigint NOT NULL,
      state            json NOT NULL,
      created_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (stream_id, revision)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit.replay_snapshots');
  }
}
