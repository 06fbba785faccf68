import type { AchievementState } from '@chengguo/achievement-register/domain';
import { Decider, DomainRuleViolation, isWholeFen, shanghaiDate } from '@chengguo/kernel';
import { OpenedCase, statusOf, TransferCaseState } from '@chengguo/transfer-publicity/domain';
import { EquityInvestmentErrors as Errors } from './equity-investment.errors';
import type { Appraisal, EquityInvestmentEvent, Evidence, Holding, InvestedCompany } from './equity-investment.events';

/**
 * An equity investment (作价投资, R5; XZ-12): the unit contributes an achievement to a company for
 * shares or a capital contribution. Invariants, with the rule each protects:
 * - R5, R12: an investment rests on a transfer case of mode `equity_investment` opened on the same
 *   achievement, which the register holds; one investment per case (the register's record). The
 *   case and the register are read from the event store by the command path, never from the caller;
 * - R6, R7: pricing and publicity are the case's, not re-done here. The valuation is the price the
 *   case settled and its approval signs: by agreement pricing only once the case's publicity
 *   completed (the publicised price); by appraisal only with a report valid on the day, whose value
 *   is that price;
 * - R5: the shares received are recorded once, after the valuation and after the case was executed,
 *   with the business registration's date and evidence; the holding is shares and/or a capital
 *   contribution with the unit's shareholding in basis points;
 * - R8, R14: dividends and sale proceeds arrive only on a holding, on or after its registration; a
 *   sale never exceeds what is held, and the shareholding reaches zero exactly when all is sold;
 * - every amount is a positive whole number, every entry has its evidence (SHA-256) and a date not in
 *   the future; an entry id is recorded once.
 * R9 (leaders receive no equity) concerns rewards to people, not the unit's holding: not decided here.
 * Pure: time, actor and the other streams' facts arrive in the command.
 */

export interface Actor {
  userId: string;
}

export type EquityInvestmentCommand =
  | {
      type: 'OpenEquityInvestment';
      investmentId: string;
      achievementId: string;
      caseId: string;
      company: InvestedCompany;
      actor: Actor;
      now: string;
      /** The register's state of the achievement and the case's own fold, loaded by the command path. */
      facts: { register: AchievementState; transferCase: TransferCaseState };
    }
  | {
      type: 'RecordValuation';
      investmentId: string;
      method: 'appraisal' | 'agreement';
      appraisal: Appraisal | null;
      actor: Actor;
      now: string;
      facts: { transferCase: TransferCaseState };
    }
  | {
      type: 'RecordSharesReceived';
      investmentId: string;
      registeredOn: string;
      shares: number | null;
      capitalContributionFen: number | null;
      shareholdingBasisPoints: number;
      evidence: Evidence;
      actor: Actor;
      now: string;
      facts: { transferCase: TransferCaseState };
    }
  | {
      type: 'RecordDividend';
      investmentId: string;
      dividendId: string;
      amountFen: number;
      receivedOn: string;
      evidence: Evidence;
      actor: Actor;
      now: string;
    }
  | {
      type: 'RecordSale';
      investmentId: string;
      saleId: string;
      buyer: string;
      sharesSold: number | null;
      capitalContributionSoldFen: number | null;
      proceedsFen: number;
      soldOn: string;
      shareholdingBasisPointsAfter: number;
      evidence: Evidence;
      actor: Actor;
      now: string;
    };

export interface EquityInvestmentState {
  investmentId: string | null;
  achievementId: string | null;
  caseId: string | null;
  company: InvestedCompany | null;
  valuation: { method: 'appraisal' | 'agreement'; valueFen: number } | null;
  registeredOn: string | null;
  /** The holding now (null until the shares are received). */
  holding: Holding | null;
  entryIds: string[];
  dividendsFen: number;
  saleProceedsFen: number;
}

export const initialEquityInvestmentState: EquityInvestmentState = {
  investmentId: null,
  achievementId: null,
  caseId: null,
  company: null,
  valuation: null,
  registeredOn: null,
  holding: null,
  entryIds: [],
  dividendsFen: 0,
  saleProceedsFen: 0,
};

/** 统一社会信用代码: 2 characters of registration authority and kind, 6 digits of region, 10 of code and check. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function isCalendarDate(value: string): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const positiveWhole = (value: unknown): value is number => isWholeFen(value) && value > 0;

function checkPastDate(date: string, field: string, now: string): DomainRuleViolation | null {
  if (!isCalendarDate(date)) return Errors.dateInvalid(field);
  const today = shanghaiDate(now);
  return date > today ? Errors.dateInFuture(field, today) : null;
}

function checkEvidence(evidence: Evidence): DomainRuleViolation | null {
  const documented = evidence.documentSha256.length > 0 && evidence.documentSha256.every((h) => /^[0-9a-f]{64}$/.test(h));
  return evidence.summary.trim() === '' || !documented ? Errors.evidenceRequired() : null;
}

const openedCase = (facts: { transferCase: TransferCaseState }, caseId: string): OpenedCase | DomainRuleViolation =>
  facts.transferCase.exists ? facts.transferCase : Errors.caseNotFound(caseId);

/** R6, R7: the value the case settled: the publicised agreement price, or the market's deal. */
function valuationOf(
  command: Extract<EquityInvestmentCommand, { type: 'RecordValuation' }>,
  theCase: OpenedCase,
): { valueFen: number; publicityRound: number | null; ruleKeys: string[] } | DomainRuleViolation {
  if (command.method === 'agreement') {
    if (theCase.pricingMethod !== 'agreement') return Errors.notAgreementPriced(theCase.pricingMethod);
    if (!theCase.priceSettled || theCase.publicity?.status !== 'completed') return Errors.publicityNotCompleted();
    return { valueFen: theCase.publicity.priceFen, publicityRound: theCase.publicity.round, ruleKeys: ['R5', 'R6', 'R7'] };
  }
  const appraisal = command.appraisal;
  if (!appraisal) return Errors.appraisalRequired();
  if (appraisal.institution.trim() === '') return Errors.appraisalIncomplete('institution');
  if (appraisal.reportNumber.trim() === '') return Errors.appraisalIncomplete('reportNumber');
  if (!positiveWhole(appraisal.appraisedValueFen)) return Errors.amountInvalid('appraisedValueFen');
  const invalid =
    checkPastDate(appraisal.baseDate, 'baseDate', command.now) ??
    (isCalendarDate(appraisal.validUntil) ? null : Errors.dateInvalid('validUntil')) ??
    checkEvidence(appraisal.evidence);
  if (invalid) return invalid;
  if (appraisal.validUntil < appraisal.baseDate) return Errors.appraisalDatesInvalid();
  if (appraisal.validUntil < shanghaiDate(command.now)) return Errors.appraisalExpired(appraisal.validUntil);
  if (!theCase.priceSettled) return Errors.priceNotSettled(statusOf(theCase));
  if (appraisal.appraisedValueFen !== theCase.priceFen) return Errors.valuationNotCasePrice(appraisal.appraisedValueFen, theCase.priceFen);
  const publicityRound = theCase.pricingMethod === 'agreement' && theCase.publicity ? theCase.publicity.round : null;
  return {
    valueFen: theCase.priceFen,
    publicityRound,
    ruleKeys: theCase.pricingMethod === 'agreement' ? ['R5', 'R6', 'R7'] : ['R5', 'R6'],
  };
}

function decideOpen(
  command: Extract<EquityInvestmentCommand, { type: 'OpenEquityInvestment' }>,
  state: EquityInvestmentState,
): EquityInvestmentEvent[] | DomainRuleViolation {
  if (state.investmentId !== null) return Errors.alreadyOpened();
  const { register } = command.facts;
  if (register.status === 'unregistered') return Errors.achievementNotRegistered();
  const theCase = openedCase(command.facts, command.caseId);
  if (theCase instanceof DomainRuleViolation) return theCase;
  if (theCase.mode.kind !== 'equity_investment') return Errors.caseNotEquityInvestment(theCase.mode.kind);
  if (theCase.achievementId !== command.achievementId) return Errors.caseOfAnotherAchievement(theCase.achievementId);
  const other = (register.equityInvestments ?? []).find((i) => i.caseId === command.caseId);
  if (other) return Errors.caseAlreadyInvested(other.investmentId);
  const name = command.company.name.trim();
  const creditCode = command.company.creditCode.trim().toUpperCase();
  if (name === '') return Errors.companyRequired();
  if (!CREDIT_CODE.test(creditCode)) return Errors.creditCodeInvalid();
  // The company is the party the case priced and approved the investment with.
  const counterpartyCode = theCase.counterparty?.creditCode?.trim().toUpperCase();
  if (counterpartyCode && counterpartyCode !== creditCode) return Errors.companyNotCounterparty(counterpartyCode);
  return [
    {
      type: 'EquityInvestmentOpened',
      investmentId: command.investmentId,
      achievementId: command.achievementId,
      caseId: command.caseId,
      company: { name, creditCode },
      openedBy: command.actor.userId,
      openedAt: command.now,
      ruleKeys: ['R5'],
    },
  ];
}

function decideSale(
  command: Extract<EquityInvestmentCommand, { type: 'RecordSale' }>,
  holding: Holding,
  registeredOn: string,
): Holding | DomainRuleViolation {
  const measures: Array<[field: 'sharesSold' | 'capitalContributionSoldFen', sold: number | null, held: number | null]> = [
    ['sharesSold', command.sharesSold, holding.shares],
    ['capitalContributionSoldFen', command.capitalContributionSoldFen, holding.capitalContributionFen],
  ];
  for (const [field, sold, held] of measures) {
    if ((sold === null) !== (held === null)) return Errors.saleMeasureMismatch(field);
    if (sold === null || held === null) continue;
    if (!positiveWhole(sold)) return Errors.amountInvalid(field);
    if (sold > held) return Errors.saleExceedsHolding(field, sold, held);
  }
  const counted = measures.filter(([, sold, held]) => sold !== null && held !== null);
  const soldOut = counted.map(([, sold, held]) => sold === held);
  // Two measures of one holding move together: all of one is all of the other.
  if (soldOut.some((s) => s !== soldOut[0])) return Errors.saleMeasureMismatch('capitalContributionSoldFen');
  const whole = soldOut[0];
  const after = command.shareholdingBasisPointsAfter;
  if (!Number.isInteger(after) || after < 0 || after >= holding.shareholdingBasisPoints || (after === 0) !== whole)
    return Errors.shareholdingAfterSaleInvalid();
  if (command.soldOn < registeredOn) return Errors.beforeRegistration('soldOn', registeredOn);
  return {
    shares: holding.shares === null ? null : holding.shares - (command.sharesSold ?? 0),
    capitalContributionFen:
      holding.capitalContributionFen === null ? null : holding.capitalContributionFen - (command.capitalContributionSoldFen ?? 0),
    shareholdingBasisPoints: after,
  };
}

function decide(command: EquityInvestmentCommand, state: EquityInvestmentState): EquityInvestmentEvent[] | DomainRuleViolation {
  if (command.type === 'OpenEquityInvestment') return decideOpen(command, state);
  const { investmentId, achievementId, caseId, company } = state;
  if (investmentId === null || achievementId === null || caseId === null || company === null) return Errors.notFound(command.investmentId);

  switch (command.type) {
    case 'RecordValuation': {
      if (state.valuation) return Errors.alreadyValued();
      const theCase = openedCase(command.facts, caseId);
      if (theCase instanceof DomainRuleViolation) return theCase;
      const valued = valuationOf(command, theCase);
      if (valued instanceof DomainRuleViolation) return valued;
      return [
        {
          type: 'EquityInvestmentValued',
          investmentId,
          achievementId,
          caseId,
          method: command.method,
          valueFen: valued.valueFen,
          appraisal:
            command.method === 'appraisal' && command.appraisal
              ? {
                  ...command.appraisal,
                  institution: command.appraisal.institution.trim(),
                  reportNumber: command.appraisal.reportNumber.trim(),
                }
              : null,
          publicityRound: valued.publicityRound,
          valuedBy: command.actor.userId,
          valuedAt: command.now,
          ruleKeys: valued.ruleKeys,
        },
      ];
    }

    case 'RecordSharesReceived': {
      if (state.holding) return Errors.sharesAlreadyRecorded();
      if (!state.valuation) return Errors.notValued();
      const theCase = openedCase(command.facts, caseId);
      if (theCase instanceof DomainRuleViolation) return theCase;
      if (!theCase.executed) return Errors.caseNotExecuted(statusOf(theCase));
      if (command.shares === null && command.capitalContributionFen === null) return Errors.contributionRequired();
      if (command.shares !== null && !positiveWhole(command.shares)) return Errors.amountInvalid('shares');
      if (command.capitalContributionFen !== null && !positiveWhole(command.capitalContributionFen))
        return Errors.amountInvalid('capitalContributionFen');
      const bp = command.shareholdingBasisPoints;
      if (!Number.isInteger(bp) || bp < 1 || bp > 10_000) return Errors.shareholdingInvalid('shareholdingBasisPoints');
      const invalid = checkPastDate(command.registeredOn, 'registeredOn', command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      return [
        {
          type: 'EquitySharesReceived',
          investmentId,
          achievementId,
          caseId,
          company,
          registeredOn: command.registeredOn,
          holding: { shares: command.shares, capitalContributionFen: command.capitalContributionFen, shareholdingBasisPoints: bp },
          valueFen: state.valuation.valueFen,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R5', 'R12'],
        },
      ];
    }

    case 'RecordDividend': {
      if (!state.holding || !state.registeredOn) return Errors.noHolding();
      if (state.entryIds.includes(command.dividendId)) return Errors.entryExists(command.dividendId);
      if (!positiveWhole(command.amountFen)) return Errors.amountInvalid('amountFen');
      const invalid = checkPastDate(command.receivedOn, 'receivedOn', command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      if (command.receivedOn < state.registeredOn) return Errors.beforeRegistration('receivedOn', state.registeredOn);
      return [
        {
          type: 'EquityDividendReceived',
          investmentId,
          achievementId,
          dividendId: command.dividendId,
          amountFen: command.amountFen,
          receivedOn: command.receivedOn,
          company,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R8', 'R14'],
        },
      ];
    }

    case 'RecordSale': {
      if (!state.holding || !state.registeredOn) return Errors.noHolding();
      if (state.holding.shareholdingBasisPoints === 0) return Errors.holdingSoldOut();
      if (state.entryIds.includes(command.saleId)) return Errors.entryExists(command.saleId);
      if (command.buyer.trim() === '') return Errors.textRequired('buyer');
      if (!positiveWhole(command.proceedsFen)) return Errors.amountInvalid('proceedsFen');
      const invalid = checkPastDate(command.soldOn, 'soldOn', command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      const holdingAfter = decideSale(command, state.holding, state.registeredOn);
      if (holdingAfter instanceof DomainRuleViolation) return holdingAfter;
      return [
        {
          type: 'EquityHoldingSold',
          investmentId,
          achievementId,
          saleId: command.saleId,
          buyer: command.buyer.trim(),
          sharesSold: command.sharesSold,
          capitalContributionSoldFen: command.capitalContributionSoldFen,
          proceedsFen: command.proceedsFen,
          soldOn: command.soldOn,
          holdingAfter,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: ['R5', 'R8', 'R14'],
        },
      ];
    }
  }
}

function evolve(state: EquityInvestmentState, event: EquityInvestmentEvent): EquityInvestmentState {
  switch (event.type) {
    case 'EquityInvestmentOpened':
      return {
        ...state,
        investmentId: event.investmentId,
        achievementId: event.achievementId,
        caseId: event.caseId,
        company: event.company,
      };
    case 'EquityInvestmentValued':
      return { ...state, valuation: { method: event.method, valueFen: event.valueFen } };
    case 'EquitySharesReceived':
      return { ...state, registeredOn: event.registeredOn, holding: event.holding };
    case 'EquityDividendReceived':
      return { ...state, entryIds: [...state.entryIds, event.dividendId], dividendsFen: state.dividendsFen + event.amountFen };
    case 'EquityHoldingSold':
      return {
        ...state,
        holding: event.holdingAfter,
        entryIds: [...state.entryIds, event.saleId],
        saleProceedsFen: state.saleProceedsFen + event.proceedsFen,
      };
  }
}

export const equityInvestmentDecider: Decider<EquityInvestmentCommand, EquityInvestmentEvent, EquityInvestmentState> = {
  initialState: initialEquityInvestmentState,
  decide,
  evolve,
};
