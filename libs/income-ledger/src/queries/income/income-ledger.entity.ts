import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncomeLedgerState, IncomeYear } from '../../domain/income.decider';
import type { IncomeEvent } from '../../domain/income.events';

/** One line of the ledger as recorded: a receipt, a cost, or a correction shown as such. */
export interface IncomeLedgerLine {
  eventId: string;
  revision: number;
  event: IncomeEvent;
}

/**
 * One row per achievement's income ledger: the decider's own fold (so the totals never disagree with
 * the rules), every line in recording order, and the yearly totals by date (R8, R14).
 */
@Entity({ schema: 'read_models', name: 'income_ledger' })
export class IncomeLedgerRow {
  @PrimaryColumn({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ type: 'jsonb' }) state: IncomeLedgerState;
  @Column({ type: 'jsonb' }) lines: IncomeLedgerLine[];
  @Column({ type: 'jsonb' }) years: IncomeYear[];
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
