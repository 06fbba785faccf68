import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The revenue ledger shows corrections as their own entries (R3: fees count by the period they were
 * paid in). The folded contract state changed shape too, so the contract read model is emptied and
 * its checkpoint removed: the projector rebuilds it from the events, which stay as written.
 */
export class RevenueLedgerCorrections1764000000310 implements MigrationInterface {
  name = 'RevenueLedgerCorrections1764000000310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.abandonment_contracts, read_models.contract_revenue_reports');
    await queryRunner.query(`ALTER TABLE read_models.contract_revenue_reports
      ADD COLUMN entry                 text NOT NULL DEFAULT 'report',
      ADD COLUMN unit_share_change_fen bigint NOT NULL DEFAULT 0,
      ADD COLUMN cause                 jsonb`);
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:abandonment-contracts'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.abandonment_contracts, read_models.contract_revenue_reports');
    await queryRunner.query(`ALTER TABLE read_models.contract_revenue_reports
      DROP COLUMN entry, DROP COLUMN unit_share_change_fen, DROP COLUMN cause`);
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:abandonment-contracts'");
  }
}
