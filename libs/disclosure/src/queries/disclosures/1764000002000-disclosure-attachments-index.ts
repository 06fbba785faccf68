import { MigrationInterface, QueryRunner } from 'typeorm';

/** Finding the disclosures that list an attachment (who may download it) without a table scan. */
export class DisclosureAttachmentsIndex1764000002000 implements MigrationInterface {
  name = 'DisclosureAttachmentsIndex1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX disclosures_attachments_idx ON read_models.disclosures USING gin ((state -> 'content' -> 'attachments') jsonb_path_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS read_models.disclosures_attachments_idx');
  }
}
