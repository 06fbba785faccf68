import { termsHash } from '@chengguo/kernel';
import { deciderSpec } from '../../../../test/support/decider-spec';
import {
  AchievementCommand,
  achievementDecider,
  AchievementState,
  annuityStatusOf,
  maintainedByUnit,
  nextAnnuity,
} from './achievement.decider';
import { AchievementEvent, Evidence } from './achievement.events';
import { addMonths, annuityDue, annuitySchedule, patentYearOf, statutoryLateFeeFen, wholeMonthsLate } from './annuities';

/**
 * Rights maintenance (R12; Patent Law Art. 42–44 and the Implementing Rules' article on annual
 * fees): the schedule, payment, the grace period, a decided lapse through the sign-off, and a lapse
 * for an unpaid year — given events / when command / then events or refusal.
 */

const spec = deciderSpec(achievementDecider);
const fold = (events: AchievementEvent[]): AchievementState => events.reduce(achievementDecider.evolve, achievementDecider.initialState);
const tto = { userId: 'wang', role: 'tto_officer' };
const evidence: Evidence = { summary: 'CNIPA 缴费收据 / fee receipt', documentSha256: ['b'.repeat(64)] };
const inventors = [
  { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
  { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
];

/** An invention patent filed 2020-03-15 and granted 2023-06-20 (patent year 4), registered by the TTO. */
const granted: AchievementEvent = {
  type: 'AchievementRegistered',
  achievementId: 'a-1',
  origin: { kind: 'existing', registeredBy: 'wang', evidence },
  kind: 'invention_patent',
  title: '高原冻土路基保温结构',
  inventors,
  owner: { kind: 'unit' },
  classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
  status: 'granted',
  rights: {
    patentKind: 'invention_patent',
    applicationNumber: 'CN202010000001.1',
    filingDate: '2020-03-15',
    grantDate: '2023-06-20',
    patentNumber: 'ZL202010000001.1',
  },
  registeredAt: '2023-07-01T02:00:00.000Z',
  provenance: { kind: 'tto', userId: 'wang', evidence },
  ruleKeys: ['R12'],
};

const pay = (year: number, paidOn: string, amountFen = 120_000, lateFeeFen = 0): AchievementCommand => ({
  type: 'RecordAnnuityPayment',
  year,
  amountFen,
  lateFeeFen,
  paidOn,
  evidence,
  actor: tto,
  now: `${paidOn}T08:00:00.000Z`,
});
const paid = (year: number, paidOn: string, amountFen = 120_000, lateFeeFen = 0, statutory = 0): AchievementEvent => {
  const due = annuityDue('2020-03-15', year);
  return {
    type: 'AnnuityPaid',
    achievementId: 'a-1',
    year,
    dueDate: due.dueDate,
    graceEndsOn: due.graceEndsOn,
    amountFen,
    lateFeeFen,
    statutoryLateFeeFen: statutory,
    paidOn,
    evidence,
    recordedBy: 'wang',
    recordedAt: `${paidOn}T08:00:00.000Z`,
    ruleKeys: ['R12'],
  };
};

describe('the annuity schedule (Patent Law Art. 42–44; Implementing Rules on annual fees)', () => {
  it('counts patent years from the filing date and owes each year after the grant year by the anniversary, to the end of the term', () => {
    expect(patentYearOf('2020-03-15', '2023-06-20')).toBe(4);
    expect(patentYearOf('2020-03-15', '2023-03-15')).toBe(4);
    expect(patentYearOf('2020-03-15', '2023-03-14')).toBe(3);
    const schedule = annuitySchedule((granted as Extract<AchievementEvent, { type: 'AchievementRegistered' }>).rights);
    expect(schedule[0]).toEqual({ year: 5, dueDate: '2024-03-15', graceEndsOn: '2024-09-15' });
    expect(schedule.at(-1)).toEqual({ year: 20, dueDate: '2039-03-15', graceEndsOn: '2039-09-15' });
    expect(schedule).toHaveLength(16);
    // A utility model runs 10 years, a design 15.
    const rights = { applicationNumber: 'x', filingDate: '2020-03-15', grantDate: '2020-12-01', patentNumber: 'y' };
    expect(annuitySchedule({ ...rights, patentKind: 'utility_model' }).map((d) => d.year)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(annuitySchedule({ ...rights, patentKind: 'design' }).at(-1)?.year).toBe(15);
    // No grant, no annual fee.
    expect(annuitySchedule({ ...rights, grantDate: null, patentNumber: null, patentKind: 'invention_patent' })).toEqual([]);
  });

  it('clamps an anniversary of 29 February and a grace end past the month’s last day', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(annuityDue('2019-08-31', 3)).toEqual({ year: 3, dueDate: '2021-08-31', graceEndsOn: '2022-02-28' });
  });

  it('the late fee is 5 % of the year’s fee per whole month past the due date, nothing within the first month', () => {
    expect(wholeMonthsLate('2024-03-15', '2024-04-14')).toBe(0);
    expect(statutoryLateFeeFen(120_000, '2024-03-15', '2024-04-14')).toBe(0);
    expect(statutoryLateFeeFen(120_000, '2024-03-15', '2024-04-15')).toBe(6_000);
    expect(statutoryLateFeeFen(120_000, '2024-03-15', '2024-09-15')).toBe(36_000);
  });
});

describe('rights maintenance on the register (R12)', () => {
  it('records the next year’s fee paid by the TTO with evidence; the next due date moves on a year', () => {
    spec
      .given([granted])
      .when(pay(5, '2024-03-01'))
      .then([paid(5, '2024-03-01')]);
    const state = fold([granted, paid(5, '2024-03-01')]);
    expect(nextAnnuity(state)).toEqual({ year: 6, dueDate: '2025-03-15', graceEndsOn: '2025-09-15' });
    expect(annuityStatusOf(state)).toEqual({ status: 'due', next: { year: 6, dueDate: '2025-03-15', graceEndsOn: '2025-09-15' } });
    // The same payment again decides nothing; a different one for a paid year is refused.
    spec
      .given([granted, paid(5, '2024-03-01')])
      .when(pay(5, '2024-03-01'))
      .then([]);
    spec
      .given([granted, paid(5, '2024-03-01')])
      .when(pay(5, '2024-03-02'))
      .thenFails('R12_ANNUITY_ALREADY_PAID', 409);
  });

  it('fees that fell due before the register learnt of the grant are outside its schedule (settled before it)', () => {
    const late = { ...granted, registeredAt: '2026-05-01T02:00:00.000Z' } as AchievementEvent;
    expect(nextAnnuity(fold([late]))).toEqual({ year: 8, dueDate: '2027-03-15', graceEndsOn: '2027-09-15' });
    spec.given([late]).when(pay(5, '2026-05-02')).thenFails('R12_ANNUITY_YEAR_NOT_NEXT', 409, { year: 5, nextYear: 8 });
  });

  it('a payment in the grace period records the statutory late fee beside the one paid', () => {
    spec
      .given([granted])
      .when(pay(5, '2024-05-20', 120_000, 12_000))
      .then([paid(5, '2024-05-20', 120_000, 12_000, 12_000)]);
  });

  it('refuses: a year out of order, no evidence, a non-TTO, a payment after the grace period, a date in the future, a zero fee', () => {
    spec.given([granted]).when(pay(6, '2024-03-01')).thenFails('R12_ANNUITY_YEAR_NOT_NEXT', 409, { year: 6, nextYear: 5 });
    spec
      .given([granted])
      .when({ ...pay(5, '2024-03-01'), evidence: { summary: '', documentSha256: [] } } as AchievementCommand)
      .thenFails('R12_EVIDENCE_REQUIRED', 422);
    spec
      .given([granted])
      .when({ ...pay(5, '2024-03-01'), actor: { userId: 'li', role: 'inventor' } } as AchievementCommand)
      .thenFails('ROLE_NOT_ALLOWED', 403);
    spec.given([granted]).when(pay(5, '2024-09-16')).thenFails('R12_ANNUITY_GRACE_PERIOD_OVER', 409);
    spec
      .given([granted])
      .when({ ...pay(5, '2024-03-10'), now: '2024-03-01T00:00:00.000Z' } as AchievementCommand)
      .thenFails('R12_INVALID_DATE', 422);
    spec
      .given([granted])
      .when(pay(5, '2024-03-01', 0))
      .thenFails('MONEY_NOT_WHOLE_FEN', 422);
  });

  it('refuses a payment on a right that is not a granted patent, or that the unit no longer owns', () => {
    const application = {
      ...granted,
      status: 'filed',
      rights: { ...(granted as Extract<AchievementEvent, { type: 'AchievementRegistered' }>).rights, grantDate: null, patentNumber: null },
    } as AchievementEvent;
    spec.given([application]).when(pay(1, '2024-03-01')).thenFails('R12_NO_ANNUITY_DUE', 409);
    expect(annuityStatusOf(fold([application])).status).toBe('awaiting_grant');
    const transferred: AchievementEvent = {
      type: 'AchievementOwnerChanged',
      achievementId: 'a-1',
      from: { kind: 'unit' },
      to: { kind: 'transferee', name: '拉萨高原科技有限公司', caseId: 'c-1' },
      changedAt: '2024-01-01T00:00:00.000Z',
      provenance: { kind: 'process_event', streamId: 'transfer-case-c-1', eventId: 'e-x', eventType: 'TransferExecuted' },
      ruleKeys: ['R5', 'R12'],
    };
    spec.given([granted, transferred]).when(pay(5, '2024-03-01')).thenFails('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT', 409);
    expect(maintainedByUnit(fold([granted, transferred]))).toBe(false);
  });

  describe('the grace period and a lapse for an unpaid year (the annuity workflow’s commands)', () => {
    const graceStarted: AchievementEvent = {
      type: 'AnnuityGracePeriodStarted',
      achievementId: 'a-1',
      year: 5,
      dueDate: '2024-03-15',
      graceEndsOn: '2024-09-15',
      startedAt: '2024-03-15T16:00:00.000Z',
      ruleKeys: ['R12'],
    };
    it('records the grace period once the due date has ended unpaid (Asia/Shanghai), once; nothing for a paid year', () => {
      spec
        .given([granted])
        .when({ type: 'RecordAnnuityGracePeriodStarted', year: 5, now: '2024-03-15T16:00:00.000Z' })
        .then([graceStarted]);
      expect(annuityStatusOf(fold([granted, graceStarted])).status).toBe('in_grace_period');
      spec
        .given([granted])
        .when({ type: 'RecordAnnuityGracePeriodStarted', year: 5, now: '2024-03-15T15:59:59.000Z' })
        .thenFails('R12_ANNUITY_NOT_YET_DUE', 409);
      spec
        .given([granted, graceStarted])
        .when({ type: 'RecordAnnuityGracePeriodStarted', year: 5, now: '2024-03-16T00:00:00.000Z' })
        .then([]);
      spec
        .given([granted, paid(5, '2024-03-01')])
        .when({ type: 'RecordAnnuityGracePeriodStarted', year: 5, now: '2024-03-16T00:00:00.000Z' })
        .then([]);
    });

    it('ends the right as from the due date once the grace period has ended without payment; a paid year lapses nothing', () => {
      const lapsed: AchievementEvent = {
        type: 'RightLapsed',
        achievementId: 'a-1',
        year: 5,
        cause: 'annuity_unpaid',
        effectiveFrom: '2024-03-15',
        lapsedAt: '2024-09-15T16:00:00.000Z',
        provenance: { kind: 'annuity_workflow' },
        ruleKeys: ['R12'],
      };
      spec.given([granted, graceStarted]).when({ type: 'LapseForUnpaidAnnuity', year: 5, now: '2024-09-15T16:00:00.000Z' }).then([lapsed]);
      spec
        .given([granted, graceStarted])
        .when({ type: 'LapseForUnpaidAnnuity', year: 5, now: '2024-09-15T15:00:00.000Z' })
        .thenFails('R12_ANNUITY_GRACE_PERIOD_RUNNING', 409);
      spec
        .given([granted, graceStarted, paid(5, '2024-09-14')])
        .when({ type: 'LapseForUnpaidAnnuity', year: 5, now: '2024-09-15T16:00:00.000Z' })
        .then([]);
      const state = fold([granted, graceStarted, lapsed]);
      expect(state.status).toBe('lapsed');
      expect(annuityStatusOf(state)).toEqual({ status: 'lapsed', next: null });
      spec.given([granted, graceStarted, lapsed]).when(pay(5, '2024-09-10')).thenFails('R12_RIGHT_LAPSED', 409);
    });
  });

  describe('letting the right lapse: an R12 abandonment approved through the sign-off (R4, R13)', () => {
    const now = '2024-02-01T02:00:00.000Z';
    const propose: AchievementCommand = {
      type: 'ProposeLettingRightLapse',
      reason: '技术已被替代，无转化前景 / superseded, no prospect of transformation',
      evidence,
      actor: tto,
      now,
    };
    const proposed = (): AchievementEvent[] => {
      const events = achievementDecider.decide(propose, fold([granted]));
      if (!Array.isArray(events)) throw new Error(events.code);
      return events;
    };

    it('records the proposal for the next unpaid year and opens the right-lapse round; the proposer and the inventors are conflicted', () => {
      const [proposal, round] = proposed();
      expect(proposal).toEqual({
        type: 'RightLapseProposed',
        achievementId: 'a-1',
        year: 5,
        reason: propose.type === 'ProposeLettingRightLapse' ? propose.reason : '',
        evidence,
        proposedBy: 'wang',
        proposedAt: now,
        ruleKeys: ['R12'],
      });
      expect(round).toMatchObject({
        type: 'SignOffRoundOpened',
        signOffId: 'right-lapse',
        round: 1,
        mode: { kind: 'parallel' },
        parties: [
          { partyId: 'tto-head', role: 'tto_officer' },
          { partyId: 'legal', role: 'legal' },
          { partyId: 'unit-leader', role: 'unit_leader' },
        ],
        deadline: '2024-03-02T02:00:00.000Z',
        conflictedUserIds: ['han', 'li', 'wang'],
        achievementId: 'a-1',
        ruleKeys: ['R12', 'R4', 'R13'],
        termsHash: termsHash({
          achievementId: 'a-1',
          patentNumber: 'ZL202010000001.1',
          year: 5,
          dueDate: '2024-03-15',
          reason: '技术已被替代，无转化前景 / superseded, no prospect of transformation',
        }),
      });
      expect(annuityStatusOf(fold([granted, ...proposed()])).status).toBe('lapse_proposed');
    });

    it('a second proposal, or a payment, waits for the round; a rejected round ends the proposal and the fee can be paid', () => {
      spec
        .given([granted, ...proposed()])
        .when(propose)
        .thenFails('R12_LAPSE_PROPOSAL_OPEN', 409);
      spec
        .given([granted, ...proposed()])
        .when(pay(5, '2024-02-10'))
        .thenFails('R12_LAPSE_PROPOSAL_OPEN', 409);
      const rejected: AchievementEvent = {
        type: 'SignOffRoundClosed',
        signOffId: 'right-lapse',
        round: 1,
        outcome: 'rejected',
        closedAt: '2024-02-05T00:00:00.000Z',
        closedBy: null,
      } as AchievementEvent;
      spec
        .given([granted, ...proposed(), rejected])
        .when(pay(5, '2024-02-10'))
        .then([paid(5, '2024-02-10')]);
      spec
        .given([granted, ...proposed(), rejected])
        .when({
          type: 'RecordRightLapseDecided',
          source: { kind: 'process_event', streamId: 'achievement-a-1', eventId: 'x', eventType: 'SignOffRoundClosed' },
          now,
        })
        .thenFails('R12_NO_LAPSE_DECISION', 409);
    });

    it('once the round closed as signed, the right lapses as from the unpaid year’s due date, citing the closing event', () => {
      const signed = {
        type: 'SignOffRoundClosed',
        signOffId: 'right-lapse',
        round: 1,
        outcome: 'signed',
        closedAt: '2024-02-10T00:00:00.000Z',
        closedBy: null,
      } as AchievementEvent;
      const source = { kind: 'process_event' as const, streamId: 'achievement-a-1', eventId: 'e-closed', eventType: 'SignOffRoundClosed' };
      const lapsed: AchievementEvent = {
        type: 'RightLapsed',
        achievementId: 'a-1',
        year: 5,
        cause: 'abandoned',
        effectiveFrom: '2024-03-15',
        lapsedAt: '2024-02-10T00:00:00.000Z',
        provenance: source,
        ruleKeys: ['R12', 'R13'],
      };
      spec
        .given([granted, ...proposed(), signed])
        .when({ type: 'RecordRightLapseDecided', source, now: '2024-02-10T00:00:00.000Z' })
        .then([lapsed]);
      // Redelivered: nothing more.
      spec
        .given([granted, ...proposed(), signed, lapsed])
        .when({ type: 'RecordRightLapseDecided', source, now })
        .then([]);
    });

    it('refuses a proposal without reason, from a non-TTO, once the grace period is over, or while a transformation case is open', () => {
      spec
        .given([granted])
        .when({ ...propose, reason: ' ' } as AchievementCommand)
        .thenFails('R12_REASON_REQUIRED', 422);
      spec
        .given([granted])
        .when({ ...propose, actor: { userId: 'sun', role: 'unit_leader' } } as AchievementCommand)
        .thenFails('ROLE_NOT_ALLOWED', 403);
      spec
        .given([granted])
        .when({ ...propose, now: '2024-09-16T00:00:00.000Z' } as AchievementCommand)
        .thenFails('R12_ANNUITY_GRACE_PERIOD_OVER', 409);
      const caseOpened: AchievementEvent = {
        type: 'TransformationCaseOpened',
        achievementId: 'a-1',
        caseId: 'c-1',
        mode: 'license',
        openedBy: 'wang',
        openedAt: '2024-01-10T00:00:00.000Z',
        provenance: { kind: 'process_event', streamId: 'transfer-case-c-1', eventId: 'e-opened', eventType: 'TransferCaseOpened' },
        ruleKeys: ['R5'],
      };
      spec
        .given([granted, caseOpened])
        .when(propose)
        .thenFails('R5_TRANSFORMATION_CASE_OPEN', 409, { openCaseIds: ['c-1'] });
    });
  });
});
