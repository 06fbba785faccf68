import {
  AchievementClassification,
  AchievementCommand,
  achievementDecider,
  AchievementState,
  ProcessEventSource,
} from '@chengguo/achievement-register/domain';
import { isRuleViolation } from '@chengguo/kernel';
import { decideSignOff, SignOffEvent } from '@chengguo/sign-off/domain';
import { termsHash } from '@chengguo/kernel';
import { deciderSpec } from '../../../../test/support/decider-spec';
import {
  APPROVAL_POLICY,
  approvalTerms,
  coOwnersConsentTerms,
  OpenedCase,
  statusOf,
  TransferCaseCommand,
  transferCaseDecider,
} from './transfer-case.decider';
import {
  APPROVAL_SIGN_OFF_ID,
  CO_OWNERS_CONSENT_SIGN_OFF_ID,
  CoOwnersConsentRequired,
  MarketResultRecorded,
  PublicityNoticePublished,
  PublicityObjectionRaised,
  TransferCaseEvent,
  TransferCaseOpened,
} from './transfer-case.events';
import { transferCaseOpenedV1ToV2 } from './transfer-case.upcasters';

const spec = deciderSpec(transferCaseDecider);
const DAY = 86_400_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs).toISOString();

const openedAt = '2026-03-01T02:00:00.000Z'; // 10:00 Shanghai, March 1
const publishedAt = '2026-03-01T03:00:00.000Z'; // 11:00 Shanghai, March 1
const periodEndsAt = '2026-03-16T16:00:00.000Z'; // 24:00 Shanghai of March 16 (day 15)

// The register's state of the achievement, built by its own decider from its own commands.
const ACHIEVEMENT_ID = 'd-1';
const source = (n: number): ProcessEventSource => ({
  kind: 'process_event',
  streamId: 'disclosure-d-1',
  eventId: `e-${n}`,
  eventType: 'X',
});
const INTERNAL = { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false } as const;
function registerAfter(commands: AchievementCommand[]): AchievementState {
  return commands.reduce((state, command) => {
    const events = achievementDecider.decide(command, state);
    if (isRuleViolation(events)) throw new Error(`${events.code}: ${events.detail}`);
    return events.reduce(achievementDecider.evolve, state);
  }, achievementDecider.initialState);
}
const disclosed = (classification: AchievementClassification = INTERNAL): AchievementCommand => ({
  type: 'RegisterDisclosedAchievement',
  disclosureId: ACHIEVEMENT_ID,
  title: '一种低温固态电池电解质',
  inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
  classification,
  submittedBy: 'li',
  submittedAt: '2026-01-10T02:00:00.000Z',
  source: source(1),
});
const decision = (decision: 'file' | 'do_not_file' | 'trade_secret'): AchievementCommand => ({
  type: 'RecordFilingDecision',
  decision,
  decidedBy: 'sun',
  decidedAt: '2026-02-01T02:00:00.000Z',
  source: source(2),
});
const toBeFiled = registerAfter([disclosed(), decision('file')]);
/** R11: the register records a signed ownership agreement. */
const grantedTo = (grant: Extract<AchievementCommand, { type: 'RecordOwnershipGranted' }>['grant']): AchievementCommand => ({
  type: 'RecordOwnershipGranted',
  agreementId: 'ownership-agreement-d-1',
  grant,
  grantedAt: '2026-02-20T00:00:00.000Z',
  source: source(3),
});
const CO_OWNED_GRANT = { kind: 'co_owned', unitShareBasisPoints: 4_000, coOwners: [{ userId: 'li', shareBasisPoints: 6_000 }] } as const;
const coOwned = registerAfter([disclosed(), decision('file'), grantedTo({ ...CO_OWNED_GRANT, coOwners: [...CO_OWNED_GRANT.coOwners] })]);

const opened: TransferCaseOpened = {
  type: 'TransferCaseOpened',
  caseId: 'c-1',
  achievementId: ACHIEVEMENT_ID,
  achievement: { kind: 'disclosure', id: ACHIEVEMENT_ID, name: '一种低温固态电池电解质' },
  mode: { kind: 'license', exclusivity: 'exclusive' },
  pricingMethod: 'agreement',
  counterparty: { name: '高原新能源有限公司' },
  proposedPriceFen: 120_000_000,
  classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: false },
  classificationSource: 'register',
  supervisoryFilingRequired: false,
  openedBy: 'tto-wang',
  openedAt,
};
const open: TransferCaseCommand = {
  type: 'OpenTransferCase',
  caseId: 'c-1',
  achievementId: ACHIEVEMENT_ID,
  register: toBeFiled,
  mode: opened.mode,
  pricingMethod: 'agreement',
  counterparty: opened.counterparty,
  proposedPriceFen: 120_000_000,
  openedBy: 'tto-wang',
  now: openedAt,
};
const published: PublicityNoticePublished = {
  type: 'PublicityNoticePublished',
  caseId: 'c-1',
  round: 1,
  achievement: opened.achievement,
  proposedPriceFen: 120_000_000,
  days: 15,
  publishedAt,
  periodEndsAt,
  publishedBy: 'tto-wang',
  ruleKey: 'R7',
};
const publish = (days = 15, now = publishedAt): TransferCaseCommand => ({
  type: 'PublishPublicityNotice',
  caseId: 'c-1',
  days,
  publishedBy: 'tto-wang',
  now,
});
const objection: PublicityObjectionRaised = {
  type: 'PublicityObjectionRaised',
  caseId: 'c-1',
  round: 1,
  objectionId: 'o-1',
  raisedBy: 'zhao',
  raisedByRole: 'inventor',
  reason: '价格偏低 / price too low',
  evidenceHashes: [],
  raisedAt: at(publishedAt, 2 * DAY),
};
const raise = (now: string, objectionId = 'o-1'): TransferCaseCommand => ({
  type: 'RaiseObjection',
  caseId: 'c-1',
  objectionId,
  reason: '价格偏低 / price too low',
  evidenceHashes: [],
  raisedBy: 'zhao',
  raisedByRole: 'inventor',
  now,
});
const resolveCmd = (
  resolution: 'dismiss' | 'uphold',
  now: string,
  reasons = '评估报告支持该价格 / valuation supports the price',
): TransferCaseCommand => ({
  type: 'ResolveObjection',
  caseId: 'c-1',
  objectionId: 'o-1',
  resolution,
  reasons,
  resolvedBy: 'tto-wang',
  now,
});
const complete = (now: string, round = 1, register = toBeFiled): TransferCaseCommand => ({
  type: 'CompletePublicityPeriod',
  caseId: 'c-1',
  round,
  register,
  now,
});

const fold = (events: TransferCaseEvent[]) => events.reduce(transferCaseDecider.evolve, transferCaseDecider.initialState) as OpenedCase;
const decideOn = (events: TransferCaseEvent[], command: TransferCaseCommand) => {
  const outcome = transferCaseDecider.decide(command, fold(events));
  if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
  return outcome;
};

/** The events of a completed agreement-priced publicity, approval opened. */
const completedAt = periodEndsAt;
const completion = decideOn([opened, published], complete(completedAt));
const signAll = (events: TransferCaseEvent[]): TransferCaseEvent[] => {
  const opening = events.find((e): e is Extract<SignOffEvent, { type: 'SignOffRoundOpened' }> => e.type === 'SignOffRoundOpened')!;
  const signed: TransferCaseEvent[] = APPROVAL_POLICY.parties.map((p, i) => ({
    type: 'SignOffSigned',
    signOffId: APPROVAL_SIGN_OFF_ID,
    round: opening.round,
    partyId: p.partyId,
    userId: `${p.role}-${i}`,
    onBehalfOf: null,
    termsHash: opening.termsHash,
    signedAt: at(completedAt, DAY),
  }));
  return [
    ...events,
    ...signed,
    {
      type: 'SignOffRoundClosed',
      signOffId: APPROVAL_SIGN_OFF_ID,
      round: opening.round,
      outcome: 'signed',
      closedAt: at(completedAt, DAY),
      closedBy: null,
    },
  ];
};
const approved = signAll([opened, published, ...completion]);

describe('transfer case decider', () => {
  describe('OpenTransferCase (R5, R6)', () => {
    it('records the case', () => spec.given([]).when(open).then([opened]));
    it('refuses a second opening', () => spec.given([opened]).when(open).thenFails('TRANSFER_CASE_ALREADY_OPENED', 409));
    it('refuses a price that is not whole fen', () =>
      spec
        .given([])
        .when({ ...open, proposedPriceFen: 100.5 } as TransferCaseCommand)
        .thenFails('TRANSFER_PRICE_INVALID', 422));
    it('refuses a negative price', () =>
      spec
        .given([])
        .when({ ...open, proposedPriceFen: -1 } as TransferCaseCommand)
        .thenFails('TRANSFER_PRICE_INVALID'));
    it('refuses agreement pricing without a counterparty', () =>
      spec
        .given([])
        .when({ ...open, counterparty: null } as TransferCaseCommand)
        .thenFails('TRANSFER_CASE_INVALID', 422));
    it('publishes the register’s title, not a name of the caller', () =>
      spec
        .given([])
        .when({ ...open, register: { ...toBeFiled, title: '青稞秸秆生物质炭' } })
        .then([{ ...opened, achievement: { ...opened.achievement, name: '青稞秸秆生物质炭' } }]));
    it('files an achievement the TTO registered directly under its register id', () => {
      const existing = registerAfter([
        {
          type: 'RegisterExistingAchievement',
          achievementId: 'a-7',
          kind: 'software_copyright',
          title: '青稞品质检测软件',
          inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }],
          classification: INTERNAL,
          rights: {},
          evidence: { summary: '登记证书', documentSha256: ['a'.repeat(64)] },
          actor: { userId: 'wang', role: 'tto_officer' },
          now: '2026-01-01T00:00:00.000Z',
        },
      ]);
      spec
        .given([])
        .when({ ...open, achievementId: 'a-7', register: existing })
        .then([{ ...opened, achievementId: 'a-7', achievement: { kind: 'registered', id: 'a-7', name: '青稞品质检测软件' } }]);
    });
  });

  describe('OpenTransferCase decided on the register (R3, R5, R12)', () => {
    it('R12: refuses an achievement the register does not hold (an invalid request)', () =>
      spec
        .given([])
        .when({ ...open, register: achievementDecider.initialState })
        .thenFails('ACHIEVEMENT_NOT_REGISTERED', 422, { achievementId: ACHIEVEMENT_ID }));
    it('R5: refuses an achievement not yet decided on (disclosed, under evaluation)', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed()]) })
        .thenFails('R5_ACHIEVEMENT_NOT_TRANSFORMABLE', 409, { currentStatus: 'disclosed' }));
    it('R3: refuses an achievement the unit decided not to file (its rights are due to the inventors)', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed(), decision('do_not_file')]) })
        .thenFails('R3_RIGHTS_DUE_TO_INVENTORS', 409));
    it('R3: refuses an achievement whose rights went to the inventors under an executed contract', () => {
      const abandoned = registerAfter([
        disclosed(),
        decision('do_not_file'),
        {
          type: 'RecordOwnershipToInventors',
          contractId: 'k-1',
          inventorUserIds: ['li'],
          executedAt: '2026-03-01T00:00:00.000Z',
          source: source(3),
        },
      ]);
      spec
        .given([])
        .when({ ...open, register: abandoned })
        .thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409);
    });
    it('R11: an achievement wholly granted to its inventors is not the unit’s to transform', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed(), decision('file'), grantedTo({ kind: 'inventors', userIds: ['li'] })]) })
        .thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409));
    it('R5: refuses a withdrawn achievement', () =>
      spec
        .given([])
        .when({
          ...open,
          register: registerAfter([
            disclosed(),
            { type: 'RecordWithdrawn', reason: 'withdrawn by the inventor', now: '2026-01-20T00:00:00.000Z', from: source(4) },
          ]),
        })
        .thenFails('R5_ACHIEVEMENT_NOT_TRANSFORMABLE', 409, { currentStatus: 'withdrawn' }));
    it('R5: the register’s classification requires the supervisory filing, whatever the caller believes', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed({ ...INTERNAL, keyCoreTechnology: true }), decision('file')]) })
        .then([
          {
            ...opened,
            classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: true },
            supervisoryFilingRequired: true,
          },
        ]));
    it('R5: a state secret requires the supervisory filing', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed({ ...INTERNAL, confidentiality: 'state_secret' }), decision('trade_secret')]) })
        .then([
          {
            ...opened,
            classification: { stateSecret: true, nationalSecurity: false, keyCoreTechnology: false },
            supervisoryFilingRequired: true,
          },
        ]));
    it('R5: a commercial secret needs no supervisory filing', () =>
      spec
        .given([])
        .when({ ...open, register: registerAfter([disclosed({ ...INTERNAL, confidentiality: 'commercial_secret' }), decision('file')]) })
        .then([opened]));
  });

  describe('TransferCaseOpened v1 (classification from the request) still folds', () => {
    it('reads a v1 opening on a patent number, upcast to v2 without an achievement id', () => {
      const v1 = {
        caseId: 'c-1',
        achievement: { kind: 'patent', id: 'ZL202610000001.X', name: '一种低温固态电池电解质' },
        mode: opened.mode,
        pricingMethod: 'agreement',
        counterparty: opened.counterparty,
        proposedPriceFen: 120_000_000,
        classification: { stateSecret: true, nationalSecurity: false, keyCoreTechnology: false },
        supervisoryFilingRequired: true,
        openedBy: 'tto-wang',
        openedAt,
      };
      const upcast = transferCaseOpenedV1ToV2.upcast(v1, { type: 'TransferCaseOpened', schemaVersion: 1, streamId: 'transfer-case-c-1' });
      expect(upcast).toEqual({ ...v1, achievementId: null, classificationSource: 'request' });
      const state = fold([{ type: 'TransferCaseOpened', ...upcast } as TransferCaseOpened]);
      expect(statusOf(state)).toBe('awaiting_supervisory_filing');
    });
    it('keeps the disclosure id of a v1 opening as the register’s achievement id', () => {
      const v1 = { ...opened, achievementId: undefined, classificationSource: undefined };
      expect(
        transferCaseOpenedV1ToV2.upcast(JSON.parse(JSON.stringify(v1)), {
          type: 'TransferCaseOpened',
          schemaVersion: 1,
          streamId: 'transfer-case-c-1',
        }),
      ).toMatchObject({ achievementId: ACHIEVEMENT_ID, classificationSource: 'request' });
    });
  });

  describe('R5 supervisory filing', () => {
    const classified: TransferCaseOpened = {
      ...opened,
      classification: { ...opened.classification, stateSecret: true },
      supervisoryFilingRequired: true,
    };
    const filing: TransferCaseCommand = {
      type: 'RecordSupervisoryFiling',
      caseId: 'c-1',
      department: '自治区科学技术厅',
      filingNumber: '藏科备〔2026〕12号',
      filedOn: '2026-03-05',
      recordedBy: 'tto-wang',
      now: '2026-03-05T02:00:00.000Z',
    };
    const filed = decideOn([classified], filing);

    it('blocks publicity until the filing is recorded', () =>
      spec.given([classified]).when(publish()).thenFails('R5_SUPERVISORY_FILING_REQUIRED', 409));
    it('blocks a listing result until the filing is recorded', () =>
      spec
        .given([{ ...classified, pricingMethod: 'listing', counterparty: null }])
        .when({
          type: 'RecordMarketResult',
          caseId: 'c-1',
          method: 'listing',
          exchange: 'X',
          listingNumber: 'L-1',
          result: 'deal',
          finalPriceFen: 1,
          counterparty: { name: 'B' },
          concludedOn: '2026-04-01',
          recordedBy: 'tto-wang',
          register: toBeFiled,
          now: openedAt,
        })
        .thenFails('R5_SUPERVISORY_FILING_REQUIRED'));
    it('records the filing, with its rule key', () =>
      expect(filed).toEqual([
        {
          type: 'SupervisoryFilingRecorded',
          caseId: 'c-1',
          department: '自治区科学技术厅',
          filingNumber: '藏科备〔2026〕12号',
          filedOn: '2026-03-05',
          recordedBy: 'tto-wang',
          recordedAt: '2026-03-05T02:00:00.000Z',
          ruleKey: 'R5',
        },
      ]));
    it('unblocks publicity once filed', () =>
      spec
        .given([classified, ...filed])
        .when(publish(15, '2026-03-05T03:00:00.000Z'))
        .then([{ ...published, publishedAt: '2026-03-05T03:00:00.000Z', periodEndsAt: '2026-03-20T16:00:00.000Z' }]));
    it('refuses a filing for an unclassified achievement', () =>
      spec.given([opened]).when(filing).thenFails('R5_SUPERVISORY_FILING_NOT_REQUIRED'));
    it('refuses a second filing', () =>
      spec
        .given([classified, ...filed])
        .when(filing)
        .thenFails('R5_SUPERVISORY_FILING_ALREADY_RECORDED'));
    it('shows the blocked status', () => expect(statusOf(fold([classified]))).toBe('awaiting_supervisory_filing'));
  });

  describe('PublishPublicityNotice (R6, R7, R7-DAYS)', () => {
    it('publishes name and price with the period end by R7-DAYS', () => spec.given([opened]).when(publish()).then([published]));
    it('refuses fewer than 15 days', () =>
      spec.given([opened]).when(publish(14)).thenFails('R7_PUBLICITY_TOO_SHORT', 422, { days: 14, minimumDays: 15 }));
    it('accepts a unit policy of more days', () =>
      spec
        .given([opened])
        .when(publish(30))
        .then([{ ...published, days: 30, periodEndsAt: '2026-03-31T16:00:00.000Z' }]));
    it('refuses a second publication while one runs', () =>
      spec.given([opened, published]).when(publish()).thenFails('R7_PUBLICITY_ALREADY_RUNNING'));
    it('refuses publicity for listing pricing (R6)', () =>
      spec
        .given([{ ...opened, pricingMethod: 'listing' }])
        .when(publish())
        .thenFails('R6_PUBLICITY_ONLY_FOR_AGREEMENT_PRICING'));
    it('refuses publicity once the price is settled', () =>
      spec
        .given([opened, published, ...completion])
        .when(publish())
        .thenFails('TRANSFER_CASE_NOT_AWAITING_PUBLICITY'));
    it('refuses an unknown case', () => spec.given([]).when(publish()).thenFails('TRANSFER_CASE_NOT_FOUND', 404));
  });

  describe('objections (R7)', () => {
    it('any unit member objects during the period', () =>
      spec.given([opened, published]).when(raise(objection.raisedAt)).then([objection]));
    it('accepts an objection in the last second of the period', () =>
      spec
        .given([opened, published])
        .when(raise(at(periodEndsAt, -1_000)))
        .then([{ ...objection, raisedAt: at(periodEndsAt, -1_000) }]));
    it('refuses an objection at the end instant', () =>
      spec.given([opened, published]).when(raise(periodEndsAt)).thenFails('R7_OBJECTION_OUTSIDE_PERIOD'));
    it('refuses an objection without publicity running', () =>
      spec.given([opened]).when(raise(openedAt)).thenFails('R7_PUBLICITY_NOT_RUNNING'));
    it('refuses an objection without reason', () =>
      spec
        .given([opened, published])
        .when({ ...raise(objection.raisedAt), reason: '  ' } as TransferCaseCommand)
        .thenFails('R7_OBJECTION_REASON_REQUIRED'));
    it('refuses malformed evidence hashes', () =>
      spec
        .given([opened, published])
        .when({ ...raise(objection.raisedAt), evidenceHashes: ['abc'] } as TransferCaseCommand)
        .thenFails('TRANSFER_CASE_INVALID'));
    it('refuses the same objection id twice', () =>
      spec.given([opened, published, objection]).when(raise(objection.raisedAt)).thenFails('R7_OBJECTION_ALREADY_RAISED'));

    it('the TTO dismisses with reasons', () =>
      spec
        .given([opened, published, objection])
        .when(resolveCmd('dismiss', at(publishedAt, 3 * DAY)))
        .then([
          {
            type: 'PublicityObjectionDismissed',
            caseId: 'c-1',
            round: 1,
            objectionId: 'o-1',
            resolvedBy: 'tto-wang',
            reasons: '评估报告支持该价格 / valuation supports the price',
            resolvedAt: at(publishedAt, 3 * DAY),
          },
        ]));
    it('upholding fails the publicity round', () =>
      spec
        .given([opened, published, objection])
        .when(resolveCmd('uphold', at(publishedAt, 3 * DAY), '价格确实偏低'))
        .then([
          {
            type: 'PublicityObjectionUpheld',
            caseId: 'c-1',
            round: 1,
            objectionId: 'o-1',
            resolvedBy: 'tto-wang',
            reasons: '价格确实偏低',
            resolvedAt: at(publishedAt, 3 * DAY),
          },
          { type: 'PublicityFailed', caseId: 'c-1', round: 1, objectionId: 'o-1', failedAt: at(publishedAt, 3 * DAY), ruleKey: 'R7' },
        ]));
    it('refuses a resolution without reasons', () =>
      spec
        .given([opened, published, objection])
        .when(resolveCmd('dismiss', at(publishedAt, 3 * DAY), ' '))
        .thenFails('R7_RESOLUTION_REASONS_REQUIRED'));
    it('refuses resolving twice', () => {
      const dismissed = decideOn([opened, published, objection], resolveCmd('dismiss', at(publishedAt, 3 * DAY)));
      spec
        .given([opened, published, objection, ...dismissed])
        .when(resolveCmd('uphold', at(publishedAt, 4 * DAY)))
        .thenFails('R7_OBJECTION_ALREADY_RESOLVED');
    });
    it('refuses an unknown objection', () =>
      spec.given([opened, published]).when(resolveCmd('dismiss', objection.raisedAt)).thenFails('R7_OBJECTION_NOT_FOUND', 404));
    it('resolves after the days are over (the period waits for it)', () => {
      const dismissed = decideOn([opened, published, objection], resolveCmd('dismiss', at(periodEndsAt, 2 * DAY)));
      expect(dismissed.map((e) => e.type)).toEqual(['PublicityObjectionDismissed']);
    });
  });

  describe('CompletePublicityPeriod (R7)', () => {
    it('refuses one second before the end', () =>
      spec
        .given([opened, published])
        .when(complete(at(periodEndsAt, -1_000)))
        .thenFails('R7_PUBLICITY_PERIOD_NOT_OVER', 409, { periodEndsAt }));
    it('refuses one millisecond before the end', () =>
      spec
        .given([opened, published])
        .when(complete(at(periodEndsAt, -1)))
        .thenFails('R7_PUBLICITY_PERIOD_NOT_OVER'));

    it('completes at the end and opens the approval round in the same decision', () => {
      expect(completion).toEqual([
        { type: 'PublicityPeriodCompleted', caseId: 'c-1', round: 1, periodEndsAt, completedAt, objectionsDismissed: 0, ruleKey: 'R7' },
        {
          type: 'SignOffRoundOpened',
          signOffId: APPROVAL_SIGN_OFF_ID,
          round: 1,
          subject: expect.stringContaining('一种低温固态电池电解质'),
          termsHash: termsHash(approvalTerms(fold([opened, published, completion[0]]))),
          mode: { kind: 'parallel' },
          parties: [
            { partyId: 'tto-head', role: 'tto_officer' },
            { partyId: 'finance', role: 'finance' },
            { partyId: 'unit-leader', role: 'unit_leader' },
          ],
          deadline: at(completedAt, 30 * DAY),
          reminderOffsetsMs: [7 * DAY, DAY],
          escalationRole: 'unit_leader',
          openedAt: completedAt,
          ruleKeys: ['R5', 'R7'],
          conflictedUserIds: ['li', 'tto-wang'],
          achievementId: ACHIEVEMENT_ID,
        },
      ]);
      expect(statusOf(fold([opened, published, ...completion]))).toBe('awaiting_approval');
    });

    it('binds the approval to the published price and period', () => {
      const terms = approvalTerms(fold([opened, published, ...completion]));
      expect(terms).toMatchObject({ priceFen: 120_000_000, publicity: { round: 1, publishedAt, periodEndsAt } });
    });

    it('is idempotent once completed', () =>
      spec
        .given([opened, published, ...completion])
        .when(complete(at(periodEndsAt, DAY)))
        .then([]));

    it('cannot complete while an objection is open, even long after the end', () =>
      spec
        .given([opened, published, objection])
        .when(complete(at(periodEndsAt, 10 * DAY)))
        .thenFails('R7_OBJECTION_OPEN', 409, { objectionIds: ['o-1'] }));

    it('completes at the later of the end and the last resolution', () => {
      const resolvedAt = at(periodEndsAt, 2 * DAY);
      const dismissed = decideOn([opened, published, objection], resolveCmd('dismiss', resolvedAt));
      const events = decideOn([opened, published, objection, ...dismissed], complete(resolvedAt));
      expect(events[0]).toEqual({
        type: 'PublicityPeriodCompleted',
        caseId: 'c-1',
        round: 1,
        periodEndsAt,
        completedAt: resolvedAt,
        objectionsDismissed: 1,
        ruleKey: 'R7',
      });
    });

    it('a dismissal before the end still waits for the end', () => {
      const dismissed = decideOn([opened, published, objection], resolveCmd('dismiss', at(publishedAt, 3 * DAY)));
      spec
        .given([opened, published, objection, ...dismissed])
        .when(complete(at(periodEndsAt, -1_000)))
        .thenFails('R7_PUBLICITY_PERIOD_NOT_OVER');
    });

    it('refuses after an upheld objection failed the round', () => {
      const upheld = decideOn([opened, published, objection], resolveCmd('uphold', at(publishedAt, 3 * DAY)));
      spec
        .given([opened, published, objection, ...upheld])
        .when(complete(periodEndsAt))
        .thenFails('R7_PUBLICITY_NOT_RUNNING');
    });
  });

  describe('after a failed publicity: a new price needs a new full period (R7)', () => {
    const upheld = decideOn([opened, published, objection], resolveCmd('uphold', at(publishedAt, 3 * DAY)));
    const failed = [opened, published, objection, ...upheld];
    const revise = (fen: number, now = at(publishedAt, 4 * DAY)): TransferCaseCommand => ({
      type: 'ReviseProposedPrice',
      caseId: 'c-1',
      proposedPriceFen: fen,
      revisedBy: 'tto-wang',
      now,
    });

    it('shows the failure', () => expect(statusOf(fold(failed))).toBe('publicity_failed'));
    it('revises the price', () =>
      spec
        .given(failed)
        .when(revise(150_000_000))
        .then([
          {
            type: 'TransferPriceRevised',
            caseId: 'c-1',
            previousPriceFen: 120_000_000,
            proposedPriceFen: 150_000_000,
            revisedBy: 'tto-wang',
            revisedAt: at(publishedAt, 4 * DAY),
          },
        ]));
    it('publishes round 2 with the new price and a full period from the new publication', () => {
      const revised = decideOn(failed, revise(150_000_000));
      const republishedAt = at(publishedAt, 4 * DAY); // March 5, 11:00 Shanghai
      spec
        .given([...failed, ...revised])
        .when(publish(15, republishedAt))
        .then([
          { ...published, round: 2, proposedPriceFen: 150_000_000, publishedAt: republishedAt, periodEndsAt: '2026-03-20T16:00:00.000Z' },
        ]);
    });
    it('round 1 cannot be completed any more', () => {
      const revised = decideOn(failed, revise(150_000_000));
      const republished = decideOn([...failed, ...revised], publish(15, at(publishedAt, 4 * DAY)));
      spec
        .given([...failed, ...revised, ...republished])
        .when(complete(at(periodEndsAt, 30 * DAY), 1))
        .thenFails('R7_PUBLICITY_NOT_RUNNING');
    });
    it('refuses to edit the price while its publicity runs', () =>
      spec.given([opened, published]).when(revise(1)).thenFails('R7_PUBLISHED_PRICE_LOCKED'));
    it('refuses to edit the price once approved', () => spec.given(approved).when(revise(1)).thenFails('R7_PUBLISHED_PRICE_LOCKED'));
    it('refuses an unchanged price', () => spec.given(failed).when(revise(120_000_000)).thenFails('TRANSFER_PRICE_UNCHANGED'));
  });

  describe('listing and auction (R6) skip publicity', () => {
    const listed: TransferCaseOpened = { ...opened, pricingMethod: 'auction', counterparty: null, mode: { kind: 'transfer' } };
    const result = (overrides: Partial<Extract<TransferCaseCommand, { type: 'RecordMarketResult' }>> = {}): TransferCaseCommand => ({
      type: 'RecordMarketResult',
      caseId: 'c-1',
      method: 'auction',
      exchange: '西藏技术产权交易所',
      listingNumber: 'XZ-TE-2026-0042',
      result: 'deal',
      finalPriceFen: 130_000_000,
      counterparty: { name: '雪域科技有限公司' },
      concludedOn: '2026-04-10',
      recordedBy: 'tto-wang',
      register: toBeFiled,
      now: '2026-04-10T08:00:00.000Z',
      ...overrides,
    });

    it('a deal records exchange, number and result and opens the approval at the final price', () => {
      const events = decideOn([listed], result());
      const recorded: MarketResultRecorded = {
        type: 'MarketResultRecorded',
        caseId: 'c-1',
        method: 'auction',
        exchange: '西藏技术产权交易所',
        listingNumber: 'XZ-TE-2026-0042',
        result: 'deal',
        finalPriceFen: 130_000_000,
        counterparty: { name: '雪域科技有限公司' },
        concludedOn: '2026-04-10',
        recordedBy: 'tto-wang',
        recordedAt: '2026-04-10T08:00:00.000Z',
        ruleKey: 'R6',
      };
      expect(events[0]).toEqual(recorded);
      expect(events[1]).toMatchObject({ type: 'SignOffRoundOpened', signOffId: APPROVAL_SIGN_OFF_ID, ruleKeys: ['R5', 'R6'] });
      const state = fold([listed, ...events]);
      expect(state.priceFen).toBe(130_000_000);
      expect(statusOf(state)).toBe('awaiting_approval');
      expect(approvalTerms(state)).toMatchObject({
        publicity: null,
        market: { exchange: '西藏技术产权交易所', listingNumber: 'XZ-TE-2026-0042' },
      });
    });
    it('no deal leaves the case waiting for another listing', () => {
      const events = decideOn([listed], result({ result: 'no_deal', finalPriceFen: null, counterparty: null }));
      expect(events.map((e) => e.type)).toEqual(['MarketResultRecorded']);
      expect(statusOf(fold([listed, ...events]))).toBe('no_deal');
      expect(decideOn([listed, ...events], result({ listingNumber: 'XZ-TE-2026-0043' })).map((e) => e.type)).toEqual([
        'MarketResultRecorded',
        'SignOffRoundOpened',
      ]);
    });
    it('refuses a deal without its price', () =>
      spec
        .given([listed])
        .when(result({ finalPriceFen: null }))
        .thenFails('TRANSFER_PRICE_INVALID'));
    it('refuses a result of the other method', () =>
      spec
        .given([listed])
        .when(result({ method: 'listing' }))
        .thenFails('R6_PRICING_METHOD_MISMATCH'));
    it('refuses a market result for agreement pricing', () =>
      spec.given([opened]).when(result()).thenFails('R6_MARKET_RESULT_ONLY_FOR_LISTING_OR_AUCTION'));
    it('refuses a second result once the price is settled', () => {
      const events = decideOn([listed], result());
      spec
        .given([listed, ...events])
        .when(result())
        .thenFails('R6_MARKET_RESULT_NOT_EXPECTED');
    });
  });

  describe('conflicts in the approval round (R4, R13): its preparer and the register’s inventors', () => {
    // The register records two inventors; the case was opened by tto-wang.
    const coInvented = registerAfter([
      {
        ...disclosed(),
        inventors: [
          { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
          { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
        ],
      } as AchievementCommand,
      decision('file'),
    ]);
    type RoundOpened = Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>;
    const roundOpened = (events: TransferCaseEvent[]): RoundOpened =>
      events.find((e): e is RoundOpened => e.type === 'SignOffRoundOpened')!;
    const completedWith = (register: AchievementState, openedBy = 'tto-wang') =>
      decideOn([{ ...opened, openedBy }, published], complete(completedAt, 1, register));

    it('the round opened by the completed publicity names the opener and every inventor on the register', () =>
      expect(roundOpened(completedWith(coInvented)).conflictedUserIds).toEqual(['han', 'li', 'tto-wang']));

    it('an opener who is also an inventor is named once', () =>
      expect(roundOpened(completedWith(coInvented, 'han')).conflictedUserIds).toEqual(['han', 'li']));

    it('takes the inventors from the register it is given: none on record (a case named by patent number only), only the opener', () =>
      expect(roundOpened(completedWith(achievementDecider.initialState)).conflictedUserIds).toEqual(['tto-wang']));

    it('a market deal opens the round with the same conflicts', () => {
      const listed: TransferCaseOpened = { ...opened, pricingMethod: 'listing', counterparty: null };
      const deal = decideOn([listed], {
        type: 'RecordMarketResult',
        caseId: 'c-1',
        method: 'listing',
        exchange: '西藏技术产权交易所',
        listingNumber: 'XZ-TE-2026-0043',
        result: 'deal',
        finalPriceFen: 130_000_000,
        counterparty: { name: '雪域科技有限公司' },
        concludedOn: '2026-04-10',
        recordedBy: 'tto-zhou',
        register: coInvented,
        now: '2026-04-10T08:00:00.000Z',
      });
      expect(roundOpened(deal).conflictedUserIds).toEqual(['han', 'li', 'tto-wang']);
    });

    it('a reopened round names them again, from the register as it is at reopening', () => {
      const completion = completedWith(toBeFiled);
      const refused: TransferCaseEvent[] = [
        {
          type: 'SignOffRoundClosed',
          signOffId: APPROVAL_SIGN_OFF_ID,
          round: 1,
          outcome: 'rejected',
          closedAt: at(completedAt, DAY),
          closedBy: 'wu',
        },
      ];
      const reopened = decideOn([opened, published, ...completion, ...refused], {
        type: 'ReopenApproval',
        caseId: 'c-1',
        register: coInvented,
        now: at(completedAt, 2 * DAY),
      });
      expect(roundOpened(reopened)).toMatchObject({ round: 2, conflictedUserIds: ['han', 'li', 'tto-wang'] });
    });

    describe('the sign-off capability then enforces them', () => {
      const history = [opened, published, ...completedWith(coInvented)];
      const approval = fold(history).signOffs;
      const sign = (userId: string, role: string, partyId: string) =>
        decideSignOff(
          {
            type: 'Sign',
            signOffId: APPROVAL_SIGN_OFF_ID,
            termsHash: roundOpened(history).termsHash,
            partyId,
            actor: { userId, role },
            now: at(completedAt, DAY),
          },
          approval,
        );

      it('the opener may not sign for the TTO head', () =>
        expect(sign('tto-wang', 'tto_officer', 'tto-head')).toMatchObject({
          code: 'R4_CONFLICT_OF_INTEREST',
          status: 403,
          extensions: { conflictedUserId: 'tto-wang', partyId: 'tto-head' },
        }));
      it('an inventor who is a unit leader may not sign for the unit leader', () =>
        expect(sign('han', 'unit_leader', 'unit-leader')).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', status: 403 }));
      it('another TTO officer signs for the TTO head', () =>
        expect(sign('tto-zhou', 'tto_officer', 'tto-head')).toEqual([
          expect.objectContaining({ type: 'SignOffSigned', partyId: 'tto-head', userId: 'tto-zhou' }),
        ]));
    });
  });

  describe('approval, registration and execution (R8)', () => {
    const register: TransferCaseCommand = {
      type: 'RegisterTechnologyContract',
      caseId: 'c-1',
      registrationNumber: '2026540001000123',
      registeredOn: '2026-05-20',
      recordedBy: 'tto-wang',
      now: '2026-05-20T02:00:00.000Z',
    };
    const execute: TransferCaseCommand = {
      type: 'ExecuteTransfer',
      caseId: 'c-1',
      executedBy: 'tto-wang',
      now: '2026-05-21T02:00:00.000Z',
    };
    const registered = decideOn(approved, register);

    it('shows the approved status once every party signed', () => expect(statusOf(fold(approved))).toBe('approved'));
    it('refuses registration before approval', () =>
      spec
        .given([opened, published, ...completion])
        .when(register)
        .thenFails('TRANSFER_APPROVAL_REQUIRED', 409, { status: 'awaiting_approval' }));
    it('refuses execution before approval', () =>
      spec
        .given([opened, published, ...completion])
        .when(execute)
        .thenFails('TRANSFER_APPROVAL_REQUIRED'));
    it('registers the contract', () =>
      expect(registered).toEqual([
        {
          type: 'TechnologyContractRegistered',
          caseId: 'c-1',
          registrationNumber: '2026540001000123',
          registeredOn: '2026-05-20',
          recordedBy: 'tto-wang',
          recordedAt: '2026-05-20T02:00:00.000Z',
          ruleKey: 'R8',
        },
      ]));
    it('refuses a malformed registration date', () =>
      spec
        .given(approved)
        .when({ ...register, registeredOn: '20.5.2026' } as TransferCaseCommand)
        .thenFails('TRANSFER_CASE_INVALID'));
    it('a repeated registration with the same number is a harmless repeat; another number is refused', () => {
      spec
        .given([...approved, ...registered])
        .when(register)
        .then([]);
      spec
        .given([...approved, ...registered])
        .when({ ...register, registrationNumber: 'X' } as TransferCaseCommand)
        .thenFails('R8_CONTRACT_ALREADY_REGISTERED');
    });
    it('executes a registered transfer as eligible for rewards', () =>
      spec
        .given([...approved, ...registered])
        .when(execute)
        .then([
          {
            type: 'TransferExecuted',
            caseId: 'c-1',
            executedBy: 'tto-wang',
            executedAt: '2026-05-21T02:00:00.000Z',
            contractRegistered: true,
            rewardEligible: true,
            flags: [],
          },
        ]));
    it('flags a transfer executed without registration: not eligible for rewards (R8)', () =>
      spec
        .given(approved)
        .when(execute)
        .then([
          {
            type: 'TransferExecuted',
            caseId: 'c-1',
            executedBy: 'tto-wang',
            executedAt: '2026-05-21T02:00:00.000Z',
            contractRegistered: false,
            rewardEligible: false,
            flags: ['R8_NOT_ELIGIBLE_FOR_REWARDS'],
          },
        ]));
    it('a registration recorded after execution makes it eligible again', () => {
      const executed = decideOn(approved, execute);
      const late = decideOn([...approved, ...executed], register);
      expect(fold([...approved, ...executed, ...late]).executed).toEqual({ executedAt: '2026-05-21T02:00:00.000Z', rewardEligible: true });
    });
    it('refuses a second execution', () => {
      const executed = decideOn(approved, execute);
      spec
        .given([...approved, ...executed])
        .when(execute)
        .thenFails('TRANSFER_ALREADY_EXECUTED');
    });

    it('a rejected approval can be reopened over the same terms', () => {
      const opening = completion[1] as Extract<SignOffEvent, { type: 'SignOffRoundOpened' }>;
      const rejected: TransferCaseEvent[] = [
        {
          type: 'SignOffRejected',
          signOffId: APPROVAL_SIGN_OFF_ID,
          round: 1,
          partyId: 'finance',
          userId: 'wu',
          onBehalfOf: null,
          reason: '预算不符',
          rejectedAt: at(completedAt, DAY),
        },
        {
          type: 'SignOffRoundClosed',
          signOffId: APPROVAL_SIGN_OFF_ID,
          round: 1,
          outcome: 'rejected',
          closedAt: at(completedAt, DAY),
          closedBy: 'wu',
        },
      ];
      const history = [opened, published, ...completion, ...rejected];
      expect(statusOf(fold(history))).toBe('approval_refused');
      spec.given(history).when(execute).thenFails('TRANSFER_APPROVAL_REQUIRED');
      const reopened = decideOn(history, { type: 'ReopenApproval', caseId: 'c-1', register: toBeFiled, now: at(completedAt, 2 * DAY) });
      expect(reopened).toEqual([expect.objectContaining({ type: 'SignOffRoundOpened', round: 2, termsHash: opening.termsHash })]);
      spec
        .given([opened, published, ...completion])
        .when({ type: 'ReopenApproval', caseId: 'c-1', register: toBeFiled, now: completedAt })
        .thenFails('TRANSFER_APPROVAL_NOT_REFUSED');
    });
  });

  describe('R11: a co-owned achievement moves only with the co-owners’ consent', () => {
    const coOpen: TransferCaseCommand = { ...open, register: coOwned };
    const required: CoOwnersConsentRequired = {
      type: 'CoOwnersConsentRequired',
      caseId: 'c-1',
      agreementId: 'ownership-agreement-d-1',
      unitShareBasisPoints: 4_000,
      coOwners: [{ userId: 'li', shareBasisPoints: 6_000 }],
      inventorUserIds: ['li'],
      requiredAt: openedAt,
      ruleKey: 'R11',
    };
    const consentTerms = (priceFen = 120_000_000) =>
      termsHash({
        caseId: 'c-1',
        achievement: opened.achievement,
        agreementId: 'ownership-agreement-d-1',
        mode: opened.mode,
        pricingMethod: 'agreement',
        counterparty: opened.counterparty,
        priceFen,
        unitShareBasisPoints: 4_000,
        coOwners: [{ userId: 'li', shareBasisPoints: 6_000 }],
      });
    const consentOpened = (round: number, now: string, priceFen = 120_000_000): SignOffEvent => ({
      type: 'SignOffRoundOpened',
      signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
      round,
      subject: `共有人同意转化 / co-owners' consent: 一种低温固态电池电解质 — license (exclusive), agreement, ${priceFen} fen`,
      termsHash: consentTerms(priceFen),
      mode: { kind: 'parallel' },
      parties: [
        { partyId: 'co-owner-li', role: 'inventor', userId: 'li' },
        { partyId: 'unit', role: 'unit_leader' },
      ],
      deadline: at(now, 30 * DAY),
      reminderOffsetsMs: [7 * DAY, DAY],
      escalationRole: 'tto_officer',
      openedAt: now,
      ruleKeys: ['R11'],
      conflictedUserIds: ['li', 'tto-wang'],
      achievementId: ACHIEVEMENT_ID,
    });
    const opening: TransferCaseEvent[] = [opened, required, consentOpened(1, openedAt)];
    const consentAt = at(openedAt, DAY);
    const decideConsent = (history: TransferCaseEvent[], outcome: 'signed' | 'rejected'): TransferCaseEvent[] => {
      const round = fold(history).signOffs[CO_OWNERS_CONSENT_SIGN_OFF_ID];
      const sign = (userId: string, role: string) => ({
        signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
        actor: { userId, role },
        now: consentAt,
      });
      const events: TransferCaseEvent[] = [];
      const apply = (decided: SignOffEvent[] | unknown) => {
        if (isRuleViolation(decided)) throw new Error(decided.code);
        events.push(...(decided as SignOffEvent[]));
      };
      apply(decideSignOff({ type: 'Sign', termsHash: round.termsHash, ...sign('li', 'inventor') }, fold(history).signOffs));
      const signOffs = fold([...history, ...events]).signOffs;
      apply(
        outcome === 'signed'
          ? decideSignOff({ type: 'Sign', termsHash: round.termsHash, ...sign('sun', 'unit_leader') }, signOffs)
          : decideSignOff(
              { type: 'Reject', reason: '价格低于共有人预期 / below the co-owners’ expectation', ...sign('sun', 'unit_leader') },
              signOffs,
            ),
      );
      return events;
    };
    const consented = [...opening, ...decideConsent(opening, 'signed')];
    const refused = [...opening, ...decideConsent(opening, 'rejected')];

    it('opens the case with the consent round: every co-owner and the unit leader, over the case’s terms', () => {
      spec.given([]).when(coOpen).then(opening);
      expect(statusOf(fold(opening))).toBe('awaiting_co_owners_consent');
      expect(termsHash(coOwnersConsentTerms(fold(opening), fold(opening).coOwnersConsent!))).toBe(consentTerms());
    });
    it('a case on an achievement the unit owns alone opens no consent round', () => spec.given([]).when(open).then([opened]));
    it('refuses the notice until the co-owners consent', () =>
      spec
        .given(opening)
        .when(publish(15, consentAt))
        .thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409, { coOwners: ['li'], consent: 'pending' }));
    it('refuses a market result until the co-owners consent', () => {
      const auctioned = decideOn([], { ...coOpen, pricingMethod: 'auction', counterparty: null, mode: { kind: 'transfer' } });
      expect(auctioned.map((e) => e.type)).toEqual(['TransferCaseOpened', 'CoOwnersConsentRequired', 'SignOffRoundOpened']);
      spec
        .given(auctioned)
        .when({
          type: 'RecordMarketResult',
          caseId: 'c-1',
          method: 'auction',
          exchange: '西藏技术产权交易所',
          listingNumber: 'XZ-TE-2026-0042',
          result: 'deal',
          finalPriceFen: 130_000_000,
          counterparty: { name: '雪域科技有限公司' },
          concludedOn: '2026-04-10',
          recordedBy: 'tto-wang',
          register: coOwned,
          now: '2026-04-10T08:00:00.000Z',
        })
        .thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409, { coOwners: ['li'], consent: 'pending' });
    });
    it('once consented, the case goes on as any other: the notice is published', () => {
      expect(statusOf(fold(consented))).toBe('awaiting_publicity');
      spec.given(consented).when(publish(15, publishedAt)).then([published]);
    });
    it('refuses the approval, registration and execution without the consent, even with a settled price', () => {
      // A history that could not arise (publicity needs the consent): the later steps check it themselves.
      const unconsentedButSettled = signAll([...opening, published, ...decideOn([opened, published], complete(completedAt))]);
      const execute: TransferCaseCommand = {
        type: 'ExecuteTransfer',
        caseId: 'c-1',
        executedBy: 'tto-wang',
        now: at(completedAt, 2 * DAY),
      };
      spec.given(unconsentedButSettled).when(execute).thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409);
      spec
        .given(unconsentedButSettled)
        .when({
          type: 'RegisterTechnologyContract',
          caseId: 'c-1',
          registrationNumber: 'N-1',
          registeredOn: '2026-05-20',
          recordedBy: 'tto-wang',
          now: at(completedAt, 2 * DAY),
        })
        .thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409);
      spec
        .given(unconsentedButSettled)
        .when({ type: 'ReopenApproval', caseId: 'c-1', register: coOwned, now: at(completedAt, 2 * DAY) })
        .thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409);
    });
    it('a refused consent blocks the case until a new consent round, here reopened over the same terms', () => {
      expect(statusOf(fold(refused))).toBe('co_owners_consent_refused');
      spec
        .given(refused)
        .when(publish(15, publishedAt))
        .thenFails('R11_CO_OWNERS_CONSENT_REQUIRED', 409, { coOwners: ['li'], consent: 'refused' });
      const reopenedAt = at(openedAt, 2 * DAY);
      spec
        .given(refused)
        .when({ type: 'ReopenCoOwnersConsent', caseId: 'c-1', now: reopenedAt })
        .then([consentOpened(2, reopenedAt)]);
    });
    it('reopens only a refused consent', () => {
      spec
        .given(opening)
        .when({ type: 'ReopenCoOwnersConsent', caseId: 'c-1', now: consentAt })
        .thenFails('R11_CO_OWNERS_CONSENT_NOT_REFUSED', 409, { status: 'awaiting_co_owners_consent' });
      spec
        .given(consented)
        .when({ type: 'ReopenCoOwnersConsent', caseId: 'c-1', now: consentAt })
        .thenFails('R11_CO_OWNERS_CONSENT_NOT_REFUSED', 409, { status: 'awaiting_publicity' });
      spec
        .given([opened])
        .when({ type: 'ReopenCoOwnersConsent', caseId: 'c-1', now: consentAt })
        .thenFails('R11_CO_OWNERS_CONSENT_NOT_REFUSED');
    });
    it('a price revised after the consent needs a new consent (as a new price needs a new notice, R7)', () => {
      const revisedAt = at(openedAt, 3 * DAY);
      const revise: TransferCaseCommand = {
        type: 'ReviseProposedPrice',
        caseId: 'c-1',
        proposedPriceFen: 150_000_000,
        revisedBy: 'tto-wang',
        now: revisedAt,
      };
      const revision = {
        type: 'TransferPriceRevised',
        caseId: 'c-1',
        previousPriceFen: 120_000_000,
        proposedPriceFen: 150_000_000,
        revisedBy: 'tto-wang',
        revisedAt,
      } as const;
      spec
        .given(consented)
        .when(revise)
        .then([revision, consentOpened(2, revisedAt, 150_000_000)]);
      const after = [...consented, revision, consentOpened(2, revisedAt, 150_000_000)];
      expect(statusOf(fold(after))).toBe('awaiting_co_owners_consent');
      spec.given(after).when(publish(15, revisedAt)).thenFails('R11_CO_OWNERS_CONSENT_REQUIRED');
      // A revision while the consent round runs voids it: nobody consents to a price no longer proposed.
      spec
        .given(opening)
        .when(revise)
        .then([
          revision,
          {
            type: 'SignOffRoundClosed',
            signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
            round: 1,
            outcome: 'voided',
            closedAt: revisedAt,
            closedBy: null,
          },
          consentOpened(2, revisedAt, 150_000_000),
        ]);
      // So does a revision after a refused consent, the other way on.
      expect(decideOn(refused, revise).map((e) => e.type)).toEqual(['TransferPriceRevised', 'SignOffRoundOpened']);
    });

    describe('R4, R13: the sign-off capability holds the consent round to its parties', () => {
      const signOffs = fold(opening).signOffs;
      const sign = (userId: string, role: string, partyId?: string) =>
        decideSignOff(
          {
            type: 'Sign',
            signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
            termsHash: consentTerms(),
            ...(partyId ? { partyId } : {}),
            actor: { userId, role },
            now: consentAt,
          },
          signOffs,
        );
      it('a co-owner consents for themselves', () =>
        expect(sign('li', 'inventor')).toEqual([expect.objectContaining({ type: 'SignOffSigned', partyId: 'co-owner-li', userId: 'li' })]));
      it('a co-owner who is also a unit leader may not consent for the unit', () =>
        expect(sign('li', 'unit_leader', 'unit')).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', status: 403 }));
      it('the officer who prepared the case may not consent for the unit', () =>
        expect(sign('tto-wang', 'unit_leader', 'unit')).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', status: 403 }));
      it('an inventor who co-owns nothing is no party', () =>
        expect(sign('zhao', 'inventor')).toMatchObject({ code: 'SIGN_OFF_NOT_A_PARTY' }));
      it('a consent to other terms is refused', () =>
        expect(
          decideSignOff(
            {
              type: 'Sign',
              signOffId: CO_OWNERS_CONSENT_SIGN_OFF_ID,
              termsHash: 'f'.repeat(64),
              actor: { userId: 'li', role: 'inventor' },
              now: consentAt,
            },
            signOffs,
          ),
        ).toMatchObject({ status: 409 }));
    });
  });
});
