import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's rights-maintenance columns (R12): the next annual fee's due date and the annuity
 * status. Existing rows get them from their folded state on the projection's next write; a rebuild
 * fills every row.
 */
export class LedgerAnnuities1764000004000 implements MigrationInterface {
  name = 'LedgerAnnuities1764000004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE read_models.achievement_register
      ADD COLUMN next_due_date date,
      ADD COLUMN grace_ends_on date,
      ADD COLUMN annuity_status text NOT NULL DEFAULT 'not_applicable'`);
    await queryRunner.query(
      'CREATE INDEX achievement_register_next_due_date ON read_models.achievement_register (next_due_date) WHERE next_due_date IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX read_models.achievement_register_next_due_date');
    await queryRunner.query(`ALTER TABLE read_models.achievement_register
      DROP COLUMN next_due_date, DROP COLUMN grace_ends_on, DROP COLUMN annuity_status`);
  }
}
