import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ledger's order, as `AchievementLedgerHandler` sorts and pages it (newest registration first, then id). */
const LEDGER_ORDER = '(COALESCE(registered_at, to_timestamp(0))) DESC, achievement_id DESC';

/**
 * Indexes shaped like the ledger's order, alone and behind its two most selective equality filters
 * (status, kind): a page reads about `limit` rows in order (and a cursor starts inside the index)
 * instead of filtering and sorting the whole register. Year bounds the order's key; the inventor
 * filter and an inventor's own view use the GIN index on `inventor_ids` (ADR 12).
 */
export class LedgerOrderIndexes1764000009700 implements MigrationInterface {
  name = 'LedgerOrderIndexes1764000009700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX achievement_register_ledger_order ON read_models.achievement_register (${LEDGER_ORDER})`);
    await queryRunner.query(
      `CREATE INDEX achievement_register_ledger_status ON read_models.achievement_register (status, ${LEDGER_ORDER})`,
    );
    await queryRunner.query(`CREATE INDEX achievement_register_ledger_kind ON read_models.achievement_register (kind, ${LEDGER_ORDER})`);
    // Statistics of the order's expression, which only an index makes ANALYZE collect.
    await queryRunner.query('ANALYZE read_models.achievement_register');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX read_models.achievement_register_ledger_kind');
    await queryRunner.query('DROP INDEX read_models.achievement_register_ledger_status');
    await queryRunner.query('DROP INDEX read_models.achievement_register_ledger_order');
  }
}
