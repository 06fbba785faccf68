import { csvDocument } from '@chengguo/common';
import { formatYuan } from '@chengguo/kernel';
import type { RewardDistributionRow, RewardPaymentRow } from './reward.entities';

/** The API's view of a distribution: what was computed, where it stands, its rounds' ids. */
export function distributionView(row: RewardDistributionRow): Record<string, unknown> {
  const { computed, state } = row;
  return {
    distributionId: row.distributionId,
    achievementId: row.achievementId,
    year: row.year,
    status: row.status,
    revision: Number(row.revision),
    receipts: computed.receipts,
    excluded: computed.excluded,
    cashReceivedFen: computed.cashReceivedFen,
    deductibleCostsFen: computed.deductibleCostsFen,
    netIncomeFen: computed.netIncomeFen,
    // Rows projected before R11's revenue split hold no unitIncome: they were computed on the whole.
    unitIncome: computed.unitIncome ?? { shareBasisPoints: 10_000, basis: 'sole', agreementId: null, netIncomeFen: computed.netIncomeFen },
    cashPoolFen: computed.cashPoolFen,
    equityPoolFen: computed.equityPoolFen,
    ttoShareFen: computed.ttoShareFen,
    contributors: state.contributors,
    waivedLeaderEquity: computed.waivedLeaderEquity,
    announcementDays: state.announcementDays,
    announcementEndsAt: state.announcementEndsAt,
    includesPrincipalLeader: row.includesPrincipalLeader,
    paidUserIds: state.paidUserIds,
    pendingTeamAgreement: state.pendingSplit?.signOffId ?? null,
    signOffs: Object.values(state.signOffs).map((r) => ({
      signOffId: r.signOffId,
      round: r.round,
      status: r.status,
      outcome: r.outcome,
      termsHash: r.termsHash,
    })),
  };
}

/** What the notice board shows of an announced distribution (公示): who receives what, until when. */
export function announcementView(row: RewardDistributionRow): Record<string, unknown> {
  return {
    distributionId: row.distributionId,
    achievementId: row.achievementId,
    year: row.year,
    announcedAt: row.announcedAt?.toISOString() ?? null,
    endsAt: row.announcementEndsAt?.toISOString() ?? null,
    includesPrincipalLeader: row.includesPrincipalLeader,
    contributors: row.state.contributors.map((c) => ({
      name: c.name,
      cashFen: c.cashFen,
      equityFen: c.equityFen,
      principalLeader: c.principalLeader,
    })),
  };
}

const wageIncomeFen = (p: RewardPaymentRow): number =>
  p.tax.reduce((sum, t) => sum + (t.kind === 'cash_half_as_wage_income' ? t.countsAsWageIncomeFen : 0), 0);

/** R10: finance's payroll for one month — amounts in yuan with two decimals, with each reward's tax treatment. */
export function payrollCsv(rows: readonly RewardPaymentRow[]): string {
  return csvDocument<RewardPaymentRow>(
    [
      ['paidOn', (p) => p.paidOn],
      ['userId', (p) => p.userId],
      ['name', (p) => p.name],
      ['achievementId', (p) => p.achievementId],
      ['distributionId', (p) => p.distributionId],
      ['cashYuan', (p) => formatYuan(Number(p.cashFen))],
      ['countsAsWageIncomeYuan', (p) => formatYuan(wageIncomeFen(p))],
      ['inWageTotalBase', () => false],
      ['equityValueYuan', (p) => formatYuan(Number(p.equityFen))],
      ['equityTaxDeferred', (p) => p.tax.some((t) => t.kind === 'equity_deferred_until_dividend_or_sale')],
      ['principalLeader', (p) => p.principalLeader],
      ['paymentReference', (p) => p.paymentReference],
    ],
    rows,
  );
}
