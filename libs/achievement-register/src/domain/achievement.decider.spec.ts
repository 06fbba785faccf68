import { deciderSpec } from '../../../../test/support/decider-spec';
import {
  AchievementCommand,
  achievementDecider,
  AchievementState,
  isInventorOf,
  mayBeTransformedByUnit,
  r5FilingRequired,
  transformationClearance,
  unitIncomeShareOf,
} from './achievement.decider';
import { AchievementClassification, AchievementEvent, Evidence, ProcessEventSource } from './achievement.events';

const spec = deciderSpec(achievementDecider);
type Command<T extends AchievementCommand['type']> = Extract<AchievementCommand, { type: T }>;
const T = '2026-04-01T02:00:00.000Z';
const fold = (events: AchievementEvent[]): AchievementState => events.reduce(achievementDecider.evolve, achievementDecider.initialState);

const tto = { userId: 'wang', role: 'tto_officer' };
const leader = { userId: 'sun', role: 'unit_leader' };
const evidence: Evidence = { summary: '2019 ledger page 14, scanned', documentSha256: ['a'.repeat(64)] };
const src = (eventId: string, eventType: string, streamId = 'disclosure-d-1'): ProcessEventSource => ({
  kind: 'process_event',
  streamId,
  eventId,
  eventType,
});
const inventors = [
  { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
  { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
];
const internal: AchievementClassification = { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false };
const keyCore: AchievementClassification = { ...internal, keyCoreTechnology: true };
const NO_RIGHTS = { patentKind: null, applicationNumber: null, filingDate: null, grantDate: null, patentNumber: null };

const registered: AchievementEvent = {
  type: 'AchievementRegistered',
  achievementId: 'd-1',
  origin: { kind: 'disclosure', disclosureId: 'd-1', submittedBy: 'li' },
  kind: null,
  title: '一种低温固态电池电解质',
  inventors,
  owner: { kind: 'unit' },
  classification: internal,
  status: 'disclosed',
  rights: NO_RIGHTS,
  registeredAt: T,
  provenance: src('e-submitted', 'DisclosureSubmitted'),
  ruleKeys: ['R1', 'R12'],
};
const evaluating: AchievementEvent = {
  type: 'AchievementEvaluationStarted',
  achievementId: 'd-1',
  startedAt: T,
  provenance: src('e-assigned', 'EvaluatorAssigned'),
  ruleKeys: ['R2'],
};
const decided = (decision: 'file' | 'do_not_file' | 'trade_secret'): AchievementEvent => ({
  type: 'AchievementFilingDecided',
  achievementId: 'd-1',
  decision,
  decidedBy: 'sun',
  decidedAt: T,
  provenance: src('e-decided', 'DisclosureDecided'),
  ruleKeys: decision === 'do_not_file' ? ['R2', 'R3', 'R12'] : ['R2', 'R12'],
});
const contractSource = src('e-contract-signed', 'SignOffRoundClosed', 'abandonment-contract-d-1');
const toInventors: AchievementEvent = {
  type: 'AchievementOwnerChanged',
  achievementId: 'd-1',
  from: { kind: 'unit' },
  to: { kind: 'inventors', userIds: ['li', 'han'], contractId: 'd-1' },
  changedAt: T,
  provenance: contractSource,
  ruleKeys: ['R3', 'R12'],
};
const applicationSource = src('e-filed', 'PatentApplicationFiled', 'abandonment-contract-d-1');
const filedEvent: AchievementEvent = {
  type: 'PatentApplicationRecorded',
  achievementId: 'd-1',
  patentKind: 'invention_patent',
  applicationNumber: 'CN202610000001.2',
  filingDate: '2026-04-10',
  recordedAt: T,
  provenance: { kind: 'tto', userId: 'wang', evidence },
  ruleKeys: ['R12'],
};
const grantedEvent: AchievementEvent = {
  type: 'PatentGrantRecorded',
  achievementId: 'd-1',
  patentNumber: 'ZL202610000001.2',
  grantDate: '2027-06-01',
  recordedAt: T,
  provenance: { kind: 'tto', userId: 'wang', evidence },
  ruleKeys: ['R12'],
};
const caseSource = src('e-case-opened', 'TransferCaseOpened', 'transfer-case-c-1');
const caseOpened: AchievementEvent = {
  type: 'TransformationCaseOpened',
  achievementId: 'd-1',
  caseId: 'c-1',
  mode: 'transfer',
  openedBy: 'wang',
  openedAt: T,
  provenance: caseSource,
  ruleKeys: ['R5'],
};

const toBeFiled = [registered, evaluating, decided('file')];
const abandoned = [registered, evaluating, decided('do_not_file'), toInventors];
const granted = [...toBeFiled, filedEvent, grantedEvent];

const openCase: Command<'RecordTransformationCaseOpened'> = {
  type: 'RecordTransformationCaseOpened',
  caseId: 'c-1',
  mode: 'transfer',
  openedBy: 'wang',
  openedAt: T,
  source: caseSource,
};

describe('achievement register decider', () => {
  describe('registration from a disclosure (R1, R12)', () => {
    const register: Command<'RegisterDisclosedAchievement'> = {
      type: 'RegisterDisclosedAchievement',
      disclosureId: 'd-1',
      title: '一种低温固态电池电解质',
      inventors,
      classification: internal,
      submittedBy: 'li',
      submittedAt: T,
      source: src('e-submitted', 'DisclosureSubmitted'),
    };
    it('registers the disclosed achievement under the disclosure id, owned by the unit', () =>
      spec.given([]).when(register).then([registered]));
    it('records nothing when the same submission is delivered again', () => spec.given([registered]).when(register).then([]));
    it('records nothing for the same disclosure under another event id (one disclosure, one achievement)', () =>
      spec
        .given([registered])
        .when({ ...register, source: src('e-other', 'DisclosureSubmitted') })
        .then([]));
    it('refuses a disclosure whose id an existing registration already holds', () =>
      spec
        .given([
          {
            ...registered,
            origin: { kind: 'existing', registeredBy: 'wang', evidence },
            provenance: { kind: 'tto', userId: 'wang', evidence },
          },
        ])
        .when(register)
        .thenFails('ACHIEVEMENT_ALREADY_REGISTERED', 409));
    it('refuses shares that do not total 100%', () =>
      spec
        .given([])
        .when({ ...register, inventors: [{ ...inventors[0], shareBasisPoints: 5_000 }] })
        .thenFails('R12_SHARES_NOT_100_PERCENT', 422, { totalBasisPoints: 5_000 }));
    it('refuses an achievement without inventors or with one listed twice', () => {
      spec
        .given([])
        .when({ ...register, inventors: [] })
        .thenFails('R12_NO_INVENTORS');
      spec
        .given([])
        .when({ ...register, inventors: [inventors[0], { ...inventors[0], shareBasisPoints: 4_000 }] })
        .thenFails('R12_DUPLICATE_INVENTOR');
    });
    it('registers on a stream that so far holds only a noted irregularity', () =>
      spec
        .given([
          {
            type: 'RegisterIrregularityNoted',
            achievementId: 'd-1',
            code: 'ACHIEVEMENT_NOT_REGISTERED',
            detail: 'x',
            notedAt: T,
            provenance: src('e-early', 'TransferCaseOpened', 'transfer-case-c-0'),
            ruleKeys: ['R12'],
          },
        ])
        .when(register)
        .then([registered]));

    const amend: Command<'AmendDisclosedParticulars'> = {
      type: 'AmendDisclosedParticulars',
      title: 'v2',
      inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
      classification: keyCore,
      amendedAt: T,
      source: src('e-amended', 'DisclosureAmended'),
    };
    it('follows an amendment of the disclosure before evaluation', () =>
      spec
        .given([registered])
        .when(amend)
        .then([
          {
            type: 'AchievementParticularsAmended',
            achievementId: 'd-1',
            title: 'v2',
            inventors: amend.inventors,
            classification: keyCore,
            amendedAt: T,
            provenance: amend.source,
            ruleKeys: ['R1', 'R12'],
          },
        ]));
    it('refuses an amendment once evaluation started', () =>
      spec.given([registered, evaluating]).when(amend).thenFails('ACHIEVEMENT_WRONG_STATUS', 409, { currentStatus: 'under_evaluation' }));
  });

  describe('registration of an existing achievement by the TTO (R12)', () => {
    const existing: Command<'RegisterExistingAchievement'> = {
      type: 'RegisterExistingAchievement',
      achievementId: 'a-2019-7',
      kind: 'invention_patent',
      title: '旧专利',
      inventors,
      classification: internal,
      rights: {
        applicationNumber: 'CN201910000007.1',
        filingDate: '2019-03-01',
        grantDate: '2021-05-20',
        patentNumber: 'ZL201910000007.1',
      },
      evidence,
      actor: tto,
      now: T,
    };
    it('registers it with its rights, granted, owned by the unit', () =>
      spec
        .given([])
        .when(existing)
        .then([
          {
            type: 'AchievementRegistered',
            achievementId: 'a-2019-7',
            origin: { kind: 'existing', registeredBy: 'wang', evidence },
            kind: 'invention_patent',
            title: '旧专利',
            inventors,
            owner: { kind: 'unit' },
            classification: internal,
            status: 'granted',
            rights: { patentKind: 'invention_patent', ...existing.rights } as never,
            registeredAt: T,
            provenance: { kind: 'tto', userId: 'wang', evidence },
            ruleKeys: ['R12'],
          },
        ]));
    it('registers know-how without rights as kept as know-how', () => {
      const events = achievementDecider.decide(
        { ...existing, kind: 'know_how', rights: {} },
        achievementDecider.initialState,
      ) as AchievementEvent[];
      expect(fold(events)).toMatchObject({ status: 'kept_as_know_how', kind: 'know_how', rights: NO_RIGHTS });
    });
    it('needs evidence', () => {
      spec
        .given([])
        .when({ ...existing, evidence: { summary: '', documentSha256: ['a'.repeat(64)] } })
        .thenFails('R12_EVIDENCE_REQUIRED', 422);
      spec
        .given([])
        .when({ ...existing, evidence: { summary: 'scan', documentSha256: [] } })
        .thenFails('R12_EVIDENCE_REQUIRED', 422);
      spec
        .given([])
        .when({ ...existing, evidence: { summary: 'scan', documentSha256: ['not-a-hash'] } })
        .thenFails('R12_EVIDENCE_REQUIRED', 422);
    });
    it('is the TTO’s to do', () =>
      spec
        .given([])
        .when({ ...existing, actor: leader })
        .thenFails('ROLE_NOT_ALLOWED', 403));
    it('refuses an id already in the register', () =>
      spec
        .given([registered])
        .when({ ...existing, achievementId: 'd-1' })
        .thenFails('ACHIEVEMENT_ALREADY_REGISTERED', 409));
    it('refuses patent rights on a kind that is no patent, and a grant without an application', () => {
      spec
        .given([])
        .when({ ...existing, kind: 'software_copyright' })
        .thenFails('R12_NOT_A_PATENT', 409);
      spec
        .given([])
        .when({ ...existing, rights: { grantDate: '2021-05-20', patentNumber: 'ZL1' } })
        .thenFails('R12_GRANT_WITHOUT_APPLICATION', 409);
      spec
        .given([])
        .when({ ...existing, rights: { applicationNumber: 'CN1', filingDate: '2019-3-1' } })
        .thenFails('R12_INVALID_DATE', 422);
    });
  });

  describe('evaluation and the filing decision (R2, R3)', () => {
    const start: Command<'RecordEvaluationStarted'> = {
      type: 'RecordEvaluationStarted',
      startedAt: T,
      source: src('e-assigned', 'EvaluatorAssigned'),
    };
    it('moves a disclosed achievement under evaluation', () => spec.given([registered]).when(start).then([evaluating]));
    it('records nothing when the assignment is delivered again', () => spec.given([registered, evaluating]).when(start).then([]));
    it('refuses to start evaluation of a withdrawn achievement', () =>
      spec
        .given([
          registered,
          {
            type: 'AchievementWithdrawn',
            achievementId: 'd-1',
            reason: 'r',
            withdrawnAt: T,
            provenance: src('e-w', 'DisclosureWithdrawn'),
            ruleKeys: ['R12'],
          },
        ])
        .when({ ...start, source: src('e-late', 'EvaluatorAssigned') })
        .thenFails('ACHIEVEMENT_WRONG_STATUS', 409));
    it('refuses facts about an achievement not in the register', () =>
      spec.given([]).when(start).thenFails('ACHIEVEMENT_NOT_REGISTERED', 404));

    const decide = (decision: 'file' | 'do_not_file' | 'trade_secret'): Command<'RecordFilingDecision'> => ({
      type: 'RecordFilingDecision',
      decision,
      decidedBy: 'sun',
      decidedAt: T,
      source: src('e-decided', 'DisclosureDecided'),
    });
    it('records "file": to be filed', () => {
      spec
        .given([registered, evaluating])
        .when(decide('file'))
        .then([decided('file')]);
      expect(fold(toBeFiled).status).toBe('to_be_filed');
    });
    it('records "do not file": to be abandoned to the inventors, still owned by the unit until the contract (R3)', () => {
      spec
        .given([registered, evaluating])
        .when(decide('do_not_file'))
        .then([decided('do_not_file')]);
      expect(fold([registered, evaluating, decided('do_not_file')])).toMatchObject({ status: 'to_be_abandoned', owner: { kind: 'unit' } });
    });
    it('records "trade secret": kept as know-how', () => {
      spec
        .given([registered, evaluating])
        .when(decide('trade_secret'))
        .then([decided('trade_secret')]);
      expect(fold([registered, evaluating, decided('trade_secret')])).toMatchObject({ status: 'kept_as_know_how', kind: 'know_how' });
    });
    it('records the same decision once, and refuses a different second one', () => {
      spec
        .given(toBeFiled)
        .when({ ...decide('file'), source: src('e-again', 'DisclosureDecided') })
        .then([]);
      spec
        .given(toBeFiled)
        .when({ ...decide('do_not_file'), source: src('e-again', 'DisclosureDecided') })
        .thenFails('R2_FILING_ALREADY_DECIDED', 409, { decision: 'file' });
    });
  });

  describe('ownership to the inventors under an executed contract (R3)', () => {
    const execute: Command<'RecordOwnershipToInventors'> = {
      type: 'RecordOwnershipToInventors',
      contractId: 'd-1',
      inventorUserIds: ['li', 'han'],
      executedAt: T,
      source: contractSource,
    };
    it('moves the rights to the inventors', () => {
      spec
        .given([registered, evaluating, decided('do_not_file')])
        .when(execute)
        .then([toInventors]);
      expect(fold(abandoned)).toMatchObject({
        status: 'abandoned_to_inventors',
        owner: { kind: 'inventors', userIds: ['li', 'han'] },
        links: { contractIds: ['d-1'] },
      });
    });
    it('records nothing when the execution is delivered again', () => spec.given(abandoned).when(execute).then([]));
    it('refuses without a "do not file" decision', () => spec.given(toBeFiled).when(execute).thenFails('R3_NO_DECISION_NOT_TO_FILE', 409));
  });

  describe('rights (R12)', () => {
    const fileByUnit: Command<'RecordPatentApplication'> = {
      type: 'RecordPatentApplication',
      patentKind: 'invention_patent',
      applicationNumber: 'CN202610000001.2',
      filingDate: '2026-04-10',
      now: T,
      from: { kind: 'tto', actor: tto, evidence },
    };
    it('records the unit’s application, with the TTO’s evidence', () => {
      spec.given(toBeFiled).when(fileByUnit).then([filedEvent]);
      expect(fold([...toBeFiled, filedEvent])).toMatchObject({
        status: 'filed',
        kind: 'invention_patent',
        rights: { filingDate: '2026-04-10' },
      });
    });
    it('records the inventors’ application reported under the contract; the owner stays the inventors', () => {
      const fromContract = { ...fileByUnit, patentKind: null, from: applicationSource };
      spec
        .given(abandoned)
        .when(fromContract)
        .then([{ ...filedEvent, patentKind: null, provenance: applicationSource }]);
      expect(fold([...abandoned, { ...filedEvent, provenance: applicationSource }])).toMatchObject({
        status: 'filed',
        owner: { kind: 'inventors' },
      });
    });
    it('records the same application once and refuses a different number', () => {
      spec
        .given([...toBeFiled, filedEvent])
        .when(fileByUnit)
        .then([]);
      spec
        .given([...toBeFiled, filedEvent])
        .when({ ...fileByUnit, applicationNumber: 'CN999' })
        .thenFails('R12_RIGHT_ALREADY_RECORDED', 409, { field: 'application number', recorded: 'CN202610000001.2' });
    });
    it('refuses an application the status does not allow (undecided, or kept as know-how)', () => {
      spec.given([registered, evaluating]).when(fileByUnit).thenFails('ACHIEVEMENT_WRONG_STATUS', 409);
      spec
        .given([registered, evaluating, decided('trade_secret')])
        .when(fileByUnit)
        .thenFails('R12_NOT_A_PATENT', 409);
    });
    it('refuses a hand-recorded application without evidence or by another role', () => {
      spec
        .given(toBeFiled)
        .when({ ...fileByUnit, from: { kind: 'tto', actor: tto, evidence: { summary: ' ', documentSha256: [] } } })
        .thenFails('R12_EVIDENCE_REQUIRED');
      spec
        .given(toBeFiled)
        .when({ ...fileByUnit, from: { kind: 'tto', actor: leader, evidence } })
        .thenFails('ROLE_NOT_ALLOWED', 403);
    });
    it('refuses a malformed filing date', () =>
      spec
        .given(toBeFiled)
        .when({ ...fileByUnit, filingDate: '10/04/2026' })
        .thenFails('R12_INVALID_DATE', 422));

    const grant: Command<'RecordPatentGrant'> = {
      type: 'RecordPatentGrant',
      patentNumber: 'ZL202610000001.2',
      grantDate: '2027-06-01',
      now: T,
      from: { kind: 'tto', actor: tto, evidence },
    };
    it('records the grant of a filed application', () => {
      spec
        .given([...toBeFiled, filedEvent])
        .when(grant)
        .then([grantedEvent]);
      expect(fold(granted)).toMatchObject({ status: 'granted', rights: { patentNumber: 'ZL202610000001.2', grantDate: '2027-06-01' } });
    });
    it('records the same grant once, refuses another number, and refuses a grant before an application', () => {
      spec.given(granted).when(grant).then([]);
      spec
        .given(granted)
        .when({ ...grant, patentNumber: 'ZL0' })
        .thenFails('R12_RIGHT_ALREADY_RECORDED', 409);
      spec.given(toBeFiled).when(grant).thenFails('R12_GRANT_WITHOUT_APPLICATION', 409);
    });
  });

  describe('transformation cases (R3, R5)', () => {
    it('opens a case on a granted achievement the unit owns', () => {
      spec.given(granted).when(openCase).then([caseOpened]);
      expect(fold([...granted, caseOpened])).toMatchObject({
        openCases: [{ caseId: 'c-1', mode: 'transfer' }],
        links: { caseIds: ['c-1'] },
      });
    });
    it('opens a case on an achievement kept as know-how or decided to be filed', () => {
      spec
        .given([registered, evaluating, decided('trade_secret')])
        .when(openCase)
        .then([caseOpened]);
      spec.given(toBeFiled).when(openCase).then([caseOpened]);
    });
    it('records nothing when the opening is delivered again', () =>
      spec
        .given([...granted, caseOpened])
        .when(openCase)
        .then([]));
    it('refuses a case on rights the inventors hold after an R3 contract', () =>
      spec.given(abandoned).when(openCase).thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409, { owner: 'inventors (li, han)' }));
    it('refuses a case on an undecided, to-be-abandoned or withdrawn achievement', () => {
      spec
        .given([registered, evaluating])
        .when(openCase)
        .thenFails('R5_ACHIEVEMENT_NOT_TRANSFORMABLE', 409, { currentStatus: 'under_evaluation' });
      spec
        .given([registered, evaluating, decided('do_not_file')])
        .when(openCase)
        .thenFails('R5_ACHIEVEMENT_NOT_TRANSFORMABLE', 409, { currentStatus: 'to_be_abandoned' });
      spec
        .given([
          registered,
          {
            type: 'AchievementWithdrawn',
            achievementId: 'd-1',
            reason: 'r',
            withdrawnAt: T,
            provenance: src('e-w', 'DisclosureWithdrawn'),
            ruleKeys: ['R12'],
          },
        ])
        .when(openCase)
        .thenFails('R5_ACHIEVEMENT_NOT_TRANSFORMABLE', 409, { currentStatus: 'withdrawn' });
    });
    it('refuses a case on an achievement not in the register', () =>
      spec.given([]).when(openCase).thenFails('ACHIEVEMENT_NOT_REGISTERED', 404));

    const executedSource = src('e-executed', 'TransferExecuted', 'transfer-case-c-1');
    const close = (
      outcome: 'transferred' | 'licensed' | 'invested' | 'not_concluded',
      transferee: string | null,
    ): Command<'RecordTransformationCaseClosed'> => ({
      type: 'RecordTransformationCaseClosed',
      caseId: 'c-1',
      outcome,
      transferee,
      closedAt: T,
      source: executedSource,
    });
    const closed = (outcome: 'transferred' | 'licensed' | 'invested' | 'not_concluded'): AchievementEvent => ({
      type: 'TransformationCaseClosed',
      achievementId: 'd-1',
      caseId: 'c-1',
      outcome,
      closedAt: T,
      provenance: executedSource,
      ruleKeys: ['R5'],
    });
    it('records a transfer: the case closes and the rights move to the transferee', () => {
      const ownerChanged: AchievementEvent = {
        type: 'AchievementOwnerChanged',
        achievementId: 'd-1',
        from: { kind: 'unit' },
        to: { kind: 'transferee', name: '西安某新材料有限公司', caseId: 'c-1' },
        changedAt: T,
        provenance: executedSource,
        ruleKeys: ['R5', 'R12'],
      };
      spec
        .given([...granted, caseOpened])
        .when(close('transferred', '西安某新材料有限公司'))
        .then([closed('transferred'), ownerChanged]);
      const after = fold([...granted, caseOpened, closed('transferred'), ownerChanged]);
      expect(after).toMatchObject({ status: 'transferred', openCases: [], owner: { kind: 'transferee' } });
      expect(mayBeTransformedByUnit(after)?.code).toBe('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT');
    });
    it('records a licence: the unit keeps the rights and may license again', () => {
      spec
        .given([...granted, caseOpened])
        .when(close('licensed', null))
        .then([closed('licensed')]);
      const after = fold([...granted, caseOpened, closed('licensed')]);
      expect(after).toMatchObject({ status: 'licensed', owner: { kind: 'unit' }, openCases: [] });
      expect(mayBeTransformedByUnit(after)).toBeNull();
    });
    it('records a case that ended without a transformation: the status stays', () => {
      spec
        .given([...granted, caseOpened])
        .when(close('not_concluded', null))
        .then([closed('not_concluded')]);
      expect(fold([...granted, caseOpened, closed('not_concluded')]).status).toBe('granted');
    });
    it('refuses a transfer or investment that names nobody to receive the rights', () =>
      spec
        .given([...granted, caseOpened])
        .when(close('invested', ' '))
        .thenFails('R5_TRANSFEREE_REQUIRED', 422));
    it('refuses to close a case that never opened on it, and records nothing for one already closed', () => {
      spec.given(granted).when(close('licensed', null)).thenFails('TRANSFORMATION_CASE_NOT_OPEN', 409, { caseId: 'c-1' });
      spec
        .given([...granted, caseOpened, closed('licensed')])
        .when({ ...close('licensed', null), source: src('e-x', 'TransferExecuted') })
        .then([]);
    });
  });

  describe('classification (R5, R12)', () => {
    const reclassify = (classification: AchievementClassification): Command<'Reclassify'> => ({
      type: 'Reclassify',
      classification,
      reason: 'Confirmed by the supervisory department',
      evidence,
      actor: tto,
      now: T,
    });
    const reclassified = (from: AchievementClassification, to: AchievementClassification): AchievementEvent => ({
      type: 'AchievementReclassified',
      achievementId: 'd-1',
      from,
      to,
      reason: 'Confirmed by the supervisory department',
      evidence,
      reclassifiedBy: 'wang',
      reclassifiedAt: T,
      ruleKeys: ['R5', 'R12'],
    });
    it('raises a classification, which makes R5 filing required', () => {
      spec
        .given(granted)
        .when(reclassify(keyCore))
        .then([reclassified(internal, keyCore)]);
      expect(r5FilingRequired(fold(granted))).toBe(false);
      expect(r5FilingRequired(fold([...granted, reclassified(internal, keyCore)]))).toBe(true);
    });
    it('may raise it while a case is open', () =>
      spec
        .given([...granted, caseOpened])
        .when(reclassify(keyCore))
        .then([reclassified(internal, keyCore)]));
    it('lowers it when no case is open', () =>
      spec
        .given([...granted, reclassified(internal, keyCore)])
        .when(reclassify(internal))
        .then([reclassified(keyCore, internal)]));
    it('refuses to lower it while a case is open', () => {
      spec
        .given([...granted, reclassified(internal, keyCore), caseOpened])
        .when(reclassify(internal))
        .thenFails('R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN', 409, { openCaseIds: ['c-1'] });
      spec
        .given([...granted, caseOpened])
        .when(reclassify({ ...internal, confidentiality: 'public' }))
        .thenFails('R5_CLASSIFICATION_LOCKED_WHILE_CASE_OPEN', 409);
    });
    it('needs the TTO, a reason and evidence', () => {
      spec
        .given(granted)
        .when({ ...reclassify(keyCore), actor: leader })
        .thenFails('ROLE_NOT_ALLOWED', 403);
      spec
        .given(granted)
        .when({ ...reclassify(keyCore), reason: ' ' })
        .thenFails('R12_REASON_REQUIRED', 422);
      spec
        .given(granted)
        .when({ ...reclassify(keyCore), evidence: { summary: 'x', documentSha256: [] } })
        .thenFails('R12_EVIDENCE_REQUIRED', 422);
    });
    it('records nothing when the classification does not change', () => spec.given(granted).when(reclassify(internal)).then([]));
    it('counts a state secret as requiring R5 filing', () =>
      expect(
        r5FilingRequired({ classification: { confidentiality: 'state_secret', nationalSecurity: false, keyCoreTechnology: false } }),
      ).toBe(true));
  });

  describe('withdrawal', () => {
    const withdrawn: AchievementEvent = {
      type: 'AchievementWithdrawn',
      achievementId: 'd-1',
      reason: 'Not job-related',
      withdrawnAt: T,
      provenance: src('e-w', 'DisclosureWithdrawn'),
      ruleKeys: ['R12'],
    };
    const withdraw: Command<'RecordWithdrawn'> = {
      type: 'RecordWithdrawn',
      reason: 'Not job-related',
      now: T,
      from: src('e-w', 'DisclosureWithdrawn'),
    };
    it('follows the disclosure’s withdrawal', () => spec.given([registered, evaluating]).when(withdraw).then([withdrawn]));
    it('records nothing when the withdrawal is delivered again', () => spec.given([registered, withdrawn]).when(withdraw).then([]));
    it('refuses once rights were filed or went elsewhere', () => {
      spec
        .given([...toBeFiled, filedEvent])
        .when(withdraw)
        .thenFails('ACHIEVEMENT_WRONG_STATUS', 409);
      spec.given(abandoned).when(withdraw).thenFails('ACHIEVEMENT_WRONG_STATUS', 409);
    });
    it('lets the TTO withdraw a disclosed achievement with reason and evidence, citing them', () =>
      spec
        .given([registered, evaluating])
        .when({ ...withdraw, reason: '非职务成果 / not job-related', from: { kind: 'tto', actor: tto, evidence } })
        .then([
          {
            ...withdrawn,
            reason: '非职务成果 / not job-related',
            provenance: { kind: 'tto', userId: 'wang', evidence },
          } as AchievementEvent,
        ]));
    it('refuses the TTO’s withdrawal without a reason or evidence, and anyone but the TTO', () => {
      const byTto = { ...withdraw, from: { kind: 'tto' as const, actor: tto, evidence } };
      spec
        .given([registered])
        .when({ ...byTto, reason: ' ' })
        .thenFails('R12_REASON_REQUIRED', 422);
      spec
        .given([registered])
        .when({ ...byTto, from: { ...byTto.from, evidence: { summary: '', documentSha256: [] } } })
        .thenFails('R12_EVIDENCE_REQUIRED', 422);
      spec
        .given([registered])
        .when({ ...byTto, from: { ...byTto.from, actor: { userId: 'sun', role: 'unit_leader' } } })
        .thenFails('ROLE_NOT_ALLOWED', 403);
    });
    it('refuses while a case is open', () =>
      spec
        .given([registered, evaluating, decided('trade_secret'), caseOpened])
        .when({ ...withdraw, from: { kind: 'tto', actor: tto, evidence } })
        .thenFails('R5_TRANSFORMATION_CASE_OPEN', 409, { openCaseIds: ['c-1'] }));
  });

  describe('irregularities (R12)', () => {
    const note: Command<'NoteIrregularity'> = {
      type: 'NoteIrregularity',
      achievementId: 'd-1',
      code: 'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
      detail: 'The unit does not own this achievement',
      notedAt: T,
      source: caseSource,
    };
    const noted: AchievementEvent = {
      type: 'RegisterIrregularityNoted',
      achievementId: 'd-1',
      code: 'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT',
      detail: 'The unit does not own this achievement',
      notedAt: T,
      provenance: caseSource,
      ruleKeys: ['R12'],
    };
    it('notes a process fact the register refused, once', () => {
      spec.given(abandoned).when(note).then([noted]);
      spec
        .given([...abandoned, noted])
        .when(note)
        .then([]);
      expect(fold([...abandoned, noted]).irregularities).toEqual([
        { code: 'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', sourceEventId: 'e-case-opened' },
      ]);
    });
    it('notes one about an achievement not yet in the register, which stays unregistered', () => {
      spec.given([]).when(note).then([noted]);
      expect(fold([noted])).toMatchObject({ status: 'unregistered', achievementId: 'd-1' });
    });
  });

  describe('conflict of interest (R4, R13)', () => {
    it('knows the inventors of the achievement', () => {
      expect(isInventorOf(fold([registered]), 'han')).toBe(true);
      expect(isInventorOf(fold([registered]), 'sun')).toBe(false);
    });
  });

  describe('R11 ownership granted under a signed ownership agreement', () => {
    const agreementSource = src('e-agreement-signed', 'SignOffRoundClosed', 'ownership-agreement-d-1');
    const grantOf = (grant: Command<'RecordOwnershipGranted'>['grant']): Command<'RecordOwnershipGranted'> => ({
      type: 'RecordOwnershipGranted',
      agreementId: 'ownership-agreement-d-1',
      grant,
      grantedAt: T,
      source: agreementSource,
    });
    const coOwned = {
      kind: 'co_owned' as const,
      unitShareBasisPoints: 3_000,
      coOwners: [
        { userId: 'li', shareBasisPoints: 4_200 },
        { userId: 'han', shareBasisPoints: 2_800 },
      ],
    };
    const coOwnedEvent: AchievementEvent = {
      type: 'AchievementOwnershipGranted',
      achievementId: 'd-1',
      agreementId: 'ownership-agreement-d-1',
      grant: coOwned,
      from: { kind: 'unit' },
      to: { ...coOwned, agreementId: 'ownership-agreement-d-1' },
      grantedAt: T,
      provenance: agreementSource,
      ruleKeys: ['R11', 'R12'],
    };

    it('makes the inventors co-owners beside the unit; the unit alone may then not transform it', () => {
      spec.given(granted).when(grantOf(coOwned)).then([coOwnedEvent]);
      const after = fold([...granted, coOwnedEvent]);
      expect(after.owner).toEqual({ ...coOwned, agreementId: 'ownership-agreement-d-1' });
      expect(mayBeTransformedByUnit(after)?.code).toBe('R11_CO_OWNERS_CONSENT_REQUIRED');
    });
    it('R11: names the co-owners whose consent a transformation needs, with their shares and the agreement', () => {
      const after = fold([...granted, coOwnedEvent]);
      expect(transformationClearance(after)).toEqual({
        consent: 'co_owners',
        agreementId: 'ownership-agreement-d-1',
        unitShareBasisPoints: coOwned.unitShareBasisPoints,
        coOwners: coOwned.coOwners,
      });
      expect(transformationClearance(fold(granted))).toEqual({ consent: 'unit_alone' });
    });
    it('R11: records a transformation case on a co-owned achievement (the case holds the consent round)', () =>
      spec
        .given([...granted, coOwnedEvent])
        .when(openCase)
        .then([
          {
            type: 'TransformationCaseOpened',
            achievementId: 'd-1',
            caseId: 'c-1',
            mode: 'transfer',
            openedBy: 'wang',
            openedAt: T,
            provenance: caseSource,
            ruleKeys: ['R5'],
          },
        ]));
    it('R3, R11: an achievement wholly owned by its inventors is not the unit’s to transform, consent or not', () => {
      const whole: AchievementEvent = {
        ...coOwnedEvent,
        grant: { kind: 'inventors', userIds: ['li', 'han'] },
        to: { kind: 'inventors', userIds: ['li', 'han'], contractId: 'ownership-agreement-d-1' },
      } as AchievementEvent;
      const after = fold([...granted, whole]);
      expect((transformationClearance(after) as { code: string }).code).toBe('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT');
      spec
        .given([...granted, whole])
        .when(openCase)
        .thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409);
    });
    it('records nothing when the signed agreement is delivered again', () =>
      spec
        .given([...granted, coOwnedEvent])
        .when(grantOf(coOwned))
        .then([]));
    it('gives the whole to the inventors', () => {
      const grant = { kind: 'inventors' as const, userIds: ['li', 'han'] };
      spec
        .given(granted)
        .when(grantOf(grant))
        .then([
          {
            ...coOwnedEvent,
            grant,
            to: { kind: 'inventors', userIds: ['li', 'han'], contractId: 'ownership-agreement-d-1' },
          } as AchievementEvent,
        ]);
    });
    it('notes a use right while the unit stays owner and may still transform it', () => {
      const grant = { kind: 'use_right' as const, userIds: ['li', 'han'], years: 10, startsOn: '2026-05-01', endsOn: '2036-05-01' };
      const event = { ...coOwnedEvent, grant, to: { kind: 'unit' } } as AchievementEvent;
      spec.given(granted).when(grantOf(grant)).then([event]);
      const after = fold([...granted, event]);
      expect(after.owner).toEqual({ kind: 'unit' });
      expect(after.useRights).toEqual([
        { agreementId: 'ownership-agreement-d-1', userIds: ['li', 'han'], years: 10, startsOn: '2026-05-01', endsOn: '2036-05-01' },
      ]);
      expect(mayBeTransformedByUnit(after)).toBeNull();
    });
    it('refuses a grant to someone who is not an inventor', () =>
      spec
        .given(granted)
        .when(grantOf({ kind: 'inventors', userIds: ['li', 'sun'] }))
        .thenFails('R11_GRANTEES_NOT_INVENTORS', 422, { userIds: ['sun'] }));
    it('refuses co-ownership shares that do not add up to the whole', () =>
      spec
        .given(granted)
        .when(grantOf({ ...coOwned, unitShareBasisPoints: 2_000 }))
        .thenFails('R11_SHARES_INVALID', 422));

    describe('the unit’s own share of the income (R11, ADR 24)', () => {
      const revenueSplit = {
        unitShareBasisPoints: 5_000,
        coOwners: [
          { userId: 'li', shareBasisPoints: 3_000 },
          { userId: 'han', shareBasisPoints: 2_000 },
        ],
      };
      const withSplit = { ...coOwned, revenueSplit };
      const grantedWithSplit: AchievementEvent = { ...coOwnedEvent, grant: withSplit } as AchievementEvent;
      it('is the whole for an achievement never co-owned', () =>
        expect(unitIncomeShareOf(fold(granted))).toEqual({ shareBasisPoints: 10_000, basis: 'sole', agreementId: null }));
      it('is the share the signed agreement fixed', () => {
        spec.given(granted).when(grantOf(withSplit)).then([grantedWithSplit]);
        expect(unitIncomeShareOf(fold([...granted, grantedWithSplit]))).toEqual({
          shareBasisPoints: 5_000,
          basis: 'agreement',
          agreementId: 'ownership-agreement-d-1',
        });
      });
      it('is the unit’s share of the right when the agreement fixed the revenue in words only', () =>
        expect(unitIncomeShareOf(fold([...granted, coOwnedEvent]))).toEqual({
          shareBasisPoints: 3_000,
          basis: 'ownership_share',
          agreementId: 'ownership-agreement-d-1',
        }));
      it('stays after the co-owned achievement is transferred: the transfer’s price is shared too', () => {
        const transferred: AchievementEvent = {
          type: 'AchievementOwnerChanged',
          achievementId: 'd-1',
          from: { ...coOwned, agreementId: 'ownership-agreement-d-1' },
          to: { kind: 'transferee', name: '高原新能源有限公司', caseId: 'c-1' },
          changedAt: T,
          provenance: caseSource,
          ruleKeys: ['R5', 'R12'],
        };
        expect(unitIncomeShareOf(fold([...granted, grantedWithSplit, transferred])).shareBasisPoints).toBe(5_000);
      });
      it('refuses a revenue split that does not share the whole income, or names someone who co-owns nothing', () => {
        spec
          .given(granted)
          .when(grantOf({ ...withSplit, revenueSplit: { ...revenueSplit, unitShareBasisPoints: 4_000 } }))
          .thenFails('R11_SHARES_INVALID', 422);
        spec
          .given(granted)
          .when(
            grantOf({
              ...withSplit,
              revenueSplit: { unitShareBasisPoints: 5_000, coOwners: [{ userId: 'sun', shareBasisPoints: 5_000 }] },
            }),
          )
          .thenFails('R11_SHARES_INVALID', 422);
      });
    });
    it('refuses a grant on an achievement the unit no longer owns', () =>
      spec
        .given([...abandoned, toInventors])
        .when(grantOf(coOwned))
        .thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409));
  });

  describe('R5 equity investments and the holding', () => {
    const company = { name: '高原新材料科技有限公司', creditCode: '91540100MA6T1XYW3K' };
    const openedSource = src('e-investment-opened', 'EquityInvestmentOpened', 'equity-investment-i-1');
    const receivedSource = src('e-shares-received', 'EquitySharesReceived', 'equity-investment-i-1');
    const soldSource = src('e-sold', 'EquityHoldingSold', 'equity-investment-i-1');
    const record: Command<'RecordEquityInvestment'> = {
      type: 'RecordEquityInvestment',
      investmentId: 'i-1',
      caseId: 'c-1',
      company,
      recordedAt: T,
      source: openedSource,
    };
    const recorded: AchievementEvent = {
      type: 'EquityInvestmentRecorded',
      achievementId: 'd-1',
      investmentId: 'i-1',
      caseId: 'c-1',
      company,
      recordedAt: T,
      provenance: openedSource,
      ruleKeys: ['R5', 'R12'],
    };
    const holding = { shares: 3_000_000, capitalContributionFen: 300_000_000, shareholdingBasisPoints: 1_500 };
    const receive: Command<'RecordEquityHolding'> = {
      type: 'RecordEquityHolding',
      investmentId: 'i-1',
      change: 'received',
      holding,
      valueFen: 300_000_000,
      on: '2026-05-20',
      source: receivedSource,
    };
    const received: AchievementEvent = {
      type: 'EquityHoldingChanged',
      achievementId: 'd-1',
      investmentId: 'i-1',
      change: 'received',
      holding,
      valueFen: 300_000_000,
      on: '2026-05-20',
      provenance: receivedSource,
      ruleKeys: ['R5', 'R12'],
    };
    const after = { shares: 2_000_000, capitalContributionFen: 200_000_000, shareholdingBasisPoints: 1_000 };
    const sold: AchievementEvent = {
      ...(received as Extract<AchievementEvent, { type: 'EquityHoldingChanged' }>),
      change: 'sold',
      holding: after,
      valueFen: null,
      on: '2026-05-31',
      provenance: soldSource,
    };

    it('records an investment opened on a case of this achievement, once per source event', () => {
      spec
        .given([...granted, caseOpened])
        .when(record)
        .then([recorded]);
      spec
        .given([...granted, caseOpened, recorded])
        .when(record)
        .then([]);
    });
    it('refuses an investment on a case not opened on this achievement, or a second one on the same case', () => {
      spec.given(granted).when(record).thenFails('TRANSFORMATION_CASE_NOT_OPEN', 409);
      spec
        .given([...granted, caseOpened, recorded])
        .when({ ...record, investmentId: 'i-2', source: src('e-other', 'EquityInvestmentOpened', 'equity-investment-i-2') })
        .thenFails('R5_CASE_ALREADY_INVESTED', 409, { investmentId: 'i-1' });
    });
    it('shows the company and the holding: received, then reduced by a sale', () => {
      spec
        .given([...granted, caseOpened, recorded])
        .when(receive)
        .then([received]);
      expect(fold([...granted, caseOpened, recorded, received]).equityInvestments).toEqual([
        { investmentId: 'i-1', caseId: 'c-1', company, valueFen: 300_000_000, registeredOn: '2026-05-20', holding },
      ]);
      expect(fold([...granted, caseOpened, recorded, received, sold]).equityInvestments[0]).toMatchObject({
        valueFen: 300_000_000,
        registeredOn: '2026-05-20',
        holding: after,
      });
    });
    it('notes a refused consequence of an event it already recorded as a fact, once', () => {
      const note: Command<'NoteIrregularity'> = {
        type: 'NoteIrregularity',
        achievementId: 'd-1',
        code: 'R5_TRANSFORMATION_NOT_ON_RECORD',
        detail: 'income refused',
        notedAt: T,
        source: receivedSource,
      };
      const noted: AchievementEvent = {
        type: 'RegisterIrregularityNoted',
        achievementId: 'd-1',
        code: 'R5_TRANSFORMATION_NOT_ON_RECORD',
        detail: 'income refused',
        notedAt: T,
        provenance: receivedSource,
        ruleKeys: ['R12'],
      } as AchievementEvent;
      const outcome = achievementDecider.decide(note, fold([...granted, caseOpened, recorded, received]));
      expect(outcome).toEqual([expect.objectContaining({ type: 'RegisterIrregularityNoted', code: 'R5_TRANSFORMATION_NOT_ON_RECORD' })]);
      spec
        .given([...granted, caseOpened, recorded, received, noted])
        .when(note)
        .then([]);
    });
    it('refuses a holding for an investment it does not record', () => {
      spec
        .given([...granted, caseOpened])
        .when(receive)
        .thenFails('R5_INVESTMENT_NOT_ON_RECORD', 409, { investmentId: 'i-1' });
    });
  });

  describe('R5, R15 licences and their standing', () => {
    const licenceCase: AchievementEvent = {
      ...(caseOpened as Extract<AchievementEvent, { type: 'TransformationCaseOpened' }>),
      mode: 'license',
    };
    const tookEffect = src('e-took-effect', 'LicenceTookEffect', 'licence-c-1');
    const scope = {
      licensee: { name: '星火储能科技有限公司', class: 'sme' },
      exclusivity: 'non_exclusive' as const,
      territory: '中国大陆',
      fieldOfUse: '储能电池',
      term: { startsOn: '2026-04-01', endsOn: '2031-12-31' },
      useFirstPayLater: true,
      effectiveOn: '2026-04-01',
    };
    const record: Command<'RecordLicence'> = { type: 'RecordLicence', licenceId: 'c-1', caseId: 'c-1', ...scope, source: tookEffect };
    const registeredLicence: AchievementEvent = {
      type: 'LicenceRegistered',
      achievementId: 'd-1',
      licenceId: 'c-1',
      caseId: 'c-1',
      ...scope,
      provenance: tookEffect,
      ruleKeys: ['R5', 'R12', 'R15'],
    };
    const status = (change: 'converted_to_paid' | 'default_uncured' | 'terminated', eventId: string): Command<'RecordLicenceStatus'> => ({
      type: 'RecordLicenceStatus',
      licenceId: 'c-1',
      change,
      on: '2027-02-01',
      itemKey: change === 'default_uncured' ? 'royalty:2026-Q4' : null,
      ground: change === 'terminated' ? 'uncured_default' : null,
      source: src(eventId, change === 'terminated' ? 'SignOffRoundClosed' : 'LicenceDefaultUncured', 'licence-c-1'),
    });
    const changed = (command: Command<'RecordLicenceStatus'>, ruleKeys = ['R5', 'R12']): AchievementEvent => ({
      type: 'LicenceStatusChanged',
      achievementId: 'd-1',
      licenceId: 'c-1',
      change: command.change,
      on: command.on,
      itemKey: command.itemKey,
      ground: command.ground,
      provenance: command.source,
      ruleKeys,
    });
    const onRecord = [...granted, licenceCase, registeredLicence];

    it('records a licence that took effect on a case of this achievement, once per source event and once per licence', () => {
      spec
        .given([...granted, licenceCase])
        .when(record)
        .then([registeredLicence]);
      spec.given(onRecord).when(record).then([]);
      spec
        .given(onRecord)
        .when({ ...record, source: src('e-again', 'LicenceTookEffect', 'licence-c-1') })
        .then([]);
      expect(fold(onRecord).licences).toEqual([
        {
          licenceId: 'c-1',
          caseId: 'c-1',
          ...scope,
          status: 'in_effect',
          convertedToPaidOn: null,
          uncuredDefaults: [],
          terminatedOn: null,
        },
      ]);
    });
    it('refuses a licence on a case not opened on this achievement', () =>
      spec.given(granted).when(record).thenFails('TRANSFORMATION_CASE_NOT_OPEN', 409, { caseId: 'c-1' }));
    it('shows a conversion to paid (R15), an uncured default, then the termination', () => {
      const convert = status('converted_to_paid', 'e-converted');
      const uncured = status('default_uncured', 'e-uncured');
      const terminate = status('terminated', 'e-terminated');
      spec
        .given(onRecord)
        .when(convert)
        .then([changed(convert, ['R5', 'R12', 'R15'])]);
      spec
        .given(onRecord)
        .when(uncured)
        .then([changed(uncured)]);
      const history = [...onRecord, changed(convert, ['R5', 'R12', 'R15']), changed(uncured)];
      spec
        .given(history)
        .when(terminate)
        .then([changed(terminate)]);
      expect(fold([...history, changed(terminate)]).licences?.[0]).toMatchObject({
        status: 'terminated',
        convertedToPaidOn: '2027-02-01',
        uncuredDefaults: [{ itemKey: 'royalty:2026-Q4', on: '2027-02-01' }],
        terminatedOn: '2027-02-01',
      });
      // Redelivered, or after the end: nothing more.
      spec
        .given([...history, changed(terminate)])
        .when(terminate)
        .then([]);
      spec
        .given([...history, changed(terminate)])
        .when({ ...terminate, source: src('e-other-round', 'SignOffRoundClosed', 'licence-c-1') })
        .then([]);
    });
    it('cites R15 for a termination of a use-first-pay-later licence never converted', () => {
      const terminate = { ...status('terminated', 'e-terminated'), ground: 'use_first_pay_later_not_converted' };
      spec
        .given(onRecord)
        .when(terminate)
        .then([changed(terminate, ['R5', 'R12', 'R15'])]);
    });
    it('refuses a change of standing for a licence it does not record', () =>
      spec
        .given([...granted, licenceCase])
        .when(status('default_uncured', 'e-uncured'))
        .thenFails('R5_LICENCE_NOT_ON_RECORD', 409, { licenceId: 'c-1' }));
  });
});
