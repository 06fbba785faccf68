import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadModelBase1764000000000 implements MigrationInterface {
  name = 'ReadModelBase1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS read_models');
    await queryRunner.query(`CREATE TABLE read_models.subscription_checkpoints (
      subscriber       text PRIMARY KEY,
      commit_position  bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at       timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.subscription_checkpoints');
  }
}
