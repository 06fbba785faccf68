import { AchievementState, mayBeTransformedByUnit } from '@chengguo/achievement-register/domain';
import { Decider, DomainRuleViolation, isRuleViolation, isWholeFen, shanghaiDate, termsHash } from '@chengguo/kernel';
import { decideSignOff, evolveSignOff, isSignOffEvent, SignOffParty, SignOffState } from '@chengguo/sign-off/domain';
import { statusOf as caseStatusOf, TransferCaseState } from '@chengguo/transfer-publicity/domain';
import { LicensingErrors as Errors } from './licence.errors';
import {
  Consideration,
  LICENCE_TERMINATION_SIGN_OFF,
  LICENSEE_CLASSES,
  LicenceEvent,
  LicenceEvidence,
  LicenceTerms,
  PaymentItem,
  TerminationGround,
} from './licence.events';
import {
  addDays,
  CURE_PERIOD_DAYS,
  endOfDay,
  fixedConsiderationFen,
  isCalendarDate,
  Period,
  periodOf,
  periodsBetween,
  royaltyOn,
  UPFRONT_PAYMENT_DAYS,
} from './licence.schedule';
import { LicensingPolicyState, licensingPolicyOn } from './licensing-policy.decider';

/**
 * One licence of an achievement (许可, R5), `licence-<licenceId>`, the licence id being the id of
 * the transfer case that priced it. Invariants, with the rule each protects:
 * - R5, R12: a licence is recorded only for an achievement the register says the unit may still
 *   transform, under a transfer case in licence mode on that achievement whose exclusivity it keeps;
 *   the case and the register are loaded from the event store by the command path, never taken from
 *   the request; one case prices one licence;
 * - R6, R7: pricing is the case's (agreement + publicity, listing or auction): the case's price must
 *   be settled, the licensee is the counterparty it was settled with, and the fixed consideration
 *   (upfront + milestones + deferred payments) equals that price; royalties come on top, on sales;
 * - R5, R8: the licence takes effect only when its case is executed (after the case's approval);
 * - R15 (QCY): use first, pay later only for a licensee class the licensing policy in force allows,
 *   with no upfront fee, payment starting at the first reported sales or a fixed date (nothing falls
 *   due before a fixed start; nothing on a date before first sales), and a decision date by which the
 *   TTO converts it to a paid licence or proposes its termination — decided, never assumed;
 * - royalties: reports come period by period in order, once each, after the period ends; the
 *   royalty is the record's rate on the reported net sales (a different stated amount is refused);
 *   the minimum annual royalty's shortfall is owed on the report closing each paying calendar year;
 * - payments pay an amount owed, never more than is outstanding, with documented evidence;
 * - overdue (the licence-term workflow): an unmet obligation is escalated to the TTO once its due date
 *   ends, with a cure period; only after the cure period ends uncured may the TTO propose termination
 *   for default; termination takes effect only when the round of TTO head, legal and unit leader
 *   closes signed (R4, R13: the proposer and the achievement's inventors are conflicted).
 * Pure: time, actor and facts arrive in the command.
 */

export interface Actor {
  userId: string;
  role: string;
}

export type LicenceCommand =
  | {
      type: 'RecordLicence';
      licenceId: string;
      terms: LicenceTerms;
      actor: Actor;
      now: string;
      /** Loaded by the command path: the case `licenceId` names, its achievement's register stream, the licensing policy. */
      facts: { transferCase: TransferCaseState; register: AchievementState; policy: LicensingPolicyState };
    }
  /** Sent by the reaction to the case's TransferExecuted; the case is loaded again by the command path. */
  | { type: 'TakeEffect'; licenceId: string; now: string; facts: { transferCase: TransferCaseState } }
  | {
      type: 'RecordMilestoneReached';
      licenceId: string;
      milestoneId: string;
      reachedOn: string;
      evidence: LicenceEvidence;
      actor: Actor;
      now: string;
    }
  | {
      type: 'RecordRoyaltyReport';
      licenceId: string;
      reportId: string;
      period: string;
      netSalesFen: number;
      /** What the licensee's report says it owes: checked against the record's rate, never taken as the amount. */
      statedRoyaltyFen: number;
      reportedOn: string;
      evidence: LicenceEvidence;
      actor: Actor;
      now: string;
    }
  | {
      type: 'RecordPayment';
      licenceId: string;
      paymentId: string;
      item: PaymentItem;
      amountFen: number;
      receivedOn: string;
      evidence: LicenceEvidence;
      actor: Actor;
      now: string;
    }
  | { type: 'NotePaymentNotLedgered'; licenceId: string; paymentId: string; code: string; detail: string; now: string }
  /** Sent by the licence-term workflow when an obligation's due date has ended. */
  | { type: 'EscalateOverdue'; licenceId: string; itemKey: string; now: string }
  /** Sent by the licence-term workflow when the cure period has ended. */
  | { type: 'RecordUncuredDefault'; licenceId: string; itemKey: string; now: string }
  | {
      type: 'DecideConversion';
      licenceId: string;
      consideration: Consideration;
      reasons: string;
      evidence: LicenceEvidence;
      actor: Actor;
      now: string;
    }
  | {
      type: 'ProposeTermination';
      licenceId: string;
      ground: TerminationGround;
      reasons: string;
      actor: Actor;
      now: string;
      /** The register's state of the achievement: its inventors are conflicted in the round (R4, R13). */
      facts: { register: AchievementState };
    };

export interface ReportState {
  reportId: string;
  periodStartsOn: string;
  periodEndsOn: string;
  netSalesFen: number;
  royaltyFen: number;
  amountDueFen: number;
  paymentDueOn: string;
}

export interface EscalationState {
  dueOn: string;
  cureEndsOn: string;
  uncured: boolean;
}

export interface LicenceState {
  exists: boolean;
  licenceId: string | null;
  caseId: string | null;
  achievementId: string | null;
  achievementTitle: string | null;
  recordedBy: string | null;
  terms: LicenceTerms | null;
  /** The consideration in force: the recorded one, or the one a conversion decided (R15). */
  consideration: Consideration | null;
  /** From when the consideration in force runs: the effective date, or the conversion's date. */
  considerationSince: string | null;
  effectiveOn: string | null;
  conversion: { decidedOn: string } | null;
  milestonesReached: Readonly<Record<string, { reachedOn: string; paymentDueOn: string }>>;
  reports: Readonly<Record<string, ReportState>>;
  firstSalesOn: string | null;
  paid: Readonly<Record<string, number>>;
  paymentIds: readonly string[];
  escalations: Readonly<Record<string, EscalationState>>;
  termination: { ground: TerminationGround; round: number; itemKeys: string[] } | null;
  signOffs: SignOffState;
}

export const initialLicenceState: LicenceState = {
  exists: false,
  licenceId: null,
  caseId: null,
  achievementId: null,
  achievementTitle: null,
  recordedBy: null,
  terms: null,
  consideration: null,
  considerationSince: null,
  effectiveOn: null,
  conversion: null,
  milestonesReached: {},
  reports: {},
  firstSalesOn: null,
  paid: {},
  paymentIds: [],
  escalations: {},
  termination: null,
  signOffs: {},
};

export type LicenceStatus = 'none' | 'awaiting_effect' | 'in_effect' | 'termination_proposed' | 'terminated';

/** Who decides on terminating a licence (R5: the unit's decision): the TTO's head, legal and the unit leader, in parallel. */
export const TERMINATION_POLICY = {
  parties: [
    { partyId: 'tto-head', role: 'tto_officer' },
    { partyId: 'legal', role: 'legal' },
    { partyId: 'unit-leader', role: 'unit_leader' },
  ] satisfies SignOffParty[],
  days: 30,
  reminderOffsetsMs: [7 * 86_400_000, 86_400_000],
  escalationRole: 'unit_leader',
};

const MAX_TEXT = 2_000;
const MAX_TERM_YEARS = 30;
const MAX_ITEMS = 100;
const SHA256 = /^[0-9a-f]{64}$/;

/** The licence's status, derived from its state (never stored, so it cannot drift). */
export function licenceStatusOf(state: LicenceState): LicenceStatus {
  if (!state.exists) return 'none';
  const round = state.termination ? state.signOffs[LICENCE_TERMINATION_SIGN_OFF] : undefined;
  if (round && state.termination && round.round === state.termination.round) {
    if (round.status !== 'closed') return 'termination_proposed';
    if (round.outcome === 'signed') return 'terminated';
  }
  return state.effectiveOn ? 'in_effect' : 'awaiting_effect';
}

export const itemKeyOf = (item: PaymentItem): string => {
  switch (item.kind) {
    case 'upfront':
      return 'upfront';
    case 'milestone':
      return `milestone:${item.milestoneId}`;
    case 'deferred':
      return `deferred:${item.deferredId}`;
    case 'royalty':
      return `royalty:${item.period}`;
  }
};

/** The first day the licensee may use the achievement under the licence: the later of the term's start and the effective date. */
export function firstDayOf(state: LicenceState): string | null {
  if (!state.terms || !state.effectiveOn) return null;
  return state.terms.term.startsOn > state.effectiveOn ? state.terms.term.startsOn : state.effectiveOn;
}

/** The licence's reporting periods, from its first day to the term's end. */
export function reportingPeriods(state: LicenceState): Period[] {
  const first = firstDayOf(state);
  const royalty = state.consideration?.royalty;
  if (!first || !royalty || !state.terms) return [];
  return periodsBetween(first, state.terms.term.endsOn, royalty.reportingPeriod);
}

/** R15: from when payments run: at once (ordinary terms), or from the start the use-first-pay-later terms name, or a conversion. */
export function paymentsStartOn(state: LicenceState, firstSalesOn: string | null = state.firstSalesOn): string | null {
  const ufpl = state.terms?.useFirstPayLater;
  if (!ufpl) return firstDayOf(state);
  const starts = [
    ufpl.paymentStart.kind === 'date' ? ufpl.paymentStart.on : null,
    firstSalesOn,
    state.conversion?.decidedOn ?? null,
  ].filter((d): d is string => d !== null);
  return starts.length === 0 ? null : starts.sort()[0];
}

export interface DueItem {
  itemKey: string;
  label: string;
  kind: 'payment' | 'report' | 'decision';
  dueOn: string;
  /** Payments: the amount owed; reports and decisions: null. */
  amountFen: number | null;
  paidFen: number;
  settled: boolean;
}

/** Everything the licence says is owed and when: payments, royalty reports, the R15 decision. */
export function dueItems(state: LicenceState): DueItem[] {
  const c = state.consideration;
  if (!state.exists || !c || !state.terms || !state.considerationSince) return [];
  const items: DueItem[] = [];
  const payment = (itemKey: string, label: string, dueOn: string, amountFen: number) => {
    const paidFen = state.paid[itemKey] ?? 0;
    items.push({ itemKey, label, kind: 'payment', dueOn, amountFen, paidFen, settled: paidFen >= amountFen });
  };
  if (c.upfrontFeeFen > 0)
    payment('upfront', '入门费 / upfront fee', addDays(state.considerationSince, UPFRONT_PAYMENT_DAYS), c.upfrontFeeFen);
  for (const m of c.milestones) {
    const dueOn = m.due.kind === 'date' ? m.due.dueOn : state.milestonesReached[m.milestoneId]?.paymentDueOn;
    if (dueOn) payment(`milestone:${m.milestoneId}`, `里程碑 / milestone: ${m.description}`, dueOn, m.amountFen);
  }
  for (const d of c.deferredPayments) payment(`deferred:${d.deferredId}`, '延期支付 / deferred payment', d.dueOn, d.amountFen);
  if (c.royalty) {
    for (const p of reportingPeriods(state)) {
      const reported = state.reports[p.period];
      items.push({
        itemKey: `report:${p.period}`,
        label: `提成报告 / royalty report ${p.period}`,
        kind: 'report',
        dueOn: addDays(p.endsOn, c.royalty.reportDueDays),
        amountFen: null,
        paidFen: 0,
        settled: reported !== undefined,
      });
    }
  }
  for (const [period, report] of Object.entries(state.reports)) {
    if (report.amountDueFen > 0) payment(`royalty:${period}`, `提成 / royalty ${period}`, report.paymentDueOn, report.amountDueFen);
  }
  const ufpl = state.terms.useFirstPayLater;
  if (ufpl) {
    const decidedByTermination =
      state.termination?.ground === 'use_first_pay_later_not_converted' && licenceStatusOf(state) !== 'in_effect';
    items.push({
      itemKey: 'decision',
      label: '先使用后付费转换决定 / use-first-pay-later decision',
      kind: 'decision',
      dueOn: ufpl.decisionDueOn,
      amountFen: null,
      paidFen: 0,
      settled: state.conversion !== null || decidedByTermination,
    });
  }
  return items.sort((a, b) => (a.dueOn === b.dueOn ? a.itemKey.localeCompare(b.itemKey) : a.dueOn < b.dueOn ? -1 : 1));
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT;
const positiveFen = (value: unknown): value is number => isWholeFen(value) && value > 0;

function checkEvidence(evidence: LicenceEvidence): DomainRuleViolation | null {
  const documented = evidence.documentSha256.length > 0 && evidence.documentSha256.every((h) => SHA256.test(h));
  return !text(evidence.summary) || !documented ? Errors.evidenceRequired() : null;
}

function checkPastDate(field: string, date: string, now: string): DomainRuleViolation | null {
  if (!isCalendarDate(date)) return Errors.invalidField(field, 'is a calendar date (YYYY-MM-DD)');
  const today = shanghaiDate(now);
  return date > today ? Errors.dateInFuture(field, today) : null;
}

/** A consideration's shape and amounts (any mix of the four, with an optional guarantee); ids unique. */
export function checkConsideration(c: Consideration, field = 'consideration', usedIds: readonly string[] = []): DomainRuleViolation | null {
  if (!isWholeFen(c.upfrontFeeFen)) return Errors.invalidField(`${field}.upfrontFeeFen`, 'is a whole number of fen, 0 or more');
  if (c.milestones.length + c.deferredPayments.length > MAX_ITEMS) return Errors.invalidField(field, `names at most ${MAX_ITEMS} payments`);
  const ids = new Set(usedIds);
  for (const [i, m] of c.milestones.entries()) {
    const at = `${field}.milestones[${i}]`;
    if (!text(m.milestoneId) || ids.has(m.milestoneId)) return Errors.invalidField(`${at}.milestoneId`, 'is a new, unique id');
    ids.add(m.milestoneId);
    if (!text(m.description)) return Errors.invalidField(`${at}.description`, 'is required');
    if (!positiveFen(m.amountFen)) return Errors.invalidField(`${at}.amountFen`, 'is a positive whole number of fen');
    if (m.due.kind === 'date' && !isCalendarDate(m.due.dueOn)) return Errors.invalidField(`${at}.due.dueOn`, 'is a calendar date');
    if (m.due.kind === 'event') {
      if (!text(m.due.trigger)) return Errors.invalidField(`${at}.due.trigger`, 'names the event that triggers the payment');
      if (!Number.isInteger(m.due.paymentDays) || m.due.paymentDays < 0 || m.due.paymentDays > 365)
        return Errors.invalidField(`${at}.due.paymentDays`, 'is a whole number of days, 0 to 365');
    }
  }
  for (const [i, d] of c.deferredPayments.entries()) {
    const at = `${field}.deferredPayments[${i}]`;
    if (!text(d.deferredId) || ids.has(d.deferredId)) return Errors.invalidField(`${at}.deferredId`, 'is a new, unique id');
    ids.add(d.deferredId);
    if (!positiveFen(d.amountFen)) return Errors.invalidField(`${at}.amountFen`, 'is a positive whole number of fen');
    if (!isCalendarDate(d.dueOn)) return Errors.invalidField(`${at}.dueOn`, 'is a calendar date');
  }
  const r = c.royalty;
  if (r) {
    if (!Number.isInteger(r.rateBasisPoints) || r.rateBasisPoints < 1 || r.rateBasisPoints > 10_000)
      return Errors.invalidField(`${field}.royalty.rateBasisPoints`, 'is 1 to 10000 basis points');
    if (!isWholeFen(r.minimumAnnualRoyaltyFen))
      return Errors.invalidField(`${field}.royalty.minimumAnnualRoyaltyFen`, 'is a whole number of fen');
    if (!Number.isInteger(r.reportDueDays) || r.reportDueDays < 1 || r.reportDueDays > 180)
      return Errors.invalidField(`${field}.royalty.reportDueDays`, 'is 1 to 180 days');
  }
  const g = c.guarantee;
  if (g && (!text(g.guarantor) || !positiveFen(g.amountFen)))
    return Errors.invalidField(`${field}.guarantee`, 'names its guarantor and a positive amount');
  return null;
}

/** Every due date of the fixed consideration, with the field it is in. */
function fixedDueDates(c: Consideration, field: string): Array<[string, string]> {
  return [
    ...c.milestones.flatMap((m, i): Array<[string, string]> =>
      m.due.kind === 'date' ? [[`${field}.milestones[${i}].due.dueOn`, m.due.dueOn]] : [],
    ),
    ...c.deferredPayments.map((d, i): [string, string] => [`${field}.deferredPayments[${i}].dueOn`, d.dueOn]),
  ];
}

function checkTerms(terms: LicenceTerms): DomainRuleViolation | null {
  if (!text(terms.territory)) return Errors.invalidField('terms.territory', 'is required');
  if (!text(terms.fieldOfUse)) return Errors.invalidField('terms.fieldOfUse', 'is required');
  if (typeof terms.sublicensing !== 'boolean') return Errors.invalidField('terms.sublicensing', 'is true or false');
  const { startsOn, endsOn } = terms.term;
  if (!isCalendarDate(startsOn) || !isCalendarDate(endsOn)) return Errors.termInvalid('starts and ends on calendar dates');
  if (endsOn <= startsOn) return Errors.termInvalid('ends after it starts');
  // A patent lives at most 20 years; a longer licence term is a typing error (and would mean thousands of periods).
  if (endsOn > addDays(startsOn, MAX_TERM_YEARS * 366)) return Errors.termInvalid(`runs at most ${MAX_TERM_YEARS} years`);
  const { licensee } = terms;
  if (!text(licensee.name)) return Errors.invalidField('terms.licensee.name', 'is required');
  if (!LICENSEE_CLASSES.includes(licensee.class))
    return Errors.invalidField('terms.licensee.class', `is one of ${LICENSEE_CLASSES.join(', ')}`);
  if (licensee.creditCode !== null && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(licensee.creditCode))
    return Errors.invalidField('terms.licensee.creditCode', 'is an 18-character unified social credit code');
  const invalid = checkConsideration(terms.consideration, 'terms.consideration');
  if (invalid) return invalid;
  for (const [field, date] of fixedDueDates(terms.consideration, 'terms.consideration')) {
    if (date > endsOn) return Errors.invalidField(field, 'falls inside the term');
  }
  return null;
}

/** R15: the use-first-pay-later terms, against the policy in force on the recording date. */
function checkUseFirstPayLater(terms: LicenceTerms, policy: LicensingPolicyState, now: string): DomainRuleViolation | number {
  const ufpl = terms.useFirstPayLater!;
  const date = shanghaiDate(now);
  const inForce = licensingPolicyOn(policy, date);
  const allowed = inForce?.useFirstPayLaterClasses ?? [];
  if (!inForce || !allowed.includes(terms.licensee.class)) return Errors.classNotAllowed(terms.licensee.class, allowed, date);
  const c = terms.consideration;
  if (c.upfrontFeeFen !== 0) return Errors.upfrontNotZero(c.upfrontFeeFen);
  if (fixedConsiderationFen(c) === 0 && !c.royalty) return Errors.noPaymentAgreed();
  const { startsOn, endsOn } = terms.term;
  if (!isCalendarDate(ufpl.decisionDueOn) || ufpl.decisionDueOn <= startsOn || ufpl.decisionDueOn > endsOn)
    return Errors.decisionDateInvalid();
  const start = ufpl.paymentStart;
  if (start.kind === 'date') {
    if (!isCalendarDate(start.on) || start.on < startsOn || start.on > endsOn)
      return Errors.invalidField('terms.useFirstPayLater.paymentStart.on', 'is a calendar date inside the term');
    const early = fixedDueDates(c, 'terms.consideration').find(([, due]) => due < start.on);
    if (early) return Errors.paymentBeforeStart(early[0], `falls due before payment starts on ${start.on}`);
  } else {
    // Payment starts at the first sales, a date nobody knows yet: nothing may fall due on a fixed date.
    const dated = fixedDueDates(c, 'terms.consideration')[0];
    if (dated)
      return Errors.paymentBeforeStart(
        dated[0],
        'payment starts at the first sales: pay on events (milestones) and royalties, not on dates',
      );
  }
  return inForce.version;
}

/** R5–R7: why this case cannot price this licence, or null. */
function checkCase(state: TransferCaseState, terms: LicenceTerms, licenceId: string): DomainRuleViolation | null {
  if (!state.exists) return Errors.caseNotFound(licenceId);
  if (state.achievementId === null) return Errors.caseNamesNoAchievement();
  if (state.mode.kind !== 'license') return Errors.caseNotALicence(state.mode.kind);
  if (state.mode.exclusivity !== terms.exclusivity) return Errors.exclusivityMismatch(state.mode.exclusivity, terms.exclusivity);
  if (!state.priceSettled) return Errors.priceNotSettled(caseStatusOf(state));
  const counterparty = state.market?.counterparty ?? state.counterparty;
  const sameName = counterparty !== null && counterparty.name.trim() === terms.licensee.name.trim();
  const sameCode = !counterparty?.creditCode || counterparty.creditCode === terms.licensee.creditCode;
  if (!sameName || !sameCode) return Errors.licenseeNotCounterparty(counterparty?.name ?? null);
  const fixed = fixedConsiderationFen(terms.consideration);
  if (fixed !== state.priceFen) return Errors.considerationNotPriced(fixed, state.priceFen);
  return null;
}

const trimmed = (terms: LicenceTerms): LicenceTerms => ({
  ...terms,
  territory: terms.territory.trim(),
  fieldOfUse: terms.fieldOfUse.trim(),
  licensee: { ...terms.licensee, name: terms.licensee.name.trim() },
});

function decide(command: LicenceCommand, state: LicenceState): LicenceEvent[] | DomainRuleViolation {
  if (command.type === 'RecordLicence') {
    if (state.exists) return Errors.alreadyRecorded();
    const { transferCase, register, policy } = command.facts;
    const invalid = checkTerms(command.terms);
    if (invalid) return invalid;
    const refused = checkCase(transferCase, command.terms, command.licenceId);
    if (refused) return refused;
    const notTransformable = mayBeTransformedByUnit(register);
    if (notTransformable) return notTransformable;
    let policyVersion: number | null = null;
    if (command.terms.useFirstPayLater) {
      const checked = checkUseFirstPayLater(command.terms, policy, command.now);
      if (typeof checked !== 'number') return checked;
      policyVersion = checked;
    }
    const theCase = transferCase as Extract<TransferCaseState, { exists: true }>;
    const terms = trimmed(command.terms);
    if (terms.useFirstPayLater) terms.useFirstPayLater = { ...terms.useFirstPayLater, policyVersion: policyVersion! };
    const events: LicenceEvent[] = [
      {
        type: 'LicenceRecorded',
        licenceId: command.licenceId,
        caseId: theCase.caseId,
        achievementId: theCase.achievementId!,
        achievementTitle: register.title,
        terms,
        fixedConsiderationFen: fixedConsiderationFen(terms.consideration),
        pricedFen: theCase.priceFen,
        pricingMethod: theCase.pricingMethod,
        termsHash: termsHash(terms),
        recordedBy: command.actor.userId,
        recordedAt: command.now,
        ruleKeys: terms.useFirstPayLater ? ['R5', 'R6', 'R7', 'R15'] : ['R5', 'R6', 'R7'],
      },
    ];
    // Recorded after its case was executed: it is in effect from the execution on.
    if (theCase.executed) events.push(tookEffect(command.licenceId, theCase.caseId, theCase.executed.executedAt));
    return events;
  }

  if (!state.exists || !state.terms || !state.consideration) return Errors.notFound(command.licenceId);
  const status = licenceStatusOf(state);

  switch (command.type) {
    case 'TakeEffect': {
      if (state.effectiveOn) return []; // a redelivered execution
      const theCase = command.facts.transferCase;
      if (!theCase.exists || !theCase.executed) return Errors.caseNotExecuted();
      return [tookEffect(state.licenceId!, state.caseId!, theCase.executed.executedAt)];
    }

    case 'RecordMilestoneReached': {
      if (status !== 'in_effect' && status !== 'termination_proposed') return Errors.notInEffect(status);
      const milestone = state.consideration.milestones.find((m) => m.milestoneId === command.milestoneId);
      if (!milestone) return Errors.milestoneNotFound(command.milestoneId);
      if (milestone.due.kind !== 'event') return Errors.milestoneNotEventTriggered(command.milestoneId);
      if (state.milestonesReached[command.milestoneId]) return Errors.milestoneAlreadyReached(command.milestoneId);
      const invalid = checkPastDate('reachedOn', command.reachedOn, command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      return [
        {
          type: 'LicenceMilestoneReached',
          licenceId: state.licenceId!,
          milestoneId: command.milestoneId,
          reachedOn: command.reachedOn,
          paymentDueOn: addDays(command.reachedOn, milestone.due.paymentDays),
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
        },
      ];
    }

    case 'RecordRoyaltyReport': {
      if (status !== 'in_effect' && status !== 'termination_proposed') return Errors.notInEffect(status);
      const royalty = state.consideration.royalty;
      if (!royalty) return Errors.noRoyalty();
      const period = periodOf(command.period, royalty.reportingPeriod);
      if (!period) return Errors.periodInvalid(command.period, royalty.reportingPeriod);
      const periods = reportingPeriods(state);
      const index = periods.findIndex((p) => p.period === period.period);
      if (index < 0) return Errors.periodOutsideTerm(command.period);
      if (state.reports[period.period]) return Errors.reportExists(period.period);
      const unreported = periods.slice(0, index).find((p) => !state.reports[p.period]);
      if (unreported) return Errors.earlierPeriodUnreported(unreported.period);
      if (shanghaiDate(command.now) <= period.endsOn) return Errors.periodNotEnded(period.period, period.endsOn);
      if (!isWholeFen(command.netSalesFen)) return Errors.invalidField('netSalesFen', 'is a whole number of fen, 0 or more');
      if (!isWholeFen(command.statedRoyaltyFen)) return Errors.invalidField('statedRoyaltyFen', 'is a whole number of fen, 0 or more');
      const invalid = checkPastDate('reportedOn', command.reportedOn, command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      // R15: the first report with sales starts the payments of a licence that pays from first sales.
      const firstSales =
        state.terms.useFirstPayLater?.paymentStart.kind === 'first_sales' && state.firstSalesOn === null && command.netSalesFen > 0;
      const start = paymentsStartOn(state, firstSales ? period.startsOn : state.firstSalesOn);
      const payable = start !== null && period.endsOn >= start;
      const royaltyFen = payable ? royaltyOn(command.netSalesFen, royalty.rateBasisPoints) : 0;
      if (command.statedRoyaltyFen !== royaltyFen) return Errors.royaltyMismatch(command.statedRoyaltyFen, royaltyFen);
      const shortfall = minimumShortfall(state, period, royaltyFen, start);
      const dueOn = addDays(period.endsOn, royalty.reportDueDays);
      return [
        {
          type: 'RoyaltyReportRecorded',
          licenceId: state.licenceId!,
          reportId: command.reportId,
          period: period.period,
          periodStartsOn: period.startsOn,
          periodEndsOn: period.endsOn,
          netSalesFen: command.netSalesFen,
          rateBasisPoints: royalty.rateBasisPoints,
          royaltyFen,
          minimumShortfallFen: shortfall,
          amountDueFen: royaltyFen + shortfall,
          paymentDueOn: dueOn,
          reportedOn: command.reportedOn,
          firstSales,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: state.terms.useFirstPayLater ? ['R15'] : ['R5'],
        },
      ];
    }

    case 'RecordPayment': {
      if (status === 'awaiting_effect') return Errors.notInEffect(status);
      if (state.paymentIds.includes(command.paymentId)) return Errors.paymentExists(command.paymentId);
      const itemKey = itemKeyOf(command.item);
      const item = dueItems(state).find((i) => i.itemKey === itemKey && i.kind === 'payment');
      if (!item || item.amountFen === null) return Errors.itemNotDue(itemKey);
      if (!positiveFen(command.amountFen)) return Errors.invalidField('amountFen', 'is a positive whole number of fen');
      const outstanding = item.amountFen - item.paidFen;
      if (command.amountFen > outstanding) return Errors.paymentExceedsOutstanding(itemKey, outstanding);
      const invalid = checkPastDate('receivedOn', command.receivedOn, command.now) ?? checkEvidence(command.evidence);
      if (invalid) return invalid;
      return [
        {
          type: 'LicencePaymentReceived',
          licenceId: state.licenceId!,
          paymentId: command.paymentId,
          achievementId: state.achievementId!,
          caseId: state.caseId!,
          item: command.item,
          itemKey,
          amountFen: command.amountFen,
          receivedOn: command.receivedOn,
          payer: state.terms.licensee.name,
          evidence: command.evidence,
          recordedBy: command.actor.userId,
          recordedAt: command.now,
          ruleKeys: state.terms.useFirstPayLater ? ['R8', 'R14', 'R15'] : ['R8', 'R14'],
        },
      ];
    }

    case 'NotePaymentNotLedgered':
      return [
        {
          type: 'LicencePaymentNotLedgered',
          licenceId: state.licenceId!,
          paymentId: command.paymentId,
          code: command.code,
          detail: command.detail,
          notedAt: command.now,
        },
      ];

    case 'EscalateOverdue': {
      if (state.escalations[command.itemKey]) return []; // escalated before (a retried activity)
      const item = dueItems(state).find((i) => i.itemKey === command.itemKey);
      if (status === 'terminated' || !item || item.settled || command.now < endOfDay(item.dueOn)) return Errors.notOverdue(command.itemKey);
      return [
        {
          type: 'LicenceObligationOverdue',
          licenceId: state.licenceId!,
          itemKey: item.itemKey,
          label: item.label,
          dueOn: item.dueOn,
          outstandingFen: item.amountFen === null ? null : item.amountFen - item.paidFen,
          cureEndsOn: addDays(shanghaiDate(command.now), CURE_PERIOD_DAYS),
          escalatedTo: 'tto_officer',
          escalatedAt: command.now,
          ruleKeys: state.terms.useFirstPayLater ? ['R15'] : ['R5'],
        },
      ];
    }

    case 'RecordUncuredDefault': {
      const escalation = state.escalations[command.itemKey];
      if (!escalation) return Errors.notOverdue(command.itemKey);
      if (escalation.uncured) return [];
      const item = dueItems(state).find((i) => i.itemKey === command.itemKey);
      if (status === 'terminated' || !item || item.settled) return Errors.notOverdue(command.itemKey);
      if (command.now < endOfDay(escalation.cureEndsOn)) return Errors.cureNotOver(command.itemKey, escalation.cureEndsOn);
      return [
        {
          type: 'LicenceDefaultUncured',
          licenceId: state.licenceId!,
          itemKey: command.itemKey,
          cureEndsOn: escalation.cureEndsOn,
          recordedAt: command.now,
          ruleKeys: state.terms.useFirstPayLater ? ['R15'] : ['R5'],
        },
      ];
    }

    case 'DecideConversion': {
      if (!state.terms.useFirstPayLater) return Errors.notUseFirstPayLater();
      if (state.conversion) return Errors.conversionDecided();
      if (status !== 'in_effect')
        return status === 'termination_proposed' ? Errors.terminationPending('proposed') : Errors.notInEffect(status);
      const used = [
        ...state.consideration.milestones.map((m) => m.milestoneId),
        ...state.consideration.deferredPayments.map((d) => d.deferredId),
      ];
      const invalid =
        checkConsideration(command.consideration, 'consideration', used) ??
        (!text(command.reasons) ? Errors.invalidField('reasons', 'are required') : null) ??
        checkEvidence(command.evidence);
      if (invalid) return invalid;
      const before = state.consideration.royalty;
      const after = command.consideration.royalty;
      if (before && after && before.reportingPeriod !== after.reportingPeriod)
        return Errors.invalidField('consideration.royalty.reportingPeriod', `stays ${before.reportingPeriod}`);
      const late = fixedDueDates(command.consideration, 'consideration').find(([, due]) => due > state.terms!.term.endsOn);
      if (late) return Errors.invalidField(late[0], 'falls inside the term');
      return [
        {
          type: 'LicenceConvertedToPaid',
          licenceId: state.licenceId!,
          consideration: command.consideration,
          reasons: command.reasons.trim(),
          evidence: command.evidence,
          decidedBy: command.actor.userId,
          decidedAt: command.now,
          ruleKeys: ['R15'],
        },
      ];
    }

    case 'ProposeTermination': {
      if (status === 'terminated') return Errors.notInEffect(status);
      if (status === 'termination_proposed') return Errors.terminationPending('proposed');
      if (status !== 'in_effect') return Errors.notInEffect(status);
      if (!text(command.reasons)) return Errors.invalidField('reasons', 'are required');
      let itemKeys: string[] = [];
      if (command.ground === 'uncured_default') {
        const unsettled = new Set(
          dueItems(state)
            .filter((i) => !i.settled)
            .map((i) => i.itemKey),
        );
        itemKeys = Object.entries(state.escalations)
          .filter(([key, e]) => e.uncured && unsettled.has(key))
          .map(([key]) => key);
        if (itemKeys.length === 0) return Errors.noUncuredDefault();
      } else if (command.ground === 'use_first_pay_later_not_converted') {
        if (!state.terms.useFirstPayLater) return Errors.notUseFirstPayLater();
        if (state.conversion) return Errors.conversionDecided();
      }
      const round = (state.termination?.round ?? 0) + 1;
      const opened = decideSignOff(
        {
          type: 'OpenSignOffRound',
          signOffId: LICENCE_TERMINATION_SIGN_OFF,
          subject: `许可终止 / licence termination: ${state.achievementTitle} — ${state.terms.licensee.name} (${command.ground})`,
          termsHash: termsHash({ licenceId: state.licenceId, ground: command.ground, itemKeys, reasons: command.reasons.trim(), round }),
          mode: { kind: 'parallel' },
          parties: TERMINATION_POLICY.parties,
          deadline: new Date(Date.parse(command.now) + TERMINATION_POLICY.days * 86_400_000).toISOString(),
          reminderOffsetsMs: TERMINATION_POLICY.reminderOffsetsMs,
          escalationRole: TERMINATION_POLICY.escalationRole,
          ruleKeys: state.terms.useFirstPayLater ? ['R5', 'R15'] : ['R5'],
          // R4, R13: the proposer and the achievement's inventors never sign for the unit.
          conflictedUserIds: [command.actor.userId, ...command.facts.register.inventors.map((i) => i.userId)],
          achievementId: state.achievementId!,
          now: command.now,
        },
        state.signOffs,
      );
      if (isRuleViolation(opened)) return opened;
      return [
        {
          type: 'LicenceTerminationProposed',
          licenceId: state.licenceId!,
          ground: command.ground,
          itemKeys,
          reasons: command.reasons.trim(),
          proposedBy: command.actor.userId,
          proposedAt: command.now,
          signOffId: LICENCE_TERMINATION_SIGN_OFF,
          round,
          ruleKeys: state.terms.useFirstPayLater ? ['R5', 'R15'] : ['R5'],
        },
        ...opened,
      ];
    }
  }
}

function tookEffect(licenceId: string, caseId: string, executedAt: string): LicenceEvent {
  return {
    type: 'LicenceTookEffect',
    licenceId,
    caseId,
    effectiveOn: shanghaiDate(executedAt),
    caseExecutedAt: executedAt,
    ruleKeys: ['R5', 'R8'],
  };
}

/**
 * The minimum annual royalty's shortfall, owed on the report whose period closes a calendar year
 * that lies wholly inside the term and the paying part of the licence (a first, partial year owes none).
 */
function minimumShortfall(state: LicenceState, period: Period, royaltyFen: number, paymentsStart: string | null): number {
  const minimum = state.consideration?.royalty?.minimumAnnualRoyaltyFen ?? 0;
  if (minimum === 0 || !period.endsOn.endsWith('-12-31') || paymentsStart === null) return 0;
  const year = period.endsOn.slice(0, 4);
  const first = firstDayOf(state)!;
  if (paymentsStart > `${year}-01-01` || first > `${year}-01-01` || state.terms!.term.endsOn < `${year}-12-31`) return 0;
  const earlier = Object.entries(state.reports)
    .filter(([p]) => p.startsWith(year))
    .reduce((sum, [, r]) => sum + r.royaltyFen, 0);
  return Math.max(0, minimum - earlier - royaltyFen);
}

function evolve(state: LicenceState, event: LicenceEvent): LicenceState {
  if (isSignOffEvent(event)) return { ...state, signOffs: evolveSignOff(state.signOffs, event) };
  switch (event.type) {
    case 'LicenceRecorded':
      return {
        ...state,
        exists: true,
        licenceId: event.licenceId,
        caseId: event.caseId,
        achievementId: event.achievementId,
        achievementTitle: event.achievementTitle,
        recordedBy: event.recordedBy,
        terms: event.terms,
        consideration: event.terms.consideration,
      };
    case 'LicenceTookEffect':
      return { ...state, effectiveOn: event.effectiveOn, considerationSince: event.effectiveOn };
    case 'LicenceMilestoneReached':
      return {
        ...state,
        milestonesReached: {
          ...state.milestonesReached,
          [event.milestoneId]: { reachedOn: event.reachedOn, paymentDueOn: event.paymentDueOn },
        },
      };
    case 'RoyaltyReportRecorded':
      return {
        ...state,
        reports: {
          ...state.reports,
          [event.period]: {
            reportId: event.reportId,
            periodStartsOn: event.periodStartsOn,
            periodEndsOn: event.periodEndsOn,
            netSalesFen: event.netSalesFen,
            royaltyFen: event.royaltyFen,
            amountDueFen: event.amountDueFen,
            paymentDueOn: event.paymentDueOn,
          },
        },
        firstSalesOn: event.firstSales ? event.periodStartsOn : state.firstSalesOn,
      };
    case 'LicencePaymentReceived':
      return {
        ...state,
        paid: { ...state.paid, [event.itemKey]: (state.paid[event.itemKey] ?? 0) + event.amountFen },
        paymentIds: [...state.paymentIds, event.paymentId],
      };
    case 'LicencePaymentNotLedgered':
      return state;
    case 'LicenceObligationOverdue':
      return {
        ...state,
        escalations: { ...state.escalations, [event.itemKey]: { dueOn: event.dueOn, cureEndsOn: event.cureEndsOn, uncured: false } },
      };
    case 'LicenceDefaultUncured': {
      const escalation = state.escalations[event.itemKey];
      return escalation ? { ...state, escalations: { ...state.escalations, [event.itemKey]: { ...escalation, uncured: true } } } : state;
    }
    case 'LicenceConvertedToPaid': {
      const decidedOn = shanghaiDate(event.decidedAt);
      return { ...state, consideration: event.consideration, considerationSince: decidedOn, conversion: { decidedOn } };
    }
    case 'LicenceTerminationProposed':
      return { ...state, termination: { ground: event.ground, round: event.round, itemKeys: event.itemKeys } };
  }
}

export const licenceDecider: Decider<LicenceCommand, LicenceEvent, LicenceState> = {
  initialState: initialLicenceState,
  decide,
  evolve,
};
