import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A disclosure's view carries the id of its filing decision's event, which a client cites next
 * (an exemption claim names its subject decision by event id; the contract cites it, R4). The read
 * model is emptied and its checkpoint removed, so the projector refills it from the events.
 */
export class DisclosureDecisionEventId1764000008000 implements MigrationInterface {
  name = 'DisclosureDecisionEventId1764000008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.disclosures');
    await queryRunner.query('ALTER TABLE read_models.disclosures ADD COLUMN decision_event_id text');
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:disclosures'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('TRUNCATE read_models.disclosures');
    await queryRunner.query('ALTER TABLE read_models.disclosures DROP COLUMN decision_event_id');
    await queryRunner.query("DELETE FROM read_models.subscription_checkpoints WHERE subscriber = 'projector:disclosures'");
  }
}
