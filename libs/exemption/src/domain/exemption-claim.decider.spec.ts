import { deciderSpec } from '../../../../test/support/decider-spec';
import { termsHash } from '@chengguo/kernel';
import { decideSignOff } from '@chengguo/sign-off/domain';
import { confirmationTerms, ExemptionClaimCommand, exemptionClaimDecider } from './exemption-claim.decider';
import { HistoryAssessment } from './exemption-findings';
import { DEFAULT_EXEMPTION_LISTS, exemptionListsDecider } from './exemption-lists';
import { ExemptionClaimEvent, ExemptionSubject, Finding, NegativeListHit, TransformationRoute } from './exemption.events';

const spec = deciderSpec(exemptionClaimDecider);
const DAY = 86_400_000;
const T0 = '2026-06-01T00:00:00.000Z';
const T1 = '2026-06-10T00:00:00.000Z';
const leader = { userId: 'sun', role: 'unit_leader' };
const subject: ExemptionSubject = { kind: 'transfer_approval', streamId: 'transfer-case-c1', eventId: 'approval-closed' };

const finding = (key: Finding['key'], outcome: Finding['outcome'] = 'pass'): Finding => ({
  key,
  outcome,
  ruleKeys: ['R13'],
  evidenceEventIds: [`${key}-evidence`],
  detail: key,
});
const passing: Finding[] = [
  finding('democratic_procedure'),
  finding('supervision'),
  finding('information_publicity'),
  finding('no_conflict_of_interest'),
];
const failing: Finding[] = [
  finding('democratic_procedure'),
  finding('supervision'),
  finding('information_publicity', 'fail'),
  finding('no_conflict_of_interest'),
];
const assessment = (findings: Finding[], negativeListHits: NegativeListHit[] = []): HistoryAssessment => ({
  subjectFound: true,
  findings,
  decisionMakers: [{ userId: 'sun', name: '孙', sources: ['claim', 'sign-off'] }],
  examined: [{ streamId: 'transfer-case-c1', revision: 9 }],
  ruleKeys: ['R13'],
  negativeListHits,
});
const ROUTE: Record<ExemptionSubject['kind'], TransformationRoute> = {
  abandonment_decision: 'abandonment',
  transfer_approval: 'transfer',
  equity_investment: 'equity_investment',
};

const fileCommand = (
  findings: Finding[],
  overrides: Partial<Extract<ExemptionClaimCommand, { type: 'FileExemptionClaim' }>> = {},
): ExemptionClaimCommand => ({
  type: 'FileExemptionClaim',
  claimId: 'x1',
  subject,
  decisionMakers: [{ userId: 'sun', name: '孙' }],
  lossOrValueChangeFen: 1_200_000,
  description: '成果转让后市场价值下降 / the achievement lost value after the transfer',
  assertedPositiveItemIds: ['P1', 'P3'],
  assessment: assessment(findings),
  route: 'transfer',
  lists: DEFAULT_EXEMPTION_LISTS,
  actor: leader,
  now: T0,
  ...overrides,
});

function filed(
  findings: Finding[],
  kind: ExemptionSubject['kind'] = 'transfer_approval',
  lossFen = 1_200_000,
  route: TransformationRoute | undefined = ROUTE[kind],
): ExemptionClaimEvent[] {
  const s = { ...subject, kind };
  const assertion = { listVersion: 0, positiveItemIds: ['P1', 'P3'], assertedBy: 'sun', assertedByRole: 'unit_leader' };
  const description = '成果转让后市场价值下降 / the achievement lost value after the transfer';
  const decisionMakers = assessment(findings).subjectFound
    ? (assessment(findings) as Extract<HistoryAssessment, { subjectFound: true }>).decisionMakers
    : [];
  return [
    {
      type: 'ExemptionClaimFiled',
      claimId: 'x1',
      subject: s,
      decisionMakers: [{ userId: 'sun', name: '孙' }],
      lossOrValueChangeFen: lossFen,
      description,
      assertion,
      filedBy: 'sun',
      filedByRole: 'unit_leader',
      filedAt: T0,
      ruleKeys: ['R13'],
    },
    {
      type: 'ExemptionFindingsRecorded',
      claimId: 'x1',
      findings,
      decisionMakers,
      examined: [{ streamId: 'transfer-case-c1', revision: 9 }],
      ...(route ? { route } : {}),
      computedAt: T0,
      ruleKeys: ['R13'],
    },
    {
      type: 'SignOffRoundOpened',
      signOffId: 'exemption-confirmation',
      round: 1,
      subject: `尽职免责确认 / due-diligence exemption: ${kind} approval-closed`,
      termsHash: termsHash(
        confirmationTerms({ claimId: 'x1', subject: s, decisionMakers, lossOrValueChangeFen: lossFen, description, assertion, findings }),
      ),
      mode: { kind: 'parallel' },
      parties: [
        { partyId: 'audit', role: 'auditor' },
        { partyId: 'discipline-inspection', role: 'discipline_inspection' },
        { partyId: 'inspection-tour', role: 'inspection_tour' },
        { partyId: 'supervisory-department', role: 'supervisory_department' },
      ],
      deadline: new Date(Date.parse(T0) + 30 * DAY).toISOString(),
      reminderOffsetsMs: [7 * DAY, DAY],
      escalationRole: 'supervisory_department',
      openedAt: T0,
      ruleKeys: ['R13'],
      conflictedUserIds: ['sun'],
    },
  ];
}

const closed = (outcome: 'signed' | 'rejected' | 'expired'): ExemptionClaimEvent => ({
  type: 'SignOffRoundClosed',
  signOffId: 'exemption-confirmation',
  round: 1,
  outcome,
  closedAt: T1,
  closedBy: null,
});
const overridden = (
  department: 'auditor' | 'discipline_inspection' | 'inspection_tour' | 'supervisory_department',
): ExemptionClaimEvent => ({
  type: 'ExemptionFindingOverridden',
  claimId: 'x1',
  department,
  overriddenBy: `${department}.head`,
  failedFindings: ['information_publicity'],
  reasons: '公示记录另有纸质存档 / the publicity is documented on paper',
  overriddenAt: T0,
  ruleKey: 'R13',
});
const DEPARTMENTS = ['auditor', 'discipline_inspection', 'inspection_tour', 'supervisory_department'] as const;

describe('exemption claim decider (R13, R4)', () => {
  describe('filing', () => {
    it('records the claim, the recomputed findings and opens the four departments’ parallel confirmation for 30 days', () => {
      spec.given([]).when(fileCommand(passing)).then(filed(passing));
    });
    it('refuses list items not on the positive list in force (双清单)', () => {
      spec
        .given([])
        .when(fileCommand(passing, { assertedPositiveItemIds: ['P1', 'N1', 'P99'] }))
        .thenFails('R13_UNKNOWN_LIST_ITEM', 422, { unknownItemIds: ['N1', 'P99'], listVersion: 0 });
    });
    it('refuses a claim that asserts no positive-list item (R13 双清单)', () => {
      spec
        .given([])
        .when(fileCommand(passing, { assertedPositiveItemIds: [] }))
        .thenFails('R13_POSITIVE_ITEM_REQUIRED', 422, { listVersion: 0 });
    });
    it('refuses a claim whose history shows a negative-list item, under the code of the rule it breaks, listing every hit', () => {
      const unfiled: NegativeListHit = {
        code: 'R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING',
        itemId: 'N5',
        ruleKeys: ['R5', 'R13'],
        evidenceEventIds: ['case-opened', 'reclassified', 'approval-closed'],
        detail: 'classified, no filing',
      };
      const conflicted: NegativeListHit = {
        code: 'R13_CONFLICTED_PARTY_DECIDED',
        itemId: 'N4',
        ruleKeys: ['R4', 'R13'],
        evidenceEventIds: ['signed'],
        detail: 'an inventor signed for the unit',
      };
      spec
        .given([])
        .when(fileCommand(passing, { assessment: assessment(passing, [unfiled, conflicted]) }))
        .thenFails('R5_TRANSFORMED_WITHOUT_SUPERVISORY_FILING', 409, {
          negativeListHits: [
            { ...unfiled, onListVersion: 0 },
            { ...conflicted, onListVersion: 0 },
          ],
        });
      spec
        .given([])
        .when(fileCommand(passing, { assessment: assessment(passing, [conflicted]) }))
        .thenFails('R13_CONFLICTED_PARTY_DECIDED', 409);
    });
    it('refuses a subject whose kind the record contradicts: a transfer named as an equity investment, or the reverse', () => {
      spec
        .given([])
        .when(fileCommand(passing, { subject: { ...subject, kind: 'equity_investment' }, route: 'transfer' }))
        .thenFails('R13_SUBJECT_NOT_A_DECISION', 422);
      spec
        .given([])
        .when(fileCommand(passing, { route: 'equity_investment' }))
        .thenFails('R13_SUBJECT_NOT_A_DECISION', 422);
    });
    it('refuses a subject that is not a decision on record, a filer who is not the leader or TTO, and a second filing', () => {
      spec
        .given([])
        .when(fileCommand(passing, { assessment: { subjectFound: false, reason: 'no such event' } }))
        .thenFails('R13_SUBJECT_NOT_A_DECISION', 422);
      spec
        .given([])
        .when(fileCommand(passing, { actor: { userId: 'li', role: 'inventor' } }))
        .thenFails('ROLE_NOT_ALLOWED', 403);
      spec
        .given([])
        .when(fileCommand(passing, { lossOrValueChangeFen: 1.5 }))
        .thenFails('MONEY_NOT_WHOLE_FEN', 422);
      spec.given(filed(passing)).when(fileCommand(passing)).thenFails('EXEMPTION_CLAIM_ALREADY_FILED', 409);
    });
  });

  describe('conflicts in the confirmation (R4, R13)', () => {
    const register = {
      achievementId: 'a-1',
      inventors: [
        { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
        { userId: 'qin.audit', name: '秦', shareBasisPoints: 4_000 },
      ],
    };
    const events = () => exemptionClaimDecider.decide(fileCommand(passing, { register }), exemptionClaimDecider.initialState);
    const round = () => (events() as ExemptionClaimEvent[]).find((e) => e.type === 'SignOffRoundOpened')!;

    it('names the decision makers and the register’s inventors as conflicted, and the achievement for the read side', () =>
      expect(round()).toMatchObject({ conflictedUserIds: ['li', 'qin.audit', 'sun'], achievementId: 'a-1' }));

    it('so an auditor who is an inventor cannot confirm for the audit department; another auditor can', () => {
      const state = (events() as ExemptionClaimEvent[]).reduce(exemptionClaimDecider.evolve, exemptionClaimDecider.initialState);
      const sign = (userId: string) =>
        decideSignOff(
          {
            type: 'Sign',
            signOffId: 'exemption-confirmation',
            termsHash: (round() as { termsHash: string }).termsHash,
            actor: { userId, role: 'auditor' },
            now: T1,
          },
          state.signOffs,
        );
      expect(sign('qin.audit')).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', extensions: { conflictedUserId: 'qin.audit' } });
      expect(sign('zhao.audit')).toEqual([expect.objectContaining({ type: 'SignOffSigned', userId: 'zhao.audit' })]);
    });
  });

  describe('overrides', () => {
    const override = (role: string): ExemptionClaimCommand => ({
      type: 'OverrideFailedFindings',
      reasons: '公示记录另有纸质存档 / the publicity is documented on paper',
      actor: { userId: `${role}.head`, role },
      now: T0,
    });
    it('a department records its override of the failed findings, once', () => {
      spec
        .given(filed(failing))
        .when(override('auditor'))
        .then([overridden('auditor')]);
      spec
        .given([...filed(failing), overridden('auditor')])
        .when(override('auditor'))
        .thenFails('R13_ALREADY_OVERRIDDEN', 409);
    });
    it('only the four departments override, only failed findings, only while the confirmation is open, always with reasons', () => {
      spec.given(filed(failing)).when(override('unit_leader')).thenFails('ROLE_NOT_ALLOWED', 403);
      spec.given(filed(passing)).when(override('auditor')).thenFails('R13_NO_FAILED_FINDING', 409);
      spec
        .given([...filed(failing), closed('signed')])
        .when(override('auditor'))
        .thenFails('R13_CONFIRMATION_CLOSED', 409);
      spec
        .given(filed(failing))
        .when({ ...override('auditor'), reasons: '  ' } as ExemptionClaimCommand)
        .thenFails('R13_OVERRIDE_REASONS_REQUIRED', 422);
    });
  });

  describe('conclusion', () => {
    const conclude: ExemptionClaimCommand = { type: 'ConcludeExemptionClaim', now: T1 };
    it('waits for the confirmation to close', () => {
      spec.given(filed(passing)).when(conclude).thenFails('R13_CONFIRMATION_OPEN', 409);
    });
    it('grants when all four signed and every finding passed; a loss on an equity investment is excluded from state-asset assessment', () => {
      spec
        .given([...filed(passing, 'equity_investment'), closed('signed')])
        .when(conclude)
        .then([
          {
            type: 'ExemptionGranted',
            claimId: 'x1',
            confirmationRound: 1,
            ruleKeys: ['R13'],
            reasons: [
              'Confirmed by audit, discipline inspection, inspection tour and the supervisory department (R13).',
              'Every finding passed or did not apply.',
              'An investment loss after diligent conduct: excluded from state-asset preservation assessment (R13).',
            ],
            excludedFromStateAssetPreservationAssessment: true,
            byOverride: false,
            grantedAt: T1,
          },
        ]);
    });
    it('XZ-18: only a loss on an outbound equity investment is excluded; a transfer, a licence, an abandonment or no loss is not', () => {
      const outcome = (events: ExemptionClaimEvent[]) =>
        exemptionClaimDecider.decide(
          conclude,
          [...events, closed('signed')].reduce(exemptionClaimDecider.evolve, exemptionClaimDecider.initialState),
        );
      for (const events of [
        filed(passing, 'transfer_approval', 1_200_000, 'transfer'),
        filed(passing, 'transfer_approval', 1_200_000, 'license'),
        filed(passing, 'equity_investment', 0),
        filed(passing, 'abandonment_decision', 1_200_000),
      ]) {
        expect(outcome(events)).toEqual([
          expect.objectContaining({ type: 'ExemptionGranted', excludedFromStateAssetPreservationAssessment: false }),
        ]);
      }
      expect(outcome(filed(passing, 'equity_investment', 1))).toEqual([
        expect.objectContaining({ type: 'ExemptionGranted', excludedFromStateAssetPreservationAssessment: true }),
      ]);
      // Findings stored before the route was recorded: the subject's kind (checked against the case) stands for it.
      expect(outcome(filed(passing, 'transfer_approval', 1_200_000, undefined))).toEqual([
        expect.objectContaining({ excludedFromStateAssetPreservationAssessment: false }),
      ]);
      expect(outcome(filed(passing, 'equity_investment', 1_200_000, undefined))).toEqual([
        expect.objectContaining({ excludedFromStateAssetPreservationAssessment: true }),
      ]);
    });
    it('an abandonment decision is granted without the state-asset exclusion; an equity investment with a loss has it', () => {
      const abandonment = exemptionClaimDecider.decide(
        conclude,
        [...filed(passing, 'abandonment_decision', 0), closed('signed')].reduce(
          exemptionClaimDecider.evolve,
          exemptionClaimDecider.initialState,
        ),
      );
      expect(abandonment).toEqual([
        expect.objectContaining({ type: 'ExemptionGranted', excludedFromStateAssetPreservationAssessment: false, ruleKeys: ['R13', 'R4'] }),
      ]);
      const investment = exemptionClaimDecider.decide(
        conclude,
        [...filed(passing, 'equity_investment', 5_000), closed('signed')].reduce(
          exemptionClaimDecider.evolve,
          exemptionClaimDecider.initialState,
        ),
      );
      expect(investment).toEqual([
        expect.objectContaining({ type: 'ExemptionGranted', excludedFromStateAssetPreservationAssessment: true }),
      ]);
    });
    it('denies a failed finding signed off without every department’s override, naming the finding and who did not override', () => {
      spec
        .given([...filed(failing), overridden('auditor'), overridden('inspection_tour'), closed('signed')])
        .when(conclude)
        .then([
          {
            type: 'ExemptionDenied',
            claimId: 'x1',
            confirmationRound: 1,
            ruleKeys: ['R13'],
            grounds: 'findings_failed',
            reasons: [
              'information_publicity failed (R13): information_publicity',
              'Not overridden by: discipline_inspection, supervisory_department (R13).',
            ],
            deniedAt: T1,
          },
        ]);
    });
    it('grants a failed finding only when all four departments overrode it', () => {
      const state = [...filed(failing), ...DEPARTMENTS.map(overridden), closed('signed')].reduce(
        exemptionClaimDecider.evolve,
        exemptionClaimDecider.initialState,
      );
      expect(exemptionClaimDecider.decide(conclude, state)).toEqual([
        expect.objectContaining({ type: 'ExemptionGranted', byOverride: true }),
      ]);
    });
    it('denies a rejected or expired confirmation even when every finding passed', () => {
      spec
        .given([...filed(passing), closed('rejected')])
        .when(conclude)
        .then([
          {
            type: 'ExemptionDenied',
            claimId: 'x1',
            confirmationRound: 1,
            ruleKeys: ['R13'],
            grounds: 'confirmation_rejected',
            reasons: ["The four departments' confirmation closed as rejected (R13)."],
            deniedAt: T1,
          },
        ]);
      spec
        .given([...filed(passing), closed('expired')])
        .when(conclude)
        .then([
          {
            type: 'ExemptionDenied',
            claimId: 'x1',
            confirmationRound: 1,
            ruleKeys: ['R13'],
            grounds: 'confirmation_expired',
            reasons: ["The four departments' confirmation closed as expired (R13)."],
            deniedAt: T1,
          },
        ]);
    });
    it('a repeated conclusion records nothing', () => {
      const granted = exemptionClaimDecider.decide(
        conclude,
        [...filed(passing), closed('signed')].reduce(exemptionClaimDecider.evolve, exemptionClaimDecider.initialState),
      ) as ExemptionClaimEvent[];
      spec
        .given([...filed(passing), closed('signed'), ...granted])
        .when(conclude)
        .then([]);
    });
  });
});

describe('exemption lists (双清单, R13)', () => {
  const publish = {
    type: 'PublishExemptionLists' as const,
    positive: [{ id: 'P1', text: '民主决策' }],
    negative: [{ id: 'N1', text: '牟取非法利益' }],
    effectiveFrom: T1,
    publishedBy: 'admin',
    now: T0,
  };
  it('publishes version 1 effective now or later; never in the past, never with an id on both lists', () => {
    expect(exemptionListsDecider.decide(publish, [])).toEqual([
      {
        type: 'ExemptionListsPublished',
        version: 1,
        effectiveFrom: T1,
        positive: publish.positive,
        negative: publish.negative,
        publishedBy: 'admin',
        publishedAt: T0,
        ruleKey: 'R13',
      },
    ]);
    expect(exemptionListsDecider.decide({ ...publish, effectiveFrom: '2026-01-01T00:00:00.000Z' }, [])).toMatchObject({
      code: 'POLICY_EFFECTIVE_IN_PAST',
    });
    expect(exemptionListsDecider.decide({ ...publish, negative: [{ id: 'P1', text: 'x' }] }, [])).toMatchObject({
      code: 'R13_LIST_INVALID',
    });
  });
});
