import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1764000000900 implements MigrationInterface {
  name = 'IdempotencyKeys1764000000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS api');
    await queryRunner.query(`CREATE TABLE api.idempotency_keys (
      user_id       text NOT NULL,
      key           text NOT NULL,
      request_hash  text NOT NULL,
      completed     boolean NOT NULL DEFAULT false,
      status_code   integer,
      response      jsonb,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    )`);
    await queryRunner.query('CREATE INDEX idempotency_keys_created ON api.idempotency_keys (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api.idempotency_keys');
  }
}
