import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-caller request counts by fixed window, shared by every API replica. */
export class RateLimitWindows1764000007000 implements MigrationInterface {
  name = 'RateLimitWindows1764000007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS api');
    await queryRunner.query(`CREATE TABLE api.rate_limit_windows (
      key           text NOT NULL,
      window_start  timestamptz NOT NULL,
      expires_at    timestamptz NOT NULL,
      hits          integer NOT NULL,
      PRIMARY KEY (key, window_start)
    )`);
    await queryRunner.query('CREATE INDEX rate_limit_windows_expires ON api.rate_limit_windows (expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api.rate_limit_windows');
  }
}
