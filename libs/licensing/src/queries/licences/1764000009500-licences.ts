import { MigrationInterface, QueryRunner } from 'typeorm';

/** Licences (R5, R15): one row per licence stream. */
export class Licences1764000009500 implements MigrationInterface {
  name = 'Licences1764000009500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE read_models.licences (
      licence_id         text PRIMARY KEY,
      case_id            text NOT NULL,
      achievement_id     text NOT NULL,
      achievement_title  text NOT NULL,
      licensee_name      text NOT NULL,
      licensee_class     text NOT NULL,
      exclusivity        text NOT NULL,
      payment_model      text NOT NULL,
      status             text NOT NULL,
      effective_on       date,
      term_ends_on       date NOT NULL,
      recorded_by        text NOT NULL,
      received_fen       bigint NOT NULL,
      overdue_count      integer NOT NULL,
      due_items          jsonb NOT NULL,
      state              jsonb NOT NULL,
      revision           bigint NOT NULL,
      updated_at         timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX licences_achievement ON read_models.licences (achievement_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE read_models.licences');
  }
}
