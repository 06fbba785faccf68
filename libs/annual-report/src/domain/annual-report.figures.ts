import { ABANDONMENT_CONTRACT_PREFIX, AbandonmentContractEvent, CONTRACT_SIGNATURE } from '@chengguo/abandonment-contract/domain';
import { ACHIEVEMENT_STREAM_PREFIX, AchievementEvent, unitIncomeShareOf } from '@chengguo/achievement-register/domain';
import { DISCLOSURE_STREAM_PREFIX, DisclosureEvent } from '@chengguo/disclosure/domain';
import { EXEMPTION_CLAIM_PREFIX, ExemptionClaimEvent } from '@chengguo/exemption/domain';
import { INCOME_STREAM_PREFIX, IncomeEvent } from '@chengguo/income-ledger/domain';
import { shanghaiMidnight } from '@chengguo/kernel';
import { REWARD_STREAM_PREFIX, RewardDistributionEvent } from '@chengguo/rewards/domain';
import {
  TRANSFER_CASE_STREAM_PREFIX,
  transferCaseDecider,
  TransferCaseEvent,
  TransferCaseState,
} from '@chengguo/transfer-publicity/domain';

/**
 * The annual report on achievement transformation (R14; XZ-G3, HN 三(二)) as figures folded from the
 * event history alone. An event counts for the year in which it was recorded (Asia/Shanghai), so a
 * report of a past year reads only events committed before the next year began: recomputed at any
 * later date it is the same, byte for byte (as-of replay).
 */

/** What the fold reads of a recorded event. */
export interface ReportedEvent {
  streamId: string;
  type: string;
  data: unknown;
  recordedAt: string;
}

export interface CountAndAmount {
  count: number;
  amountFen: number;
}

export interface AnnualReportContent {
  year: number;
  /** Events recorded in [from, until) count. */
  period: { from: string; until: string };
  disclosures: { submitted: number; evaluated: number; decisions: { file: number; do_not_file: number; trade_secret: number } };
  abandonmentContracts: { opened: number; executed: number };
  /** Executed transfers, licences and investments, by route and pricing method, with contract amounts (R5, R6). */
  transformations: { byRouteAndPricing: Array<{ route: string; pricingMethod: string } & CountAndAmount>; total: CountAndAmount };
  registeredContracts: { transferCases: number; technologyContracts: number };
  income: {
    receipts: number;
    cashReceivedFen: number;
    equityReceivedFen: number;
    deductibleCostsFen: number;
    correctionsDeltaFen: number;
    /**
     * R11 (ADR 24): of what was received, the unit's own part — a co-owned achievement's receipts
     * less its co-owners' part, by the register's split. Absent from reports prepared before it.
     */
    unitOwn?: { cashReceivedFen: number; equityReceivedFen: number; correctionsDeltaFen: number };
  };
  rewards: {
    paymentsRecorded: number;
    cashPaidFen: number;
    equityPaidFen: number;
    people: number;
    toPrincipalLeaders: { people: number; cashPaidFen: number };
  };
  exemptionClaims: { filed: number; granted: number; denied: number };
  patents: { applicationsRecorded: number; grantsRecorded: number };
}

/** [1 Jan 00:00, next 1 Jan 00:00) Asia/Shanghai, as instants. */
export function reportPeriod(year: number): { from: string; until: string } {
  return { from: shanghaiMidnight(`${year}-01-01`), until: shanghaiMidnight(`${year + 1}-01-01`) };
}

function emptyReport(year: number): AnnualReportContent {
  return {
    year,
    period: reportPeriod(year),
    disclosures: { submitted: 0, evaluated: 0, decisions: { file: 0, do_not_file: 0, trade_secret: 0 } },
    abandonmentContracts: { opened: 0, executed: 0 },
    transformations: { byRouteAndPricing: [], total: { count: 0, amountFen: 0 } },
    registeredContracts: { transferCases: 0, technologyContracts: 0 },
    income: {
      receipts: 0,
      cashReceivedFen: 0,
      equityReceivedFen: 0,
      deductibleCostsFen: 0,
      correctionsDeltaFen: 0,
      unitOwn: { cashReceivedFen: 0, equityReceivedFen: 0, correctionsDeltaFen: 0 },
    },
    rewards: { paymentsRecorded: 0, cashPaidFen: 0, equityPaidFen: 0, people: 0, toPrincipalLeaders: { people: 0, cashPaidFen: 0 } },
    exemptionClaims: { filed: 0, granted: 0, denied: 0 },
    patents: { applicationsRecorded: 0, grantsRecorded: 0 },
  };
}

/** Folds the whole history into one year's figures. Events recorded after the year are skipped. */
export function annualReportFigures(year: number, events: Iterable<ReportedEvent>): AnnualReportContent {
  const content = emptyReport(year);
  const from = Date.parse(content.period.from);
  const until = Date.parse(content.period.until);
  // Cases are folded from their first event, whatever its year, so an execution knows its route and price.
  const cases = new Map<string, TransferCaseState>();
  const routes = new Map<string, CountAndAmount>();
  const rewarded = new Set<string>();
  // R11: the unit's share of each co-owned achievement's income (basis points), from its grant, whatever its year.
  const unitShares = new Map<string, number>();
  const unitPart = (achievementId: unknown, amountFen: number): number => {
    const bps = typeof achievementId === 'string' ? (unitShares.get(achievementId) ?? 10_000) : 10_000;
    return Number((BigInt(amountFen) * BigInt(bps)) / 10_000n);
  };
  const unitOwn = content.income.unitOwn!;
  const rewardedLeaders = new Set<string>();

  for (const recorded of events) {
    const at = Date.parse(recorded.recordedAt);
    if (at >= until) continue;
    const inYear = at >= from;
    const { streamId } = recorded;
    const event = { ...(recorded.data as object), type: recorded.type } as { type: string };

    if (streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX)) {
      const state = transferCaseDecider.evolve(cases.get(streamId) ?? transferCaseDecider.initialState, event as TransferCaseEvent);
      cases.set(streamId, state);
      if (!inYear) continue;
      if (event.type === 'TechnologyContractRegistered') content.registeredContracts.transferCases += 1;
      if (event.type === 'TransferExecuted' && state.exists) {
        const key = `${state.mode.kind}|${state.pricingMethod}`;
        const row = routes.get(key) ?? { count: 0, amountFen: 0 };
        routes.set(key, { count: row.count + 1, amountFen: row.amountFen + state.priceFen });
        content.transformations.total.count += 1;
        content.transformations.total.amountFen += state.priceFen;
      }
    } else if (streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX) && event.type === 'AchievementOwnershipGranted') {
      const e = event as Extract<AchievementEvent, { type: 'AchievementOwnershipGranted' }>;
      if (e.grant.kind === 'co_owned') {
        const incomeSplit = {
          agreementId: e.agreementId,
          unitOwnershipShareBasisPoints: e.grant.unitShareBasisPoints,
          revenueSplit: e.grant.revenueSplit ?? null,
        };
        unitShares.set(e.achievementId, unitIncomeShareOf({ incomeSplit }).shareBasisPoints);
      }
    } else if (!inYear) {
      continue;
    } else if (streamId.startsWith(DISCLOSURE_STREAM_PREFIX)) {
      const e = event as DisclosureEvent;
      if (e.type === 'DisclosureSubmitted') content.disclosures.submitted += 1;
      if (e.type === 'EvaluationRecorded') content.disclosures.evaluated += 1;
      if (e.type === 'DisclosureDecided') content.disclosures.decisions[e.decision] += 1;
    } else if (streamId.startsWith(ABANDONMENT_CONTRACT_PREFIX)) {
      const e = event as AbandonmentContractEvent;
      if (e.type === 'AbandonmentContractOpened') content.abandonmentContracts.opened += 1;
      if (e.type === 'SignOffRoundClosed' && e.signOffId === CONTRACT_SIGNATURE && e.outcome === 'signed')
        content.abandonmentContracts.executed += 1;
    } else if (streamId.startsWith(INCOME_STREAM_PREFIX)) {
      const e = event as IncomeEvent;
      if (e.type === 'IncomeReceived') {
        content.income.receipts += 1;
        if (e.form === 'equity') {
          content.income.equityReceivedFen += e.amountFen;
          unitOwn.equityReceivedFen += unitPart(e.achievementId, e.amountFen);
        } else {
          content.income.cashReceivedFen += e.amountFen;
          unitOwn.cashReceivedFen += unitPart(e.achievementId, e.amountFen);
        }
      }
      if (e.type === 'DeductibleCostRecorded') content.income.deductibleCostsFen += e.amountFen;
      if (e.type === 'LedgerEntryCorrected') {
        const delta = e.corrected.amountFen - e.previous.amountFen;
        content.income.correctionsDeltaFen += delta;
        if (e.entryKind !== 'cost') unitOwn.correctionsDeltaFen += unitPart(e.achievementId, delta);
      }
      if (e.type === 'TechnologyContractRegistrationRecorded') content.registeredContracts.technologyContracts += 1;
    } else if (streamId.startsWith(REWARD_STREAM_PREFIX)) {
      const e = event as RewardDistributionEvent;
      if (e.type === 'RewardPaid') {
        content.rewards.paymentsRecorded += 1;
        content.rewards.cashPaidFen += e.cashFen;
        content.rewards.equityPaidFen += e.equityFen;
        rewarded.add(e.userId);
        if (e.principalLeader) {
          rewardedLeaders.add(e.userId);
          content.rewards.toPrincipalLeaders.cashPaidFen += e.cashFen;
        }
      }
    } else if (streamId.startsWith(EXEMPTION_CLAIM_PREFIX)) {
      const e = event as ExemptionClaimEvent;
      if (e.type === 'ExemptionClaimFiled') content.exemptionClaims.filed += 1;
      if (e.type === 'ExemptionGranted') content.exemptionClaims.granted += 1;
      if (e.type === 'ExemptionDenied') content.exemptionClaims.denied += 1;
    } else if (streamId.startsWith(ACHIEVEMENT_STREAM_PREFIX)) {
      const e = event as AchievementEvent;
      if (e.type === 'PatentApplicationRecorded') content.patents.applicationsRecorded += 1;
      if (e.type === 'PatentGrantRecorded') content.patents.grantsRecorded += 1;
    }
  }

  content.transformations.byRouteAndPricing = [...routes.entries()]
    .map(([key, count]) => {
      const [route, pricingMethod] = key.split('|');
      return { route, pricingMethod, ...count };
    })
    .sort((a, b) => a.route.localeCompare(b.route) || a.pricingMethod.localeCompare(b.pricingMethod));
  content.rewards.people = rewarded.size;
  content.rewards.toPrincipalLeaders.people = rewardedLeaders.size;
  return content;
}
