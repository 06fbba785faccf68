import { deciderSpec } from '../../../../test/support/decider-spec';
import { termsHash } from '@chengguo/kernel';
import { DEFAULT_DISCLOSURE_POLICY, DisclosurePolicy } from './disclosure-policy';
import { DisclosureCommand, disclosureDecider } from './disclosure.decider';
import { DisclosureContent, DisclosureEvent } from './disclosure.events';

const spec = deciderSpec(disclosureDecider);
const DAY = 24 * 60 * 60 * 1000;
const T0 = '2026-03-01T02:00:00.000Z';
const T1 = '2026-03-02T02:00:00.000Z';
const policy: DisclosurePolicy = { ...DEFAULT_DISCLOSURE_POLICY, version: 3 };

const li = { userId: 'li', role: 'inventor' };
const han = { userId: 'han', role: 'inventor' };
const tto = { userId: 'wang', role: 'tto_officer' };
const evaluator = { userId: 'agency-1', role: 'evaluator' };
const leader = { userId: 'sun', role: 'unit_leader' };

const content: DisclosureContent = {
  title: '一种低温固态电池电解质',
  abstract: 'A solid electrolyte that conducts at -20 °C.',
  technicalField: 'materials',
  funding: { kind: 'fiscal', projectNumber: 'NSFC-52070001' },
  conceptionDate: '2026-01-15',
  confidentiality: 'internal',
  involvesNationalSecurity: false,
  isKeyCoreTechnology: false,
  inventors: [
    { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
    { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
  ],
  attachments: [{ name: 'draft.pdf', sha256: 'c'.repeat(64), sizeBytes: 1024, contentType: 'application/pdf' }],
};

/** What li's attachment stream records: the draft's one file. */
const uploads = [{ sha256: 'c'.repeat(64), sizeBytes: 1024, contentType: 'application/pdf' }];

const drafted: DisclosureEvent = { type: 'DisclosureDrafted', disclosureId: 'd-1', draftedBy: 'li', content, draftedAt: T0 };
const submitted: DisclosureEvent = {
  type: 'DisclosureSubmitted',
  disclosureId: 'd-1',
  content,
  submittedBy: 'li',
  submittedAt: T1,
  supervisoryFilingRequired: false,
  policyVersion: 3,
  ruleKeys: ['R1'],
};
const confirmationOpened = (round: number, version: number, c = content, at = T1): DisclosureEvent => ({
  type: 'SignOffRoundOpened',
  signOffId: 'co-inventor-confirmation',
  round,
  subject: `确认完成人及贡献份额 / Confirm inventors and shares: ${c.title}`,
  termsHash: termsHash({ disclosureId: 'd-1', version, title: c.title, inventors: c.inventors }),
  mode: { kind: 'parallel' },
  parties: [{ partyId: 'inventor:han', role: 'inventor', userId: 'han' }],
  deadline: new Date(Date.parse(at) + 14 * DAY).toISOString(),
  reminderOffsetsMs: [3 * DAY, DAY],
  escalationRole: 'tto_officer',
  openedAt: at,
  ruleKeys: ['R1'],
  achievementId: 'd-1',
});
const confirmationClosed = (outcome: 'signed' | 'rejected' | 'expired', round = 1): DisclosureEvent => ({
  type: 'SignOffRoundClosed',
  signOffId: 'co-inventor-confirmation',
  round,
  outcome,
  closedAt: T1,
  closedBy: null,
});
const confirmed = [drafted, submitted, confirmationOpened(1, 1), confirmationClosed('signed')];
const acknowledged: DisclosureEvent = { type: 'DisclosureAcknowledged', disclosureId: 'd-1', acknowledgedBy: 'wang', acknowledgedAt: T1 };
const assigned: DisclosureEvent = {
  type: 'EvaluatorAssigned',
  disclosureId: 'd-1',
  evaluator: { kind: 'external_agency', userId: 'agency-1', agencyName: '西部技术转移中心' },
  assignedBy: 'wang',
  assignedAt: T1,
  dueAt: new Date(Date.parse(T1) + 30 * DAY).toISOString(),
  policyVersion: 3,
  ruleKey: 'R2',
};
const patentability = { novelty: 'yes' as const, inventiveness: 'uncertain' as const, practicalApplicability: 'yes' as const, notes: '' };
const evaluated: DisclosureEvent = {
  type: 'EvaluationRecorded',
  disclosureId: 'd-1',
  evaluationId: 'e-1',
  patentability,
  technologyReadinessLevel: 4,
  marketAssessment: 'Small market today',
  recommendation: 'do_not_file',
  evaluatorId: 'agency-1',
  evaluatedAt: T1,
  ruleKey: 'R2',
};
const decided: DisclosureEvent = {
  type: 'DisclosureDecided',
  disclosureId: 'd-1',
  decision: 'do_not_file',
  reasons: 'Low market value; inventors may file at their own cost (R3).',
  evaluationId: 'e-1',
  decidedBy: 'sun',
  decidedAt: T1,
  ruleKeys: ['R2', 'R3', 'R4'],
};

const submit: DisclosureCommand = { type: 'SubmitDisclosure', actor: li, now: T1, policy, attachmentsOnRecord: uploads };
const withContent = (c: Partial<DisclosureContent>): DisclosureEvent[] => [
  { ...drafted, content: { ...content, ...c } } as DisclosureEvent,
];

describe('disclosure decider', () => {
  describe('drafting', () => {
    it('records a draft', () =>
      spec
        .given([])
        .when({ type: 'DraftDisclosure', disclosureId: 'd-1', content, actor: li, now: T0, attachmentsOnRecord: uploads })
        .then([drafted]));
    it('refuses a second draft with the same id', () =>
      spec
        .given([drafted])
        .when({ type: 'DraftDisclosure', disclosureId: 'd-1', content, actor: li, now: T0, attachmentsOnRecord: uploads })
        .thenFails('DISCLOSURE_ALREADY_EXISTS', 409));
    it('lets only inventors draft', () =>
      spec
        .given([])
        .when({ type: 'DraftDisclosure', disclosureId: 'd-1', content, actor: tto, now: T0, attachmentsOnRecord: uploads })
        .thenFails('ROLE_NOT_ALLOWED', 403));
    it('updates the draft', () =>
      spec
        .given([drafted])
        .when({ type: 'UpdateDraft', content: { ...content, title: 'v2' }, actor: li, now: T1, attachmentsOnRecord: uploads })
        .then([{ type: 'DisclosureDraftUpdated', disclosureId: 'd-1', content: { ...content, title: 'v2' }, updatedAt: T1 }]));
    it('lets only the drafter update it', () =>
      spec
        .given([drafted])
        .when({ type: 'UpdateDraft', content, actor: han, now: T1, attachmentsOnRecord: uploads })
        .thenFails('DISCLOSURE_NOT_YOURS', 403));
    it('allows no edits after submission', () =>
      spec
        .given([drafted, submitted])
        .when({ type: 'UpdateDraft', content, actor: li, now: T1, attachmentsOnRecord: uploads })
        .thenFails('DISCLOSURE_WRONG_STATUS', 409));
    it('refuses commands on a disclosure that does not exist', () => spec.given([]).when(submit).thenFails('DISCLOSURE_NOT_FOUND', 404));
  });

  describe('attachments: the author’s uploads, as recorded', () => {
    const other = 'd'.repeat(64);
    const draft = (c: Partial<DisclosureContent>, onRecord = uploads): DisclosureCommand => ({
      type: 'DraftDisclosure',
      disclosureId: 'd-1',
      content: { ...content, ...c },
      actor: li,
      now: T0,
      attachmentsOnRecord: onRecord,
    });
    it('refuses a file the author did not upload (unknown or someone else’s alike)', () =>
      spec
        .given([])
        .when(draft({ attachments: [{ name: 'x.pdf', sha256: other, sizeBytes: 1, contentType: 'application/pdf' }] }))
        .thenFails('DISCLOSURE_ATTACHMENT_NOT_UPLOADED', 422));
    it('refuses a file listed with another size or type than recorded', () => {
      spec
        .given([])
        .when(draft({ attachments: [{ ...content.attachments[0], sizeBytes: 2048 }] }))
        .thenFails('DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD', 422);
      spec
        .given([])
        .when(draft({ attachments: [{ ...content.attachments[0], contentType: 'image/png' }] }))
        .thenFails('DISCLOSURE_ATTACHMENT_DIFFERS_FROM_RECORD', 422);
    });
    it('takes size and type from the record when the command names only the file', () =>
      spec
        .given([])
        .when({
          type: 'DraftDisclosure',
          disclosureId: 'd-1',
          content: { ...content, attachments: [{ name: 'draft.pdf', sha256: 'c'.repeat(64) }] },
          actor: li,
          now: T0,
          attachmentsOnRecord: uploads,
        })
        .then([drafted]));
    it('checks a draft’s files again on submission (drafts from before uploads were recorded)', () =>
      spec
        .given([drafted])
        .when({ ...submit, attachmentsOnRecord: [] })
        .thenFails('DISCLOSURE_ATTACHMENT_NOT_UPLOADED', 422));
    it('checks an amendment’s files', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1), confirmationClosed('rejected')])
        .when({ type: 'AmendDisclosure', content, actor: li, now: T1, policy, attachmentsOnRecord: [] })
        .thenFails('DISCLOSURE_ATTACHMENT_NOT_UPLOADED', 422));
  });

  describe('submitting (R1)', () => {
    it('submits and opens the co-inventor confirmation with the policy in force', () =>
      spec
        .given([drafted])
        .when(submit)
        .then([submitted, confirmationOpened(1, 1)]));

    it('needs no confirmation from a sole inventor', () =>
      spec
        .given(withContent({ inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }] }))
        .when(submit)
        .then([
          {
            ...submitted,
            content: { ...content, inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }] },
          } as DisclosureEvent,
        ]));

    it('flags state secrets, national security and key core technology for supervisory filing (R5)', () => {
      for (const flags of [
        { confidentiality: 'state_secret' as const },
        { involvesNationalSecurity: true },
        { isKeyCoreTechnology: true },
      ]) {
        const c = { ...content, ...flags };
        spec
          .given(withContent(flags))
          .when(submit)
          .then([{ ...submitted, content: c, supervisoryFilingRequired: true } as DisclosureEvent, { ...confirmationOpened(1, 1, c) }]);
      }
    });

    it.each([
      ['no inventors', { inventors: [] }, 'R1_DISCLOSURE_WITHOUT_INVENTORS'],
      [
        'an inventor twice',
        {
          inventors: [
            { ...content.inventors[0], shareBasisPoints: 5_000 },
            { ...content.inventors[0], shareBasisPoints: 5_000 },
          ],
        },
        'R1_DUPLICATE_INVENTOR',
      ],
      [
        'shares below 100%',
        { inventors: [content.inventors[0], { ...content.inventors[1], shareBasisPoints: 3_999 }] },
        'R1_SHARES_NOT_100_PERCENT',
      ],
      [
        'shares above 100%',
        { inventors: [content.inventors[0], { ...content.inventors[1], shareBasisPoints: 4_001 }] },
        'R1_SHARES_NOT_100_PERCENT',
      ],
      [
        'a submitter who is not an inventor',
        { inventors: [{ ...content.inventors[1], shareBasisPoints: 10_000 }] },
        'R1_SUBMITTER_NOT_AN_INVENTOR',
      ],
      ['fiscal funding without project number', { funding: { kind: 'fiscal' as const } }, 'R1_FISCAL_FUNDING_NEEDS_PROJECT_NUMBER'],
      ['a conception date in the future', { conceptionDate: '2026-03-03' }, 'R1_CONCEPTION_DATE_IN_FUTURE'],
      ['an attachment twice', { attachments: [content.attachments[0], content.attachments[0]] }, 'DISCLOSURE_DUPLICATE_ATTACHMENT'],
    ])('refuses %s', (_, change, code) => spec.given(withContent(change)).when(submit).thenFails(code));

    it('takes the conception date in Shanghai time: today there is not the future', () =>
      spec
        .given(withContent({ conceptionDate: '2026-03-01' }))
        .when({ ...submit, now: '2026-02-28T16:00:00.000Z' })
        .then([
          {
            ...submitted,
            content: { ...content, conceptionDate: '2026-03-01' },
            submittedAt: '2026-02-28T16:00:00.000Z',
          } as DisclosureEvent,
          confirmationOpened(1, 1, { ...content, conceptionDate: '2026-03-01' }, '2026-02-28T16:00:00.000Z'),
        ]));

    it('lets only the drafter submit, once', () => {
      spec
        .given([drafted])
        .when({ ...submit, actor: han })
        .thenFails('DISCLOSURE_NOT_YOURS', 403);
      spec.given([drafted, submitted]).when(submit).thenFails('DISCLOSURE_WRONG_STATUS', 409);
    });
  });

  describe('co-inventor confirmation and amendment', () => {
    const amended = {
      ...content,
      inventors: [
        { ...content.inventors[0], shareBasisPoints: 5_000 },
        { ...content.inventors[1], shareBasisPoints: 5_000 },
      ],
    };
    const amend: DisclosureCommand = {
      type: 'AmendDisclosure',
      content: amended,
      actor: li,
      now: T1,
      policy,
      attachmentsOnRecord: uploads,
    };

    it('after a dispute, the submitter amends and confirmation restarts in a new round', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1), confirmationClosed('rejected')])
        .when(amend)
        .then([
          {
            type: 'DisclosureAmended',
            disclosureId: 'd-1',
            content: amended,
            amendedBy: 'li',
            amendedAt: T1,
            supervisoryFilingRequired: false,
            policyVersion: 3,
          },
          confirmationOpened(2, 2, amended),
        ]));

    it('an expired confirmation also returns it for amendment', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1), confirmationClosed('expired')])
        .when(amend)
        .then([
          {
            type: 'DisclosureAmended',
            disclosureId: 'd-1',
            content: amended,
            amendedBy: 'li',
            amendedAt: T1,
            supervisoryFilingRequired: false,
            policyVersion: 3,
          },
          confirmationOpened(2, 2, amended),
        ]));

    it('refuses amending while confirmation runs or after it succeeded', () => {
      spec
        .given([drafted, submitted, confirmationOpened(1, 1)])
        .when(amend)
        .thenFails('DISCLOSURE_WRONG_STATUS', 409);
      spec.given(confirmed).when(amend).thenFails('DISCLOSURE_WRONG_STATUS', 409);
    });

    it('checks the amended content like a submission', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1), confirmationClosed('rejected')])
        .when({ ...amend, content: { ...amended, inventors: [amended.inventors[0]] } })
        .thenFails('R1_SHARES_NOT_100_PERCENT'));

    it('refuses acknowledging before every co-inventor confirmed', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1)])
        .when({ type: 'AcknowledgeDisclosure', actor: tto, now: T1 })
        .thenFails('DISCLOSURE_WRONG_STATUS', 409));
  });

  describe('withdrawal', () => {
    const withdraw: DisclosureCommand = { type: 'WithdrawDisclosure', reason: 'Published elsewhere first', actor: li, now: T1 };
    const withdrawn: DisclosureEvent = {
      type: 'DisclosureWithdrawn',
      disclosureId: 'd-1',
      withdrawnBy: 'li',
      reason: 'Published elsewhere first',
      withdrawnAt: T1,
    };

    it('is possible before the decision and voids a running confirmation', () =>
      spec
        .given([drafted, submitted, confirmationOpened(1, 1)])
        .when(withdraw)
        .then([
          withdrawn,
          { type: 'SignOffRoundClosed', signOffId: 'co-inventor-confirmation', round: 1, outcome: 'voided', closedAt: T1, closedBy: 'li' },
        ]));
    it('is possible during evaluation', () =>
      spec
        .given([...confirmed, acknowledged, assigned])
        .when(withdraw)
        .then([withdrawn]));
    it('is refused after the decision', () =>
      spec
        .given([...confirmed, acknowledged, assigned, evaluated, decided])
        .when(withdraw)
        .thenFails('DISCLOSURE_ALREADY_DECIDED', 409));
    it('is the drafter’s alone and states a reason', () => {
      spec
        .given(confirmed)
        .when({ ...withdraw, actor: han })
        .thenFails('DISCLOSURE_NOT_YOURS', 403);
      spec
        .given(confirmed)
        .when({ ...withdraw, reason: ' ' })
        .thenFails('DISCLOSURE_REASON_REQUIRED', 422);
    });
    it('ends the disclosure', () =>
      spec
        .given([...confirmed, withdrawn])
        .when({ type: 'AcknowledgeDisclosure', actor: tto, now: T1 })
        .thenFails('DISCLOSURE_WRONG_STATUS'));
  });

  describe('TTO intake', () => {
    it('acknowledges a confirmed disclosure', () =>
      spec.given(confirmed).when({ type: 'AcknowledgeDisclosure', actor: tto, now: T1 }).then([acknowledged]));
    it('lets only the TTO acknowledge', () =>
      spec.given(confirmed).when({ type: 'AcknowledgeDisclosure', actor: leader, now: T1 }).thenFails('ROLE_NOT_ALLOWED', 403));

    const ask: DisclosureCommand = { type: 'RequestClarification', question: 'Which prior art did you check?', actor: tto, now: T1 };
    const asked: DisclosureEvent = {
      type: 'ClarificationRequested',
      disclosureId: 'd-1',
      question: 'Which prior art did you check?',
      requestedBy: 'wang',
      requestedAt: T1,
    };
    const answer: DisclosureCommand = { type: 'ProvideClarification', answer: 'CN112345678A', actor: han, now: T1 };

    it('asks for clarification and receives an inventor’s answer', () => {
      spec
        .given([...confirmed, acknowledged])
        .when(ask)
        .then([asked]);
      spec
        .given([...confirmed, acknowledged, asked])
        .when(answer)
        .then([{ type: 'ClarificationProvided', disclosureId: 'd-1', answer: 'CN112345678A', answeredBy: 'han', answeredAt: T1 }]);
    });
    it('takes answers only from inventors and only to an open question', () => {
      spec
        .given([...confirmed, acknowledged, asked])
        .when({ ...answer, actor: { userId: 'zhao', role: 'inventor' } })
        .thenFails('R1_NOT_AN_INVENTOR', 403);
      spec
        .given([...confirmed, acknowledged])
        .when(answer)
        .thenFails('DISCLOSURE_NO_OPEN_CLARIFICATION', 409);
    });
    it('does not send for evaluation while a question is open', () =>
      spec
        .given([...confirmed, acknowledged, asked])
        .when({ type: 'AssignEvaluator', evaluator: { kind: 'tto_staff', userId: 'wang' }, actor: tto, now: T1, policy })
        .thenFails('DISCLOSURE_WRONG_STATUS'));

    const assign: DisclosureCommand = {
      type: 'AssignEvaluator',
      evaluator: { kind: 'external_agency', userId: 'agency-1', agencyName: '西部技术转移中心' },
      actor: tto,
      now: T1,
      policy,
    };
    it('assigns an entrusted agency with the evaluation deadline of the policy in force (R2)', () =>
      spec
        .given([...confirmed, acknowledged])
        .when(assign)
        .then([assigned]));
    it('names the agency', () =>
      spec
        .given([...confirmed, acknowledged])
        .when({ ...assign, evaluator: { kind: 'external_agency', userId: 'a' } } as DisclosureCommand)
        .thenFails('R2_AGENCY_NAME_REQUIRED', 422));
  });

  describe('evaluation and decision (R2, R3)', () => {
    const record: DisclosureCommand = {
      type: 'RecordEvaluation',
      evaluationId: 'e-1',
      patentability,
      technologyReadinessLevel: 4,
      marketAssessment: 'Small market today',
      recommendation: 'do_not_file',
      actor: evaluator,
      now: T1,
    };
    const decide: DisclosureCommand = {
      type: 'DecideOnFiling',
      decision: 'do_not_file',
      reasons: decided.type === 'DisclosureDecided' ? decided.reasons : '',
      evaluationId: 'e-1',
      actor: leader,
      now: T1,
    };

    it('records the evaluation by the assigned evaluator', () =>
      spec
        .given([...confirmed, acknowledged, assigned])
        .when(record)
        .then([evaluated]));
    it('refuses anyone else, and an impossible readiness level', () => {
      spec
        .given([...confirmed, acknowledged, assigned])
        .when({ ...record, actor: tto })
        .thenFails('R2_NOT_THE_ASSIGNED_EVALUATOR', 403);
      spec
        .given([...confirmed, acknowledged, assigned])
        .when({ ...record, technologyReadinessLevel: 10 } as DisclosureCommand)
        .thenFails('R2_INVALID_READINESS_LEVEL', 422);
    });
    it('decides "do not file", citing the evaluation, with R3/R4 attached', () =>
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when(decide)
        .then([decided]));
    it('decides "file" citing R2 only', () =>
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when({ ...decide, decision: 'file' } as DisclosureCommand)
        .then([{ ...decided, decision: 'file', ruleKeys: ['R2'] } as DisclosureEvent]));
    it('refuses a decision without an evaluation, citing another one, by another role, twice', () => {
      spec
        .given([...confirmed, acknowledged, assigned])
        .when(decide)
        .thenFails('R2_DECISION_WITHOUT_EVALUATION', 409);
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when({ ...decide, evaluationId: 'e-0' } as DisclosureCommand)
        .thenFails('R2_DECISION_CITES_OTHER_EVALUATION', 409);
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when({ ...decide, actor: tto } as DisclosureCommand)
        .thenFails('ROLE_NOT_ALLOWED', 403);
      spec
        .given([...confirmed, acknowledged, assigned, evaluated, decided])
        .when(decide)
        .thenFails('DISCLOSURE_ALREADY_DECIDED', 409);
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when({ ...decide, reasons: '' } as DisclosureCommand)
        .thenFails('DISCLOSURE_REASON_REQUIRED', 422);
    });
  });

  describe('conflicts of interest (R4, R13), decided from the inventors on record', () => {
    const hanAsStaff = { userId: 'han', role: 'evaluator' };
    const hanAsLeader = { userId: 'han', role: 'unit_leader' };
    const assignHan: DisclosureCommand = {
      type: 'AssignEvaluator',
      evaluator: { kind: 'tto_staff', userId: 'han' },
      actor: tto,
      now: T1,
      policy,
    };
    // An assignment recorded before the rule was enforced: the record still names an inventor.
    const hanAssigned: DisclosureEvent = {
      type: 'EvaluatorAssigned',
      disclosureId: 'd-1',
      evaluator: { kind: 'tto_staff', userId: 'han' },
      assignedBy: 'wang',
      assignedAt: T1,
      dueAt: new Date(Date.parse(T1) + 30 * DAY).toISOString(),
      policyVersion: 3,
      ruleKey: 'R2',
    };
    const evaluate = (actor: { userId: string; role: string }): DisclosureCommand => ({
      type: 'RecordEvaluation',
      evaluationId: 'e-1',
      patentability,
      technologyReadinessLevel: 4,
      marketAssessment: 'Small market today',
      recommendation: 'do_not_file',
      actor,
      now: T1,
    });
    const decideAs = (actor: { userId: string; role: string }): DisclosureCommand => ({
      type: 'DecideOnFiling',
      decision: 'do_not_file',
      reasons: 'Narrow market',
      evaluationId: 'e-1',
      actor,
      now: T1,
    });

    it('refuses to assign an inventor as its evaluator, staff or agency', () => {
      spec
        .given([...confirmed, acknowledged])
        .when(assignHan)
        .thenFails('R4_CONFLICT_OF_INTEREST', 403, { conflictedUserId: 'han' });
      spec
        .given([...confirmed, acknowledged])
        .when({ ...assignHan, evaluator: { kind: 'external_agency', userId: 'li', agencyName: '李雷咨询' } } as DisclosureCommand)
        .thenFails('R4_CONFLICT_OF_INTEREST', 403, { conflictedUserId: 'li' });
    });
    it('assigns any other staff member', () =>
      spec
        .given([...confirmed, acknowledged])
        .when({ ...assignHan, evaluator: { kind: 'tto_staff', userId: 'zhang' } } as DisclosureCommand)
        .then([{ ...hanAssigned, evaluator: { kind: 'tto_staff', userId: 'zhang' } } as DisclosureEvent]));
    it('refuses an evaluation recorded by an inventor, even one assigned before the rule', () =>
      spec
        .given([...confirmed, acknowledged, hanAssigned])
        .when(evaluate(hanAsStaff))
        .thenFails('R4_CONFLICT_OF_INTEREST', 403, { conflictedUserId: 'han' }));
    it('refuses a filing decision by a unit leader who is an inventor', () =>
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when(decideAs(hanAsLeader))
        .thenFails('R4_CONFLICT_OF_INTEREST', 403, { conflictedUserId: 'han' }));
    it('lets a leader who is not an inventor decide', () =>
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when(decideAs(leader))
        .then([
          {
            type: 'DisclosureDecided',
            disclosureId: 'd-1',
            decision: 'do_not_file',
            reasons: 'Narrow market',
            evaluationId: 'e-1',
            decidedBy: 'sun',
            decidedAt: T1,
            ruleKeys: ['R2', 'R3', 'R4'],
          },
        ]));
  });

  describe('deadlines recorded by Temporal', () => {
    const missed = (deadline: 'acknowledgement' | 'evaluation', dueAt: string, now: string): DisclosureCommand => ({
      type: 'RecordDeadlineMissed',
      deadline,
      dueAt,
      policyVersion: 3,
      now,
    });
    const due = '2026-03-17T02:00:00.000Z';

    it('escalates a missed acknowledgement (R1) and a missed evaluation (R2) to the unit leader', () => {
      spec
        .given(confirmed)
        .when(missed('acknowledgement', due, due))
        .then([
          {
            type: 'DisclosureDeadlineMissed',
            disclosureId: 'd-1',
            deadline: 'acknowledgement',
            dueAt: due,
            escalatedToRole: 'unit_leader',
            policyVersion: 3,
            ruleKey: 'R1',
          },
        ]);
      spec
        .given([...confirmed, acknowledged, assigned])
        .when(missed('evaluation', due, due))
        .then([
          {
            type: 'DisclosureDeadlineMissed',
            disclosureId: 'd-1',
            deadline: 'evaluation',
            dueAt: due,
            escalatedToRole: 'unit_leader',
            policyVersion: 3,
            ruleKey: 'R2',
          },
        ]);
    });
    it('records nothing early, twice, or once the step happened', () => {
      spec
        .given(confirmed)
        .when(missed('acknowledgement', due, T1))
        .then([]);
      spec
        .given([...confirmed, acknowledged])
        .when(missed('acknowledgement', due, due))
        .then([]);
      spec
        .given([...confirmed, acknowledged, assigned, evaluated])
        .when(missed('evaluation', due, due))
        .then([]);
      spec
        .given([
          ...confirmed,
          {
            type: 'DisclosureDeadlineMissed',
            disclosureId: 'd-1',
            deadline: 'acknowledgement',
            dueAt: due,
            escalatedToRole: 'unit_leader',
            policyVersion: 3,
            ruleKey: 'R1',
          },
        ])
        .when(missed('acknowledgement', due, due))
        .then([]);
    });
  });
});
