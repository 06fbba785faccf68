import { computeFindings, History, HistoryEvent, relatedStreams } from './exemption-findings';
import { ExemptionSubject, Finding, FindingKey } from './exemption.events';

/**
 * The four findings (R13; R4 for abandonment), each passing and failing, on histories built the
 * way the disclosure, abandonment-contract and transfer-case deciders record them.
 */

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T02:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/** Appends events to streams with increasing revisions; ids name the event for readable failures. */
function historyBuilder() {
  const history: History = {};
  let last = T0;
  const add = (streamId: string, type: string, data: Record<string, unknown>, id?: string, recordedAt?: string): HistoryEvent => {
    const events = (history[streamId] ??= []);
    // Recorded in the order added, a minute apart unless the test names the instant.
    last = recordedAt ? Date.parse(recordedAt) : last + 60_000;
    const event = {
      streamId,
      revision: events.length,
      eventId: id ?? `${streamId}:${events.length}:${type}`,
      type,
      data,
      recordedAt: new Date(last).toISOString(),
    };
    events.push(event);
    return event;
  };
  return { history, add };
}

const inventors = [
  { userId: 'li', name: '李雷', shareBasisPoints: 6000 },
  { userId: 'han', name: '韩梅梅', shareBasisPoints: 4000 },
];
const content = { title: '一种催化剂', inventors };

function signOff(
  add: ReturnType<typeof historyBuilder>['add'],
  streamId: string,
  signOffId: string,
  parties: Array<{ partyId: string; role: string; userId?: string }>,
  signers: Record<string, string>,
  outcome = 'signed',
  round = 1,
) {
  const opened = add(streamId, 'SignOffRoundOpened', { signOffId, round, parties }, `${signOffId}-opened-${round}`);
  const signatures = Object.entries(signers).map(([partyId, userId]) =>
    add(streamId, 'SignOffSigned', { signOffId, round, partyId, userId, onBehalfOf: null }, `${signOffId}-signed-${partyId}-${round}`),
  );
  const closed =
    outcome === 'open' ? null : add(streamId, 'SignOffRoundClosed', { signOffId, round, outcome }, `${signOffId}-closed-${round}`);
  return { opened, signatures, closed };
}

const contractParties = [
  { partyId: 'inventor:li', role: 'inventor', userId: 'li' },
  { partyId: 'inventor:han', role: 'inventor', userId: 'han' },
  { partyId: 'tto', role: 'tto_officer' },
  { partyId: 'legal', role: 'legal' },
  { partyId: 'unit-leader', role: 'unit_leader' },
];
const allContractSigners = { 'inventor:li': 'li', 'inventor:han': 'han', tto: 'wang', legal: 'zhou', 'unit-leader': 'sun' };

/** disclosure → evaluation → "do not file" by `decidedBy` → contract opened → signature round. */
function abandonment(
  options: {
    decidedBy?: string;
    signers?: Record<string, string>;
    outcome?: string;
    evaluationCited?: string;
    evaluationAfter?: boolean;
    contract?: boolean;
  } = {},
) {
  const { history, add } = historyBuilder();
  const d = 'disclosure-d1';
  const submitted = add(d, 'DisclosureSubmitted', { disclosureId: 'd1', content }, 'submitted');
  const evaluation = () =>
    add(d, 'EvaluationRecorded', { disclosureId: 'd1', evaluationId: 'evaluation', recommendation: 'do_not_file' }, 'evaluation');
  if (!options.evaluationAfter) evaluation();
  const decision = add(
    d,
    'DisclosureDecided',
    {
      disclosureId: 'd1',
      decision: 'do_not_file',
      evaluationId: options.evaluationCited ?? 'evaluation',
      decidedBy: options.decidedBy ?? 'sun',
      ruleKeys: ['R3', 'R4'],
    },
    'decision',
  );
  if (options.evaluationAfter) evaluation();
  const c = 'abandonment-contract-d1';
  const result = {
    history,
    submitted,
    decision,
    opened: undefined as HistoryEvent | undefined,
    round: undefined as ReturnType<typeof signOff> | undefined,
  };
  if (options.contract === false) return result;
  result.opened = add(
    c,
    'AbandonmentContractOpened',
    { contractId: 'd1', decisionEventId: 'decision', evaluationEventId: 'evaluation' },
    'contract-opened',
  );
  result.round = signOff(add, c, 'contract-signature', contractParties, options.signers ?? allContractSigners, options.outcome ?? 'signed');
  return result;
}

const abandonmentSubject: ExemptionSubject = { kind: 'abandonment_decision', streamId: 'disclosure-d1', eventId: 'decision' };
const findingsOf = (outcome: ReturnType<typeof computeFindings>): Record<FindingKey, Finding> => {
  if (!outcome.subjectFound) throw new Error(outcome.reason);
  return Object.fromEntries(outcome.findings.map((f) => [f.key, f])) as Record<FindingKey, Finding>;
};

describe('findings on an abandonment decision (R13, R4)', () => {
  it('all pass on a diligent history, each pointing at the events that prove it', () => {
    const h = abandonment();
    const outcome = computeFindings(abandonmentSubject, [{ userId: 'sun', name: '孙校长' }], h.history);
    const f = findingsOf(outcome);
    expect(f.democratic_procedure).toMatchObject({
      outcome: 'pass',
      ruleKeys: ['R13', 'R4'],
      evidenceEventIds: [
        'contract-opened',
        h.round!.opened.eventId,
        ...h.round!.signatures.map((s) => s.eventId),
        h.round!.closed!.eventId,
      ],
    });
    expect(f.supervision).toMatchObject({ outcome: 'pass', evidenceEventIds: ['evaluation', 'decision'] });
    expect(f.information_publicity).toMatchObject({ outcome: 'not_applicable', evidenceEventIds: [] });
    expect(f.no_conflict_of_interest.outcome).toBe('pass');
    expect(f.no_conflict_of_interest.evidenceEventIds).toEqual(
      expect.arrayContaining(['submitted', 'decision', 'contract-signature-signed-tto-1', 'contract-signature-signed-legal-1']),
    );
    // Decision-makers: the claimed one, the decider and the unit-side signers — never the inventors who sign for themselves.
    expect(outcome.subjectFound && outcome.decisionMakers.map((m) => m.userId).sort()).toEqual(['sun', 'wang', 'zhou']);
    expect(outcome.subjectFound && outcome.examined).toEqual([
      { streamId: 'abandonment-contract-d1', revision: 7 },
      { streamId: 'disclosure-d1', revision: 2 },
    ]);
  });

  it('names the contract stream among the related streams', () => {
    expect(relatedStreams(abandonmentSubject, [])).toEqual(['disclosure-d1', 'abandonment-contract-d1', 'achievement-d1']);
  });

  it('refuses a subject that is not a "do not file" decision', () => {
    const h = abandonment();
    expect(computeFindings({ ...abandonmentSubject, eventId: 'evaluation' }, [], h.history)).toMatchObject({ subjectFound: false });
    expect(computeFindings({ ...abandonmentSubject, streamId: 'transfer-case-x' }, [], h.history)).toMatchObject({ subjectFound: false });
  });

  it('(a) fails when a party never signed, when the round was rejected, and when no contract rests on the decision', () => {
    const { legal: _legal, ...withoutLegal } = allContractSigners;
    expect(
      findingsOf(computeFindings(abandonmentSubject, [], abandonment({ signers: withoutLegal }).history)).democratic_procedure,
    ).toMatchObject({
      outcome: 'fail',
      detail: expect.stringContaining('legal'),
    });
    expect(
      findingsOf(computeFindings(abandonmentSubject, [], abandonment({ signers: {}, outcome: 'rejected' }).history)).democratic_procedure,
    ).toMatchObject({
      outcome: 'fail',
      detail: expect.stringContaining('rejected'),
      evidenceEventIds: ['contract-opened', 'contract-signature-opened-1', 'contract-signature-closed-1'],
    });
    expect(
      findingsOf(computeFindings(abandonmentSubject, [], abandonment({ signers: allContractSigners, outcome: 'open' }).history))
        .democratic_procedure.outcome,
    ).toBe('fail');
    expect(
      findingsOf(computeFindings(abandonmentSubject, [], abandonment({ contract: false }).history)).democratic_procedure,
    ).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: ['decision'],
    });
  });

  it('(b) fails when the cited evaluation is not recorded before the decision', () => {
    expect(findingsOf(computeFindings(abandonmentSubject, [], abandonment({ evaluationAfter: true }).history)).supervision).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: ['decision'],
    });
    expect(
      findingsOf(computeFindings(abandonmentSubject, [], abandonment({ evaluationCited: 'another-evaluation' }).history)).supervision
        .outcome,
    ).toBe('fail');
  });

  it('(d) fails when the deciding leader is an inventor, and when a claimed decision-maker is one by name', () => {
    const byInventor = findingsOf(
      computeFindings(abandonmentSubject, [], abandonment({ decidedBy: 'li' }).history),
    ).no_conflict_of_interest;
    expect(byInventor).toMatchObject({ outcome: 'fail', detail: expect.stringContaining('li is an inventor') });
    expect(byInventor.evidenceEventIds.sort()).toEqual(['decision', 'submitted']);

    const signedForUnit = findingsOf(
      computeFindings(abandonmentSubject, [], abandonment({ signers: { ...allContractSigners, 'unit-leader': 'han' } }).history),
    );
    expect(signedForUnit.no_conflict_of_interest).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: expect.arrayContaining(['submitted', 'contract-signature-signed-unit-leader-1']),
    });

    const claimedByName = findingsOf(
      computeFindings(abandonmentSubject, [{ userId: 'meimei.h', name: ' 韩梅梅 ' }], abandonment().history),
    );
    expect(claimedByName.no_conflict_of_interest).toMatchObject({ outcome: 'fail', evidenceEventIds: ['submitted'] });
  });
});

const approvalParties = [
  { partyId: 'tto-head', role: 'tto_officer' },
  { partyId: 'finance', role: 'finance' },
  { partyId: 'unit-leader', role: 'unit_leader' },
];
const approvers = { 'tto-head': 'wang', finance: 'wu', 'unit-leader': 'sun' };

/** A transfer case on a disclosure (evaluated first), priced by agreement with a publicity period, or by a market. */
function transfer(
  options: {
    pricing?: 'agreement' | 'listing';
    days?: number;
    completedAfterDays?: number;
    mode?: string;
    counterparty?: { name: string; creditCode?: string };
    approvers?: Record<string, string>;
    evaluation?: boolean;
    achievementKind?: 'disclosure' | 'patent';
    published?: boolean;
    openedBy?: string;
    /** The register reclassifies the achievement as key core technology: before the approval, or after the execution. */
    reclassified?: 'before_approval' | 'after_execution';
    supervisoryFilingRequired?: boolean;
    filed?: boolean;
  } = {},
) {
  const { history, add } = historyBuilder();
  const pricing = options.pricing ?? 'agreement';
  add('disclosure-d2', 'DisclosureSubmitted', { disclosureId: 'd2', content }, 'submitted', at(0));
  if (options.evaluation !== false)
    add('disclosure-d2', 'EvaluationRecorded', { disclosureId: 'd2', evaluationId: 'evaluation-d2' }, 'evaluation-d2', at(1));
  const c = 'transfer-case-c1';
  add(
    c,
    'TransferCaseOpened',
    {
      caseId: 'c1',
      achievement: { kind: options.achievementKind ?? 'disclosure', id: 'd2', name: '一种催化剂' },
      mode: { kind: options.mode ?? 'transfer' },
      pricingMethod: pricing,
      counterparty: options.counterparty ?? { name: '拉萨高原科技有限公司', creditCode: '91540000MA6T0000X1' },
      proposedPriceFen: 50_000_000,
      supervisoryFilingRequired: options.supervisoryFilingRequired ?? false,
      openedBy: options.openedBy ?? 'ma',
    },
    'case-opened',
    at(2),
  );
  const r = 'achievement-d2';
  const unclassified = { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false };
  const keyCore = { ...unclassified, keyCoreTechnology: true };
  add(
    r,
    'AchievementRegistered',
    {
      achievementId: 'd2',
      origin: { kind: 'disclosure', disclosureId: 'd2', submittedBy: 'li' },
      kind: null,
      title: '一种催化剂',
      inventors,
      owner: { kind: 'unit' },
      classification: unclassified,
      status: 'to_be_filed',
      rights: { patentKind: null, applicationNumber: null, filingDate: null, grantDate: null, patentNumber: null },
      provenance: { kind: 'process_event', streamId: 'disclosure-d2', eventId: 'submitted', eventType: 'DisclosureSubmitted' },
    },
    'registered',
    at(2),
  );
  if (options.reclassified === 'before_approval')
    add(r, 'AchievementReclassified', { achievementId: 'd2', from: unclassified, to: keyCore }, 'reclassified', at(2.5));
  if (options.filed)
    add(
      c,
      'SupervisoryFilingRecorded',
      { caseId: 'c1', department: '区科技厅', filingNumber: 'F-1', filedOn: '2026-03-04' },
      'filing',
      at(2.6),
    );
  if (pricing === 'agreement' && options.published !== false) {
    const days = options.days ?? 15;
    add(
      c,
      'PublicityNoticePublished',
      { caseId: 'c1', round: 1, days, publishedAt: at(3), periodEndsAt: at(3 + days + 1) },
      'notice',
      at(3),
    );
    const completedAt = at(3 + (options.completedAfterDays ?? days + 1));
    add(
      c,
      'PublicityPeriodCompleted',
      { caseId: 'c1', round: 1, periodEndsAt: at(3 + days + 1), completedAt },
      'publicity-completed',
      completedAt,
    );
  }
  if (pricing === 'listing') {
    add(
      c,
      'MarketResultRecorded',
      {
        caseId: 'c1',
        method: 'listing',
        exchange: '西藏技术交易所',
        listingNumber: 'L-1',
        result: 'deal',
        finalPriceFen: 1,
        counterparty: { name: '买方公司' },
      },
      'market',
      at(4),
    );
  }
  const round = signOff(add, c, 'transfer-approval', approvalParties, options.approvers ?? approvers);
  const executed = add(c, 'TransferExecuted', { caseId: 'c1' }, 'executed');
  if (options.reclassified === 'after_execution')
    add(r, 'AchievementReclassified', { achievementId: 'd2', from: unclassified, to: keyCore }, 'reclassified', at(60));
  return { history, round, executed };
}

const transferSubject: ExemptionSubject = {
  kind: 'transfer_approval',
  streamId: 'transfer-case-c1',
  eventId: 'transfer-approval-closed-1',
};

describe('findings on a transfer approval or equity investment (R13, R6, R7)', () => {
  it('all pass after a completed 15-day publicity period, with the ids of notice, completion, evaluation and signatures', () => {
    const t = transfer();
    const f = findingsOf(computeFindings(transferSubject, [{ userId: 'sun' }], t.history));
    expect(f.democratic_procedure).toMatchObject({
      outcome: 'pass',
      ruleKeys: ['R13'],
      evidenceEventIds: ['transfer-approval-opened-1', ...t.round.signatures.map((s) => s.eventId), 'transfer-approval-closed-1'],
    });
    expect(f.supervision).toMatchObject({ outcome: 'pass', evidenceEventIds: ['evaluation-d2', 'transfer-approval-closed-1'] });
    expect(f.information_publicity).toMatchObject({
      outcome: 'pass',
      ruleKeys: ['R13', 'R7'],
      evidenceEventIds: ['notice', 'publicity-completed'],
    });
    expect(f.no_conflict_of_interest).toMatchObject({
      outcome: 'pass',
      evidenceEventIds: expect.arrayContaining(['case-opened', 'submitted']),
    });
    // Referencing the execution finds the same approval round.
    expect(
      findingsOf(computeFindings({ ...transferSubject, eventId: 'executed' }, [], t.history)).democratic_procedure.evidenceEventIds,
    ).toEqual(f.democratic_procedure.evidenceEventIds);
    expect(relatedStreams(transferSubject, t.history['transfer-case-c1'])).toEqual(['transfer-case-c1', 'disclosure-d2', 'achievement-d2']);
  });

  it('(c) fails when the notice ran under 15 days, or completed under 15 days after publication, or never ran', () => {
    expect(findingsOf(computeFindings(transferSubject, [], transfer({ days: 14 }).history)).information_publicity).toMatchObject({
      outcome: 'fail',
      ruleKeys: ['R13', 'R7'],
      evidenceEventIds: ['notice', 'publicity-completed'],
      detail: expect.stringContaining('14 days (< 15)'),
    });
    expect(
      findingsOf(computeFindings(transferSubject, [], transfer({ completedAfterDays: 10 }).history)).information_publicity,
    ).toMatchObject({
      outcome: 'fail',
      detail: expect.stringContaining('completed 10.0 days after publication'),
    });
    expect(findingsOf(computeFindings(transferSubject, [], transfer({ published: false }).history)).information_publicity).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: ['transfer-approval-opened-1'],
    });
  });

  it('(c) passes on a listing deal (R6) instead of publicity', () => {
    expect(findingsOf(computeFindings(transferSubject, [], transfer({ pricing: 'listing' }).history)).information_publicity).toMatchObject({
      outcome: 'pass',
      ruleKeys: ['R13', 'R6'],
      evidenceEventIds: ['market'],
    });
  });

  it('(a) fails when the approval round lacks a signature; (b) fails with no evaluation, or for a patent with none on record', () => {
    const { finance: _finance, ...twoOfThree } = approvers;
    expect(
      findingsOf(computeFindings(transferSubject, [], transfer({ approvers: twoOfThree }).history)).democratic_procedure,
    ).toMatchObject({
      outcome: 'fail',
      detail: expect.stringContaining('finance'),
    });
    expect(findingsOf(computeFindings(transferSubject, [], transfer({ evaluation: false }).history)).supervision).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: ['transfer-approval-closed-1'],
    });
    expect(findingsOf(computeFindings(transferSubject, [], transfer({ achievementKind: 'patent' }).history)).supervision.outcome).toBe(
      'fail',
    );
  });

  it('(d) fails when an approver is an inventor, or a decision-maker is the counterparty by name or credit code', () => {
    const inventorApproved = findingsOf(
      computeFindings(transferSubject, [], transfer({ approvers: { ...approvers, 'unit-leader': 'li' } }).history),
    );
    expect(inventorApproved.no_conflict_of_interest).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: expect.arrayContaining(['submitted', 'transfer-approval-signed-unit-leader-1']),
    });
    const byCode = findingsOf(computeFindings(transferSubject, [{ userId: '91540000ma6t0000x1' }], transfer().history));
    expect(byCode.no_conflict_of_interest).toMatchObject({
      outcome: 'fail',
      evidenceEventIds: ['case-opened'],
      detail: expect.stringContaining('counterparty'),
    });
    const byName = findingsOf(computeFindings(transferSubject, [{ userId: 'boss', name: '拉萨高原科技有限公司' }], transfer().history));
    expect(byName.no_conflict_of_interest.outcome).toBe('fail');
  });

  it('refuses a subject whose kind does not match the case, or that is not the approval or execution', () => {
    const t = transfer({ mode: 'equity_investment' });
    expect(computeFindings(transferSubject, [], t.history)).toMatchObject({ subjectFound: false });
    expect(computeFindings({ ...transferSubject, kind: 'equity_investment' }, [], t.history)).toMatchObject({ subjectFound: true });
    expect(computeFindings({ ...transferSubject, eventId: 'notice' }, [], transfer().history)).toMatchObject({ subjectFound: false });
  });
});

describe('the negative list as far as the history shows it (负面清单, R13)', () => {
  const hitsOf = (outcome: ReturnType<typeof computeFindings>) => {
    if (!outcome.subjectFound) throw new Error(outcome.reason);
    return outcome.negativeListHits;
  };

  it('a diligent transfer and a diligent abandonment show none', () => {
    expect(hitsOf(computeFindings(transferSubject, [{ userId: 'sun' }], transfer().history))).toEqual([]);
    expect(hitsOf(computeFindings(abandonmentSubject, [{ userId: 'sun' }], abandonment().history))).toEqual([]);
  });

  it('N5 (R5): the register classified it as key core technology before the approval, and no supervisory filing was recorded', () => {
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ reclassified: 'before_approval' }).history))).toEqual([
      expect.objectContaining({
        code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
        itemId: 'N5',
        ruleKeys: ['R5', 'R13'],
        evidenceEventIds: ['case-opened', 'reclassified', 'transfer-approval-closed-1'],
      }),
    ]);
    // The case's own R5 flag counts too (a case opened on the caller's classification).
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ supervisoryFilingRequired: true }).history))).toEqual([
      expect.objectContaining({
        code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
        evidenceEventIds: ['case-opened', 'transfer-approval-closed-1'],
      }),
    ]);
    // With the filing recorded first, or a classification the unit only learnt after the execution, there is no hit.
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ reclassified: 'before_approval', filed: true }).history))).toEqual([]);
    expect(
      hitsOf(computeFindings({ ...transferSubject, eventId: 'executed' }, [], transfer({ reclassified: 'after_execution' }).history)),
    ).toEqual([]);
  });

  it('N3 (R7): an agreement price approved without a sufficient publicity period; a listing deal needs none', () => {
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ published: false }).history))).toEqual([
      expect.objectContaining({ code: 'R7_PRICE_NOT_PUBLICISED', itemId: 'N3', evidenceEventIds: ['transfer-approval-opened-1'] }),
    ]);
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ days: 14 }).history)).map((h) => h.code)).toEqual([
      'R7_PRICE_NOT_PUBLICISED',
    ]);
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ pricing: 'listing' }).history))).toEqual([]);
  });

  it('N4 (R4, R13): an inventor approved or signed for the unit, or the officer who prepared the case approved it', () => {
    const inventorApproved = hitsOf(
      computeFindings(transferSubject, [], transfer({ approvers: { ...approvers, 'unit-leader': 'li' } }).history),
    );
    expect(inventorApproved).toEqual([
      expect.objectContaining({
        code: 'R13_CONFLICTED_PARTY_DECIDED',
        itemId: 'N4',
        evidenceEventIds: expect.arrayContaining(['transfer-approval-signed-unit-leader-1']),
        detail: expect.stringContaining('li (inventor)'),
      }),
    ]);
    const preparer = approvers['tto-head'];
    expect(hitsOf(computeFindings(transferSubject, [], transfer({ openedBy: preparer }).history))).toEqual([
      expect.objectContaining({
        code: 'R13_CONFLICTED_PARTY_DECIDED',
        detail: expect.stringContaining('prepared the case and approved it'),
      }),
    ]);
    const signedForUnit = hitsOf(
      computeFindings(abandonmentSubject, [], abandonment({ signers: { ...allContractSigners, 'unit-leader': 'li' } }).history),
    );
    expect(signedForUnit.map((h) => h.code)).toEqual(['R13_CONFLICTED_PARTY_DECIDED']);
    // An approver whose user id is the counterparty's credit code signed for the unit.
    const counterpartySigned = hitsOf(
      computeFindings(transferSubject, [], transfer({ approvers: { ...approvers, finance: '91540000ma6t0000x1' } }).history),
    );
    expect(counterpartySigned).toEqual([
      expect.objectContaining({
        code: 'R13_CONFLICTED_PARTY_DECIDED',
        detail: expect.stringContaining('91540000ma6t0000x1 (counterparty)'),
      }),
    ]);
    // A name only the claim gives fails the finding (d) but is not a behaviour the history shows.
    expect(hitsOf(computeFindings(transferSubject, [{ userId: 'boss', name: '拉萨高原科技有限公司' }], transfer().history))).toEqual([]);
  });
});
