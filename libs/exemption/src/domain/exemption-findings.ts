import { DAY_MS } from '@chengguo/kernel';
import { ACHIEVEMENT_STREAM_PREFIX, achievementDecider, r5FilingRequired } from '@chengguo/achievement-register/domain';
import type { AchievementEvent, AchievementState } from '@chengguo/achievement-register/domain';
import { ABANDONMENT_CONTRACT_PREFIX, CONTRACT_SIGNATURE } from '@chengguo/abandonment-contract/domain';
import { DISCLOSURE_STREAM_PREFIX } from '@chengguo/disclosure/domain';
import type { DisclosureContent } from '@chengguo/disclosure/domain';
import type { SignOffParty } from '@chengguo/sign-off/domain';
import { MIN_PUBLICITY_DAYS } from '@chengguo/transfer-publicity/domain';
import { APPROVAL_SIGN_OFF_ID, TRANSFER_CASE_STREAM_PREFIX } from '@chengguo/transfer-publicity/domain';
import type { Counterparty, TransferCaseOpened } from '@chengguo/transfer-publicity/domain';
import { DecisionMaker, EffectiveDecisionMaker, ExemptionSubject, Finding, NegativeListHit } from './exemption.events';

/**
 * R13 (XZ-18) and R4 (XZ-4): the automatic findings on a decision, recomputed from the recorded
 * event history and never taken from the claimant. Pure: the caller reads the streams and passes
 * them in; the same history always yields the same findings.
 * (a) democratic decision procedure — the decision came through a sign-off closed as signed by
 *     every party (abandonment: the contract's `contract-signature`; transfer: `transfer-approval`);
 * (b) supervision — an evaluation was recorded before the decision (abandonment: the one the
 *     decision cites, R4/R2; transfer: in the achievement's disclosure stream, before the approval);
 * (c) information publicity — a priced transfer was preceded by a completed publicity period of at
 *     least 15 days (R7), or by a listing or auction (R6); nothing is priced in an abandonment;
 * (d) no visible conflict of interest — no decision-maker is an inventor of the achievement or the
 *     counterparty.
 * Besides the findings, the negative list (负面清单) wherever the history can show an item (each hit
 * a code naming its rule; the decider refuses the claim on any hit):
 * - N5 / R5: a classified achievement (the register's classification at the decision, or the case's
 *   own, requires supervisory filing) approved or executed without a recorded filing;
 * - N3 / R7: an agreement price approved without a completed, sufficient publicity period;
 * - N4 / R4, R13: someone the history shows deciding or signing for the unit is an inventor of the
 *   achievement or the counterparty, or approved the case they prepared.
 */

/** One recorded event as the findings need it (id, place in its stream, store time). */
export interface HistoryEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- events of several processes, read by type
  /** When the store recorded it: orders events across streams. */
  recordedAt: string;
}

/** The streams involved, by stream id. */
export type History = Record<string, HistoryEvent[]>;

export type HistoryAssessment =
  | {
      subjectFound: true;
      findings: Finding[];
      decisionMakers: EffectiveDecisionMaker[];
      examined: Array<{ streamId: string; revision: number }>;
      ruleKeys: string[];
      /** Negative-list items the history shows (双清单, R13); any one refuses the claim. */
      negativeListHits: NegativeListHit[];
    }
  | { subjectFound: false; reason: string };

const ms = (iso: string): number => Date.parse(iso);
const normalise = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/**
 * The streams to read for a subject, given its own stream: an abandonment decision brings its
 * contract; a transfer case whose achievement is a disclosure brings that disclosure.
 */
export function relatedStreams(subject: ExemptionSubject, subjectStream: HistoryEvent[]): string[] {
  if (subject.kind === 'abandonment_decision') {
    const disclosureId = subject.streamId.startsWith(DISCLOSURE_STREAM_PREFIX)
      ? subject.streamId.slice(DISCLOSURE_STREAM_PREFIX.length)
      : null;
    return disclosureId
      ? [subject.streamId, `${ABANDONMENT_CONTRACT_PREFIX}${disclosureId}`, `${ACHIEVEMENT_STREAM_PREFIX}${disclosureId}`]
      : [subject.streamId];
  }
  const opened = subjectStream.find((e) => e.type === 'TransferCaseOpened')?.data as Omit<TransferCaseOpened, 'type'> | undefined;
  const achievementId = caseAchievementId(opened);
  return [
    subject.streamId,
    ...(opened?.achievement.kind === 'disclosure' ? [`${DISCLOSURE_STREAM_PREFIX}${opened.achievement.id}`] : []),
    ...(achievementId ? [`${ACHIEVEMENT_STREAM_PREFIX}${achievementId}`] : []),
  ];
}

/** The register's achievement a case names (v2), else the disclosure id of an older case (= its achievement id). */
export function caseAchievementId(opened: Pick<TransferCaseOpened, 'achievementId' | 'achievement'> | undefined): string | null {
  if (!opened) return null;
  return opened.achievementId ?? (opened.achievement.kind === 'disclosure' ? opened.achievement.id : null);
}

/** The register's state as it stood at an instant (its events recorded up to then): what was known when the unit decided. */
function registerAt(history: History, achievementId: string | null, at: string): AchievementState | null {
  const events = achievementId ? (history[`${ACHIEVEMENT_STREAM_PREFIX}${achievementId}`] ?? []) : [];
  const upTo = events.filter((e) => ms(e.recordedAt) <= ms(at));
  if (upTo.length === 0) return null;
  return upTo.reduce(
    (state, e) => achievementDecider.evolve(state, { ...e.data, type: e.type } as AchievementEvent),
    achievementDecider.initialState,
  );
}

/**
 * N4 (R4, R13): the unit-side actors the history shows (deciding or signing) who were conflicted:
 * an inventor, the counterparty (by user id or name), or whoever `extra` names. A name only the
 * claim gives fails the finding (d) but is not a behaviour the history shows.
 */
function conflictedActors(
  makers: EffectiveDecisionMaker[],
  finding: Finding,
  inventorIds: string[],
  counterparty: Counterparty | null,
  extra: Array<{ userId: string; why: string }> = [],
): NegativeListHit | null {
  const shown = makers.filter((m) => m.sources.some((s) => s !== 'claim'));
  const counterpartyKeys = [counterparty?.name, counterparty?.creditCode].filter((k): k is string => !!k).map(normalise);
  const isCounterparty = (m: EffectiveDecisionMaker) =>
    counterpartyKeys.includes(normalise(m.userId)) || (m.name !== null && counterpartyKeys.includes(normalise(m.name)));
  const who = [
    ...new Set([
      ...shown.filter((m) => inventorIds.includes(m.userId)).map((m) => `${m.userId} (inventor)`),
      ...shown.filter(isCounterparty).map((m) => `${m.userId} (counterparty)`),
      ...extra.map((x) => `${x.userId} (${x.why})`),
    ]),
  ];
  if (who.length === 0) return null;
  return {
    code: 'R13_CONFLICTED_PARTY_DECIDED',
    itemId: 'N4',
    ruleKeys: ['R4', 'R13'],
    evidenceEventIds: finding.evidenceEventIds,
    detail: `存在利益冲突未回避 / a conflicted person acted for the unit: ${who.join(', ')} (R4, R13).`,
  };
}

interface RoundRecord {
  opened: HistoryEvent;
  parties: SignOffParty[];
  signatures: HistoryEvent[];
  closed: HistoryEvent | null;
}

/** The rounds of one sign-off in a stream, each with its signatures and closing event. */
function roundsOf(events: HistoryEvent[], signOffId: string): RoundRecord[] {
  const rounds = new Map<number, RoundRecord>();
  for (const e of events) {
    if (!e.type.startsWith('SignOff') || e.data.signOffId !== signOffId) continue;
    if (e.type === 'SignOffRoundOpened') rounds.set(e.data.round, { opened: e, parties: e.data.parties, signatures: [], closed: null });
    const round = rounds.get(e.data.round);
    if (!round) continue;
    if (e.type === 'SignOffSigned') round.signatures.push(e);
    if (e.type === 'SignOffRoundClosed') round.closed = e;
  }
  return [...rounds.values()].sort((a, b) => a.opened.revision - b.opened.revision);
}

function democraticProcedure(round: RoundRecord | undefined, what: string, ruleKeys: string[]): Finding {
  const finding = (outcome: 'pass' | 'fail', evidenceEventIds: string[], detail: string): Finding => ({
    key: 'democratic_procedure',
    outcome,
    ruleKeys,
    evidenceEventIds,
    detail,
  });
  if (!round) return finding('fail', [], `No ${what} sign-off on record for this decision.`);
  const opened = round.opened.eventId;
  if (!round.closed) return finding('fail', [opened], `The ${what} sign-off (round ${round.opened.data.round}) has not closed.`);
  const outcome: string = round.closed.data.outcome;
  if (outcome !== 'signed')
    return finding('fail', [opened, round.closed.eventId], `The ${what} sign-off closed as ${outcome}, not signed.`);
  const signedParties = new Set(round.signatures.map((s) => s.data.partyId as string));
  const missing = round.parties.filter((p) => !signedParties.has(p.partyId)).map((p) => p.partyId);
  const evidence = [opened, ...round.signatures.map((s) => s.eventId), round.closed.eventId];
  if (missing.length > 0) return finding('fail', evidence, `The ${what} sign-off closed without the signatures of: ${missing.join(', ')}.`);
  return finding(
    'pass',
    evidence,
    `Every party of the ${what} sign-off (${round.parties.map((p) => p.partyId).join(', ')}) signed round ${round.opened.data.round}.`,
  );
}

/** The content (with inventors) in force at a revision of a disclosure stream. */
function contentAt(disclosure: HistoryEvent[], before: (e: HistoryEvent) => boolean): HistoryEvent | undefined {
  const kinds = ['DisclosureDrafted', 'DisclosureDraftUpdated', 'DisclosureSubmitted', 'DisclosureAmended'];
  return disclosure.filter((e) => kinds.includes(e.type) && before(e)).at(-1);
}

function addMaker(
  makers: Map<string, EffectiveDecisionMaker>,
  userId: string,
  source: EffectiveDecisionMaker['sources'][number],
  name?: string | null,
): void {
  const existing = makers.get(userId) ?? { userId, name: null, sources: [] };
  makers.set(userId, {
    userId,
    name: existing.name ?? name ?? null,
    sources: existing.sources.includes(source) ? existing.sources : [...existing.sources, source],
  });
}

/** Signers of a round who act for the unit (not for themselves as inventors), with their principals. */
function unitSigners(round: RoundRecord | undefined, makers: Map<string, EffectiveDecisionMaker>, actedIn: Map<string, string[]>): void {
  if (!round) return;
  for (const s of round.signatures) {
    const party = round.parties.find((p) => p.partyId === s.data.partyId);
    if (!party || party.role === 'inventor') continue;
    for (const userId of [s.data.userId, s.data.onBehalfOf].filter((u): u is string => typeof u === 'string')) {
      addMaker(makers, userId, 'sign-off');
      actedIn.set(userId, [...(actedIn.get(userId) ?? []), s.eventId]);
    }
  }
}

interface ConflictFacts {
  makers: EffectiveDecisionMaker[];
  /** Where each maker acted (decision and signature event ids), as far as the history shows it. */
  actedIn: Map<string, string[]>;
  content: HistoryEvent | undefined;
  counterparty: { value: Counterparty; eventId: string } | null;
  ruleKeys: string[];
}

function noConflictOfInterest({ makers, actedIn, content, counterparty, ruleKeys }: ConflictFacts): Finding {
  const inventors = ((content?.data.content as DisclosureContent | undefined)?.inventors ?? []).map((i) => ({
    userId: i.userId,
    name: normalise(i.name),
  }));
  const conflicts: string[] = [];
  const evidence = new Set<string>();
  for (const maker of makers) {
    const name = maker.name ? normalise(maker.name) : null;
    const inventor = inventors.find((i) => i.userId === maker.userId || (name !== null && i.name === name));
    if (inventor && content) {
      conflicts.push(`${maker.userId} is an inventor of the achievement (${inventor.userId})`);
      evidence.add(content.eventId);
      for (const id of actedIn.get(maker.userId) ?? []) evidence.add(id);
    }
    if (counterparty) {
      const keys = [counterparty.value.name, counterparty.value.creditCode].filter((k): k is string => !!k).map(normalise);
      if (keys.includes(normalise(maker.userId)) || (name !== null && keys.includes(name))) {
        conflicts.push(`${maker.userId} is the counterparty (${counterparty.value.name})`);
        evidence.add(counterparty.eventId);
        for (const id of actedIn.get(maker.userId) ?? []) evidence.add(id);
      }
    }
  }
  if (conflicts.length > 0) {
    return {
      key: 'no_conflict_of_interest',
      outcome: 'fail',
      ruleKeys,
      evidenceEventIds: [...evidence],
      detail: `Conflict of interest: ${conflicts.join('; ')}.`,
    };
  }
  const proof = [content?.eventId, counterparty?.eventId, ...makers.flatMap((m) => actedIn.get(m.userId) ?? [])].filter(
    (id): id is string => !!id,
  );
  return {
    key: 'no_conflict_of_interest',
    outcome: 'pass',
    ruleKeys,
    evidenceEventIds: [...new Set(proof)],
    detail: `None of ${makers.map((m) => m.userId).join(', ')} is an inventor of the achievement${counterparty ? ' or the counterparty' : ''}.`,
  };
}

function examinedOf(history: History): Array<{ streamId: string; revision: number }> {
  return Object.entries(history)
    .map(([streamId, events]) => ({ streamId, revision: events.length === 0 ? -1 : events[events.length - 1].revision }))
    .sort((a, b) => a.streamId.localeCompare(b.streamId));
}

function claimedMakers(claimed: DecisionMaker[]): Map<string, EffectiveDecisionMaker> {
  const makers = new Map<string, EffectiveDecisionMaker>();
  for (const m of claimed) addMaker(makers, m.userId, 'claim', m.name);
  return makers;
}

function assessAbandonment(subject: ExemptionSubject, claimed: DecisionMaker[], history: History): HistoryAssessment {
  const disclosure = history[subject.streamId] ?? [];
  const decision = disclosure.find((e) => e.eventId === subject.eventId);
  if (
    !subject.streamId.startsWith(DISCLOSURE_STREAM_PREFIX) ||
    !decision ||
    decision.type !== 'DisclosureDecided' ||
    decision.data.decision !== 'do_not_file'
  ) {
    return {
      subjectFound: false,
      reason: `${subject.eventId} is not a "do not file" decision (DisclosureDecided) in ${subject.streamId}.`,
    };
  }
  const ruleKeys = ['R13', 'R4'];
  const contract = history[`${ABANDONMENT_CONTRACT_PREFIX}${decision.data.disclosureId}`] ?? [];
  const opened = contract.find((e) => e.type === 'AbandonmentContractOpened');

  // (a) the contract resting on this decision was signed by every party (R3, R4).
  const rounds = roundsOf(contract, CONTRACT_SIGNATURE).filter((r) => r.closed?.data.outcome !== 'voided');
  const round = rounds.at(-1);
  let procedure: Finding;
  if (!opened || opened.data.decisionEventId !== decision.eventId) {
    procedure = {
      key: 'democratic_procedure',
      outcome: 'fail',
      ruleKeys,
      evidenceEventIds: [decision.eventId],
      detail: 'No abandonment contract rests on this decision.',
    };
  } else {
    procedure = democraticProcedure(round, 'contract-signature', ruleKeys);
    procedure = { ...procedure, evidenceEventIds: [opened.eventId, ...procedure.evidenceEventIds] };
  }

  // (b) the decision cites an evaluation recorded before it (R2, R4).
  const evaluation = disclosure.find((e) => e.type === 'EvaluationRecorded' && e.eventId === decision.data.evaluationId);
  const supervision: Finding =
    evaluation && evaluation.revision < decision.revision
      ? {
          key: 'supervision',
          outcome: 'pass',
          ruleKeys: [...ruleKeys, 'R2'],
          evidenceEventIds: [evaluation.eventId, decision.eventId],
          detail: `The decision cites evaluation ${evaluation.eventId}, recorded before it (recommendation: ${evaluation.data.recommendation}).`,
        }
      : {
          key: 'supervision',
          outcome: 'fail',
          ruleKeys: [...ruleKeys, 'R2'],
          evidenceEventIds: [decision.eventId],
          detail: `The decision cites evaluation ${decision.data.evaluationId}, which is not recorded before it in ${subject.streamId}.`,
        };

  // (c) nothing was priced.
  const publicity: Finding = {
    key: 'information_publicity',
    outcome: 'not_applicable',
    ruleKeys,
    evidenceEventIds: [],
    detail: 'An abandonment sets no price, so no publicity was due (R7 applies to agreement prices).',
  };

  // (d) the contract's counterparties are the inventors: no unit-side decision-maker may be one.
  const makers = claimedMakers(claimed);
  addMaker(makers, decision.data.decidedBy, 'decision');
  const actedIn = new Map<string, string[]>([[decision.data.decidedBy, [decision.eventId]]]);
  unitSigners(round, makers, actedIn);
  const content = contentAt(disclosure, (e) => e.revision < decision.revision);
  const conflict = noConflictOfInterest({ makers: [...makers.values()], actedIn, content, counterparty: null, ruleKeys });
  const inventorIds = ((content?.data.content as DisclosureContent | undefined)?.inventors ?? []).map((i) => i.userId);
  const conflicted = conflictedActors([...makers.values()], conflict, inventorIds, null);

  return {
    subjectFound: true,
    findings: [procedure, supervision, publicity, conflict],
    decisionMakers: [...makers.values()],
    examined: examinedOf(history),
    ruleKeys,
    negativeListHits: conflicted ? [conflicted] : [],
  };
}

function assessTransfer(subject: ExemptionSubject, claimed: DecisionMaker[], history: History): HistoryAssessment {
  const events = history[subject.streamId] ?? [];
  const openedEvent = events.find((e) => e.type === 'TransferCaseOpened');
  const referenced = events.find((e) => e.eventId === subject.eventId);
  if (!subject.streamId.startsWith(TRANSFER_CASE_STREAM_PREFIX) || !openedEvent || !referenced) {
    return { subjectFound: false, reason: `${subject.eventId} is not an event of transfer case ${subject.streamId}.` };
  }
  const opened = openedEvent.data as Omit<TransferCaseOpened, 'type'>;
  const isInvestment = opened.mode.kind === 'equity_investment';
  if ((subject.kind === 'equity_investment') !== isInvestment) {
    return { subjectFound: false, reason: `The case's mode is ${opened.mode.kind}; the claim names a ${subject.kind}.` };
  }
  const rounds = roundsOf(events, APPROVAL_SIGN_OFF_ID);
  let round: RoundRecord | undefined;
  if (referenced.type === 'SignOffRoundClosed' && referenced.data.signOffId === APPROVAL_SIGN_OFF_ID) {
    round = rounds.find((r) => r.closed?.eventId === referenced.eventId);
  } else if (referenced.type === 'TransferExecuted') {
    round = rounds.filter((r) => r.closed && r.closed.revision < referenced.revision).at(-1);
  } else {
    return {
      subjectFound: false,
      reason: `${subject.eventId} is neither the approval's closing event nor the execution of ${subject.streamId}.`,
    };
  }
  if (!round) return { subjectFound: false, reason: `No approval round of ${subject.streamId} precedes ${subject.eventId}.` };
  const approvalOpened = round.opened;
  const approvalClosed = round.closed ?? round.opened;

  // (a) the approval round closed as signed by every party.
  const procedure = democraticProcedure(round, APPROVAL_SIGN_OFF_ID, ['R13']);

  // (b) an evaluation of the achievement was recorded before the approval closed.
  const disclosure = opened.achievement.kind === 'disclosure' ? (history[`${DISCLOSURE_STREAM_PREFIX}${opened.achievement.id}`] ?? []) : [];
  const evaluation = disclosure.filter((e) => e.type === 'EvaluationRecorded' && ms(e.recordedAt) < ms(approvalClosed.recordedAt)).at(-1);
  const supervision: Finding = evaluation
    ? {
        key: 'supervision',
        outcome: 'pass',
        ruleKeys: ['R13', 'R2'],
        evidenceEventIds: [evaluation.eventId, approvalClosed.eventId],
        detail: `Evaluation ${evaluation.eventId} of the achievement was recorded before the approval.`,
      }
    : {
        key: 'supervision',
        outcome: 'fail',
        ruleKeys: ['R13', 'R2'],
        evidenceEventIds: [approvalClosed.eventId],
        detail:
          opened.achievement.kind === 'disclosure'
            ? `No evaluation of disclosure ${opened.achievement.id} was recorded before the approval.`
            : `The achievement is patent ${opened.achievement.id}; no evaluation of it is on record.`,
      };

  // (c) the price was made public for ≥ 15 days (R7) or found on a market (R6) before the approval opened.
  const before = events.filter((e) => e.revision < approvalOpened.revision);
  let publicity: Finding;
  if (opened.pricingMethod === 'agreement') {
    const completed = before.filter((e) => e.type === 'PublicityPeriodCompleted').at(-1);
    const notice = completed && before.find((e) => e.type === 'PublicityNoticePublished' && e.data.round === completed.data.round);
    const revisedAfter = completed && before.some((e) => e.type === 'TransferPriceRevised' && e.revision > completed.revision);
    const ruleKeys = ['R13', 'R7'];
    if (!completed || !notice) {
      publicity = {
        key: 'information_publicity',
        outcome: 'fail',
        ruleKeys,
        evidenceEventIds: [approvalOpened.eventId],
        detail: 'No publicity period of the agreement price completed before the approval.',
      };
    } else {
      const lastedMs = ms(completed.data.completedAt) - ms(notice.data.publishedAt);
      const problems = [
        notice.data.days < MIN_PUBLICITY_DAYS ? `the notice ran ${notice.data.days} days (< ${MIN_PUBLICITY_DAYS})` : null,
        lastedMs < MIN_PUBLICITY_DAYS * DAY_MS
          ? `it completed ${(lastedMs / DAY_MS).toFixed(1)} days after publication (< ${MIN_PUBLICITY_DAYS})`
          : null,
        ms(completed.data.completedAt) < ms(notice.data.periodEndsAt) ? 'it completed before its period ended' : null,
        revisedAfter ? 'the price was revised after it' : null,
      ].filter((p): p is string => p !== null);
      publicity =
        problems.length === 0
          ? {
              key: 'information_publicity',
              outcome: 'pass',
              ruleKeys,
              evidenceEventIds: [notice.eventId, completed.eventId],
              detail: `The price was published for ${notice.data.days} days (round ${notice.data.round}) and the period completed at ${completed.data.completedAt}.`,
            }
          : {
              key: 'information_publicity',
              outcome: 'fail',
              ruleKeys,
              evidenceEventIds: [notice.eventId, completed.eventId],
              detail: `Publicity insufficient: ${problems.join('; ')}.`,
            };
    }
  } else {
    const market = before.filter((e) => e.type === 'MarketResultRecorded' && e.data.result === 'deal').at(-1);
    publicity = market
      ? {
          key: 'information_publicity',
          outcome: 'pass',
          ruleKeys: ['R13', 'R6'],
          evidenceEventIds: [market.eventId],
          detail: `The price was found by ${market.data.method} on ${market.data.exchange} (${market.data.listingNumber}).`,
        }
      : {
          key: 'information_publicity',
          outcome: 'fail',
          ruleKeys: ['R13', 'R6'],
          evidenceEventIds: [approvalOpened.eventId],
          detail: `No ${opened.pricingMethod} deal was recorded before the approval.`,
        };
  }

  // (d) no approver (or claimed decision-maker) is an inventor or the counterparty.
  const makers = claimedMakers(claimed);
  const actedIn = new Map<string, string[]>();
  unitSigners(round, makers, actedIn);
  const market = before.filter((e) => e.type === 'MarketResultRecorded' && e.data.result === 'deal' && e.data.counterparty).at(-1);
  const counterparty = market
    ? { value: market.data.counterparty as Counterparty, eventId: market.eventId }
    : opened.counterparty
      ? { value: opened.counterparty, eventId: openedEvent.eventId }
      : null;
  const content = contentAt(disclosure, (e) => ms(e.recordedAt) <= ms(approvalClosed.recordedAt));
  const conflict = noConflictOfInterest({ makers: [...makers.values()], actedIn, content, counterparty, ruleKeys: ['R13'] });

  // The negative list, as far as the history shows it.
  const hits: NegativeListHit[] = [];
  const achievementId = caseAchievementId(opened);
  const register = registerAt(history, achievementId, referenced.recordedAt);
  const filing = events.find((e) => e.type === 'SupervisoryFilingRecorded' && e.revision < referenced.revision);
  const registerRequiresFiling = register !== null && register.status !== 'unregistered' && r5FilingRequired(register);
  if ((opened.supervisoryFilingRequired || registerRequiresFiling) && !filing) {
    const reclassified = (achievementId ? (history[`${ACHIEVEMENT_STREAM_PREFIX}${achievementId}`] ?? []) : [])
      .filter((e) => e.type === 'AchievementReclassified' && ms(e.recordedAt) <= ms(referenced.recordedAt))
      .map((e) => e.eventId);
    hits.push({
      code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
      itemId: 'N5',
      ruleKeys: ['R5', 'R13'],
      evidenceEventIds: [openedEvent.eventId, ...reclassified, referenced.eventId],
      detail: `涉密或关键核心技术未经备案转化 / the achievement's classification (${
        registerRequiresFiling ? 'the register' : 'the case'
      }) requires supervisory filing, and none was recorded before ${referenced.type} (R5).`,
    });
  }
  if (opened.pricingMethod === 'agreement' && publicity.outcome === 'fail') {
    hits.push({
      code: 'R7_PRICE_NOT_PUBLICISED',
      itemId: 'N3',
      ruleKeys: ['R7', 'R13'],
      evidenceEventIds: publicity.evidenceEventIds,
      detail: `隐瞒成果信息或定价 / the agreement price was approved without its publicity completed: ${publicity.detail}`,
    });
  }
  const inventorIds = [
    ...((content?.data.content as DisclosureContent | undefined)?.inventors ?? []).map((i) => i.userId),
    ...(register?.inventors ?? []).map((i) => i.userId),
  ];
  const preparerApproved = round.signatures.some(
    (s) => s.data.userId === opened.openedBy && round.parties.find((p) => p.partyId === s.data.partyId)?.role !== 'inventor',
  );
  const conflicted = conflictedActors(
    [...makers.values()],
    conflict,
    inventorIds,
    counterparty?.value ?? null,
    preparerApproved ? [{ userId: opened.openedBy, why: 'prepared the case and approved it' }] : [],
  );
  if (conflicted) hits.push(conflicted);

  return {
    subjectFound: true,
    findings: [procedure, supervision, publicity, conflict],
    decisionMakers: [...makers.values()],
    examined: examinedOf(history),
    ruleKeys: ['R13'],
    negativeListHits: hits,
  };
}

/** The findings (a)–(d) on a subject, from the history of the streams `relatedStreams` names. */
export function computeFindings(subject: ExemptionSubject, claimedDecisionMakers: DecisionMaker[], history: History): HistoryAssessment {
  return subject.kind === 'abandonment_decision'
    ? assessAbandonment(subject, claimedDecisionMakers, history)
    : assessTransfer(subject, claimedDecisionMakers, history);
}
