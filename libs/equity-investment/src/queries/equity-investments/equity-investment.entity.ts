import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EquityInvestmentState } from '../../domain/equity-investment.decider';
import type { EquityDividendReceived, EquityHoldingSold, EquityInvestmentValued } from '../../domain/equity-investment.events';

export type EquityInvestmentStatus = 'opened' | 'valued' | 'holding' | 'sold_out';

/**
 * One row per equity investment (作价投资, R5): the decider's own fold (company, valuation, holding),
 * the valuation as recorded, and every dividend and sale, so the view never disagrees with the rules.
 */
@Entity({ schema: 'read_models', name: 'equity_investments' })
export class EquityInvestmentRow {
  @PrimaryColumn({ name: 'investment_id', type: 'text' }) investmentId: string;
  @Column({ name: 'achievement_id', type: 'text' }) achievementId: string;
  @Column({ name: 'case_id', type: 'text' }) caseId: string;
  @Column({ name: 'opened_by', type: 'text' }) openedBy: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'text' }) status: EquityInvestmentStatus;
  @Column({ type: 'jsonb' }) state: EquityInvestmentState;
  @Column({ type: 'jsonb', nullable: true }) valuation: Omit<EquityInvestmentValued, 'type'> | null;
  @Column({ type: 'jsonb' }) dividends: Array<Omit<EquityDividendReceived, 'type'>>;
  @Column({ type: 'jsonb' }) sales: Array<Omit<EquityHoldingSold, 'type'>>;
  /** Stream revision of the last event applied (If-Match for the next command). */
  @Column({ type: 'bigint' }) revision: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
