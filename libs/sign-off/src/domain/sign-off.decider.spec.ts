import { deciderSpec } from '../../../../test/support/decider-spec';
import { SignOffCommand, signOffDecider } from './sign-off.decider';
import { SignOffEvent, SignOffParty, SignOffRoundOpened } from './sign-off.events';

const spec = deciderSpec(signOffDecider);
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const T0 = '2026-05-01T00:00:00.000Z';
const T1 = '2026-05-02T00:00:00.000Z';
const DEADLINE = '2026-05-31T00:00:00.000Z';
const AFTER_DEADLINE = '2026-06-01T00:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

const li = { userId: 'li', role: 'inventor' };
const han = { userId: 'han', role: 'inventor' };
const legalZhou = { userId: 'zhou', role: 'legal' };
const legalQian = { userId: 'qian', role: 'legal' };
const leader = { userId: 'sun', role: 'unit_leader' };
const stranger = { userId: 'zhao', role: 'inventor' };

const parties: SignOffParty[] = [
  { partyId: 'inventor:li', role: 'inventor', userId: 'li' },
  { partyId: 'inventor:han', role: 'inventor', userId: 'han' },
  { partyId: 'legal', role: 'legal' },
];

function opened(overrides: Partial<SignOffRoundOpened> = {}): SignOffRoundOpened {
  return {
    type: 'SignOffRoundOpened',
    signOffId: 'contract',
    round: 1,
    subject: 'Patent-abandonment contract',
    termsHash: H1,
    mode: { kind: 'parallel' },
    parties,
    deadline: DEADLINE,
    reminderOffsetsMs: [7 * DAY, DAY],
    escalationRole: 'unit_leader',
    openedAt: T0,
    ruleKeys: ['R3'],
    ...overrides,
  };
}

const open = (overrides: Partial<Extract<SignOffCommand, { type: 'OpenSignOffRound' }>> = {}): SignOffCommand => ({
  type: 'OpenSignOffRound',
  signOffId: 'contract',
  subject: 'Patent-abandonment contract',
  termsHash: H1,
  mode: { kind: 'parallel' },
  parties,
  deadline: DEADLINE,
  reminderOffsetsMs: [DAY, 7 * DAY],
  escalationRole: 'unit_leader',
  ruleKeys: ['R3'],
  now: T0,
  ...overrides,
});

const sign = (
  actor: { userId: string; role: string },
  extra: Partial<{ termsHash: string; partyId: string; now: string }> = {},
): SignOffCommand => ({
  type: 'Sign',
  signOffId: 'contract',
  termsHash: H1,
  actor,
  now: T1,
  ...extra,
});

const signed = (partyId: string, userId: string, onBehalfOf: string | null = null, round = 1, termsHash = H1): SignOffEvent => ({
  type: 'SignOffSigned',
  signOffId: 'contract',
  round,
  partyId,
  userId,
  onBehalfOf,
  termsHash,
  signedAt: T1,
});

const closedAs = (
  outcome: 'signed' | 'rejected' | 'expired' | 'quorum_unreachable' | 'voided',
  closedBy: string | null = null,
  at = T1,
  round = 1,
): SignOffEvent => ({
  type: 'SignOffRoundClosed',
  signOffId: 'contract',
  round,
  outcome,
  closedAt: at,
  closedBy,
});

const expired: SignOffEvent = {
  type: 'SignOffRoundExpired',
  signOffId: 'contract',
  round: 1,
  deadline: DEADLINE,
  pendingPartyIds: ['inventor:li', 'inventor:han', 'legal'],
  escalatedToRole: 'unit_leader',
};

describe('sign-off round', () => {
  describe('opening a round', () => {
    it('opens round 1 with reminders ordered from the earliest', () => spec.given([]).when(open()).then([opened()]));

    it.each([
      ['no parties', { parties: [] }],
      ['duplicate party ids', { parties: [parties[0], parties[0]] }],
      ['a terms hash that is not SHA-256', { termsHash: 'abc' }],
      ['a deadline in the past', { deadline: '2026-04-01T00:00:00.000Z' }],
      ['a party deadline after the round deadline', { parties: [{ ...parties[0], deadline: AFTER_DEADLINE }] }],
      ['a non-positive reminder offset', { reminderOffsetsMs: [0] }],
      ['a quorum larger than the parties', { mode: { kind: 'quorum' as const, required: 4 } }],
      ['a quorum of zero', { mode: { kind: 'quorum' as const, required: 0 } }],
    ])('refuses %s', (_, overrides) => spec.given([]).when(open(overrides)).thenFails('SIGN_OFF_INVALID_ROUND', 422));

    it('amending the terms voids the open round and opens the next one', () =>
      spec
        .given([opened(), signed('inventor:li', 'li')])
        .when(open({ termsHash: H2, now: T1 }))
        .then([closedAs('voided'), opened({ round: 2, termsHash: H2, openedAt: T1 })]));

    it('after a rejection, a new round can be opened', () =>
      spec
        .given([
          opened(),
          {
            type: 'SignOffRejected',
            signOffId: 'contract',
            round: 1,
            partyId: 'legal',
            userId: 'zhou',
            onBehalfOf: null,
            reason: 'x',
            rejectedAt: T1,
          },
          closedAs('rejected', 'zhou'),
        ])
        .when(open({ termsHash: H2, now: T1 }))
        .then([opened({ round: 2, termsHash: H2, openedAt: T1 })]));
  });

  describe('signing in parallel, all required', () => {
    it('records a signature bound to the terms hash', () =>
      spec
        .given([opened()])
        .when(sign(li))
        .then([signed('inventor:li', 'li')]));

    it('closes the round as signed with the last signature', () =>
      spec
        .given([opened(), signed('inventor:li', 'li'), signed('inventor:han', 'han')])
        .when(sign(legalZhou))
        .then([signed('legal', 'zhou'), closedAs('signed')]));

    it('lets any holder of the role sign for a role-only party', () =>
      spec
        .given([opened()])
        .when(sign(legalQian))
        .then([signed('legal', 'qian')]));

    it('treats signing twice as a harmless repeat', () =>
      spec
        .given([opened(), signed('inventor:li', 'li')])
        .when(sign(li))
        .then([]));

    it('treats signing again after the round closed as signed as a harmless repeat', () =>
      spec
        .given([opened({ parties: [parties[0]] }), signed('inventor:li', 'li'), closedAs('signed')])
        .when(sign(li))
        .then([]));

    it('refuses a stale terms hash and names the current one', () =>
      spec
        .given([opened(), closedAs('voided'), opened({ round: 2, termsHash: H2 })])
        .when(sign(li, { termsHash: H1 }))
        .thenFails('SIGN_OFF_STALE_TERMS', 409, { currentTermsHash: H2 }));

    it('refuses someone who is not a party', () => spec.given([opened()]).when(sign(stranger)).thenFails('SIGN_OFF_NOT_A_PARTY', 403));

    it('refuses a named party acting in another role', () =>
      spec
        .given([opened()])
        .when(sign({ userId: 'li', role: 'tto_officer' }))
        .thenFails('SIGN_OFF_NOT_A_PARTY', 403));

    it('refuses an unknown sign-off', () => spec.given([]).when(sign(li)).thenFails('SIGN_OFF_NOT_FOUND', 404));

    it('refuses signing a round closed by a rejection', () =>
      spec
        .given([opened(), closedAs('rejected', 'zhou')])
        .when(sign(li))
        .thenFails('SIGN_OFF_ROUND_CLOSED', 409));

    it('asks which party when the user holds several', () =>
      spec
        .given([opened({ parties: [parties[0], { partyId: 'inventors-rep', role: 'inventor' }] })])
        .when(sign(li))
        .thenFails('SIGN_OFF_PARTY_AMBIGUOUS', 422));

    it('signs the named party when the user holds several', () =>
      spec
        .given([opened({ parties: [parties[0], { partyId: 'inventors-rep', role: 'inventor' }] })])
        .when(sign(li, { partyId: 'inventors-rep' }))
        .then([signed('inventors-rep', 'li')]));
  });

  describe('signing in sequence', () => {
    const sequence = opened({ mode: { kind: 'sequence' } });

    it('refuses a party signing before its turn', () =>
      spec.given([sequence]).when(sign(han)).thenFails('SIGN_OFF_OUT_OF_SEQUENCE', 409, { waitingFor: 'inventor:li' }));

    it('accepts the parties in order and closes with the last', () =>
      spec
        .given([sequence, signed('inventor:li', 'li'), signed('inventor:han', 'han')])
        .when(sign(legalZhou))
        .then([signed('legal', 'zhou'), closedAs('signed')]));

    it('does not let a party abstain', () =>
      spec
        .given([sequence])
        .when({ type: 'Abstain', signOffId: 'contract', actor: li, now: T1 })
        .thenFails('SIGN_OFF_ABSTAIN_NOT_ALLOWED', 422));
  });

  describe('quorum of k out of n', () => {
    const quorum = opened({ mode: { kind: 'quorum', required: 2 } });
    const abstain = (actor: typeof li): SignOffCommand => ({ type: 'Abstain', signOffId: 'contract', actor, now: T1 });

    it('closes as soon as k have signed, before the others act', () =>
      spec
        .given([quorum, signed('inventor:li', 'li')])
        .when(sign(han))
        .then([signed('inventor:han', 'han'), closedAs('signed')]));

    it('lets a party abstain', () =>
      spec
        .given([quorum])
        .when(abstain(li))
        .then([
          {
            type: 'SignOffAbstained',
            signOffId: 'contract',
            round: 1,
            partyId: 'inventor:li',
            userId: 'li',
            onBehalfOf: null,
            abstainedAt: T1,
          },
        ]));

    it('closes as unreachable when too few could still sign', () =>
      spec
        .given([
          quorum,
          {
            type: 'SignOffAbstained',
            signOffId: 'contract',
            round: 1,
            partyId: 'inventor:li',
            userId: 'li',
            onBehalfOf: null,
            abstainedAt: T1,
          },
        ])
        .when(abstain(han))
        .then([
          {
            type: 'SignOffAbstained',
            signOffId: 'contract',
            round: 1,
            partyId: 'inventor:han',
            userId: 'han',
            onBehalfOf: null,
            abstainedAt: T1,
          },
          closedAs('quorum_unreachable'),
        ]));

    it('does not let a party abstain in an all-required round', () =>
      spec.given([opened()]).when(abstain(li)).thenFails('SIGN_OFF_ABSTAIN_NOT_ALLOWED', 422));
  });

  describe('rejecting', () => {
    const reject = (reason: string): SignOffCommand => ({ type: 'Reject', signOffId: 'contract', reason, actor: legalZhou, now: T1 });

    it('ends the round as rejected, with the reason', () =>
      spec
        .given([opened()])
        .when(reject('Revenue share below unit policy'))
        .then([
          {
            type: 'SignOffRejected',
            signOffId: 'contract',
            round: 1,
            partyId: 'legal',
            userId: 'zhou',
            onBehalfOf: null,
            reason: 'Revenue share below unit policy',
            rejectedAt: T1,
          },
          closedAs('rejected', 'zhou'),
        ]));

    it('requires a reason', () => spec.given([opened()]).when(reject('  ')).thenFails('SIGN_OFF_REASON_REQUIRED', 422));

    it('refuses a party that already signed', () =>
      spec
        .given([opened(), signed('legal', 'zhou')])
        .when(reject('changed my mind'))
        .thenFails('SIGN_OFF_ALREADY_DECIDED', 409));
  });

  describe('delegation', () => {
    const delegate = (actor: typeof li, toUserId: string): SignOffCommand => ({
      type: 'Delegate',
      signOffId: 'contract',
      toUserId,
      actor,
      now: T1,
    });
    const revoke = (actor: typeof li): SignOffCommand => ({ type: 'RevokeDelegation', signOffId: 'contract', actor, now: T1 });
    const delegated: SignOffEvent = {
      type: 'SignOffDelegated',
      signOffId: 'contract',
      round: 1,
      partyId: 'legal',
      fromUserId: 'zhou',
      toUserId: 'qian',
      role: 'legal',
      delegatedAt: T1,
    };
    const onlyLegalZhou = opened({ parties: [{ partyId: 'legal:zhou', role: 'legal', userId: 'zhou' }] });
    const delegatedZhou: SignOffEvent = { ...delegated, partyId: 'legal:zhou' };

    it('is recorded', () => spec.given([opened()]).when(delegate(legalZhou, 'qian')).then([delegated]));

    it('lets the delegate of the same role sign on behalf of the party', () =>
      spec
        .given([onlyLegalZhou, delegatedZhou])
        .when(sign(legalQian))
        .then([signed('legal:zhou', 'qian', 'zhou'), closedAs('signed')]));

    it('refuses a delegate who does not hold the party role', () =>
      spec
        .given([onlyLegalZhou, { ...delegatedZhou, toUserId: 'li' }])
        .when(sign(li))
        .thenFails('SIGN_OFF_NOT_A_PARTY', 403));

    it('is revocable until used', () =>
      spec
        .given([onlyLegalZhou, delegatedZhou])
        .when(revoke(legalZhou))
        .then([
          {
            type: 'SignOffDelegationRevoked',
            signOffId: 'contract',
            round: 1,
            partyId: 'legal:zhou',
            fromUserId: 'zhou',
            toUserId: 'qian',
            revokedAt: T1,
          },
        ]));

    it('is no longer revocable once used', () =>
      spec
        .given([
          opened({ parties: [...parties.slice(0, 2), { partyId: 'legal:zhou', role: 'legal', userId: 'zhou' }] }),
          delegatedZhou,
          signed('legal:zhou', 'qian', 'zhou'),
        ])
        .when(revoke(legalZhou))
        .thenFails('SIGN_OFF_DELEGATION_USED', 409));

    it('after revocation the former delegate may not act', () =>
      spec
        .given([
          onlyLegalZhou,
          delegatedZhou,
          {
            type: 'SignOffDelegationRevoked',
            signOffId: 'contract',
            round: 1,
            partyId: 'legal:zhou',
            fromUserId: 'zhou',
            toUserId: 'qian',
            revokedAt: T1,
          },
        ])
        .when(sign(legalQian))
        .thenFails('SIGN_OFF_NOT_A_PARTY', 403));

    it('cannot be passed on by the delegate', () =>
      spec.given([onlyLegalZhou, delegatedZhou]).when(delegate(legalQian, 'wu')).thenFails('SIGN_OFF_NOT_A_PARTY', 403));

    it('refuses a second delegation to someone else', () =>
      spec.given([onlyLegalZhou, delegatedZhou]).when(delegate(legalZhou, 'wu')).thenFails('SIGN_OFF_DELEGATION_EXISTS', 409));

    it('refuses delegating to oneself', () =>
      spec.given([onlyLegalZhou]).when(delegate(legalZhou, 'zhou')).thenFails('SIGN_OFF_DELEGATION_INVALID', 422));

    it('refuses revoking without a delegation', () =>
      spec.given([onlyLegalZhou]).when(revoke(legalZhou)).thenFails('SIGN_OFF_NO_DELEGATION', 409));
  });

  describe('time: reminders, party deadlines, expiry and escalation', () => {
    const reminder = (offsetMs: number, round = 1): SignOffCommand => ({
      type: 'RecordReminder',
      signOffId: 'contract',
      round,
      offsetMs,
      now: T1,
    });

    it('records a reminder naming the parties still pending', () =>
      spec
        .given([opened(), signed('inventor:li', 'li')])
        .when(reminder(7 * DAY))
        .then([
          {
            type: 'SignOffReminderSent',
            signOffId: 'contract',
            round: 1,
            offsetMs: 7 * DAY,
            deadline: DEADLINE,
            pendingPartyIds: ['inventor:han', 'legal'],
            sentAt: T1,
          },
        ]));

    it('records each reminder once', () =>
      spec
        .given([
          opened(),
          {
            type: 'SignOffReminderSent',
            signOffId: 'contract',
            round: 1,
            offsetMs: DAY,
            deadline: DEADLINE,
            pendingPartyIds: [],
            sentAt: T1,
          },
        ])
        .when(reminder(DAY))
        .then([]));

    it('ignores a reminder that is not configured, of another round, or of a closed round', () => {
      spec
        .given([opened()])
        .when(reminder(3 * DAY))
        .then([]);
      spec.given([opened()]).when(reminder(DAY, 2)).then([]);
      spec
        .given([opened(), closedAs('signed')])
        .when(reminder(DAY))
        .then([]);
    });

    it('escalates a party whose own deadline passed', () => {
      const withPartyDeadline = opened({ parties: [{ ...parties[0], deadline: '2026-05-10T00:00:00.000Z' }, parties[1]] });
      const overdue = (now: string): SignOffCommand => ({
        type: 'RecordPartyOverdue',
        signOffId: 'contract',
        round: 1,
        partyId: 'inventor:li',
        now,
      });
      spec.given([withPartyDeadline]).when(overdue('2026-05-09T00:00:00.000Z')).then([]);
      spec
        .given([withPartyDeadline])
        .when(overdue('2026-05-10T00:00:00.000Z'))
        .then([
          {
            type: 'SignOffPartyOverdue',
            signOffId: 'contract',
            round: 1,
            partyId: 'inventor:li',
            deadline: '2026-05-10T00:00:00.000Z',
            escalatedToRole: 'unit_leader',
          },
        ]);
      spec
        .given([withPartyDeadline, signed('inventor:li', 'li')])
        .when(overdue('2026-05-10T00:00:00.000Z'))
        .then([]);
    });

    const expire = (now: string): SignOffCommand => ({ type: 'RecordRoundExpiry', signOffId: 'contract', round: 1, now });

    it('expires the round at the deadline and escalates', () => {
      spec.given([opened()]).when(expire('2026-05-30T23:59:59.999Z')).then([]);
      spec.given([opened()]).when(expire(DEADLINE)).then([expired]);
      spec.given([opened(), expired]).when(expire(DEADLINE)).then([]);
      spec
        .given([opened(), signed('inventor:li', 'li'), signed('inventor:han', 'han'), signed('legal', 'zhou'), closedAs('signed')])
        .when(expire(DEADLINE))
        .then([]);
    });

    it('refuses signatures while expired', () => spec.given([opened(), expired]).when(sign(li)).thenFails('SIGN_OFF_ROUND_EXPIRED', 409));

    const extend = (actor: typeof li, newDeadline: string): SignOffCommand => ({
      type: 'ExtendDeadline',
      signOffId: 'contract',
      newDeadline,
      actor,
      now: AFTER_DEADLINE,
    });
    const extended: SignOffEvent = {
      type: 'SignOffDeadlineExtended',
      signOffId: 'contract',
      round: 1,
      previousDeadline: DEADLINE,
      newDeadline: '2026-06-15T00:00:00.000Z',
      extendedBy: 'sun',
    };

    it('lets the escalation role extend the deadline once', () =>
      spec.given([opened(), expired]).when(extend(leader, '2026-06-15T00:00:00.000Z')).then([extended]));

    it('reopens the round for signatures after an extension', () =>
      spec
        .given([opened(), expired, extended])
        .when(sign(li))
        .then([signed('inventor:li', 'li')]));

    it('refuses a second extension', () =>
      spec
        .given([opened(), expired, extended, { ...expired, deadline: '2026-06-15T00:00:00.000Z' }])
        .when(extend(leader, '2026-07-01T00:00:00.000Z'))
        .thenFails('SIGN_OFF_ALREADY_EXTENDED', 409));

    it('refuses an extension by anyone but the escalation role', () =>
      spec.given([opened(), expired]).when(extend(legalZhou, '2026-06-15T00:00:00.000Z')).thenFails('SIGN_OFF_NOT_ESCALATION_ROLE', 403));

    it('refuses an extension before expiry, or into the past', () => {
      spec.given([opened()]).when(extend(leader, '2026-06-15T00:00:00.000Z')).thenFails('SIGN_OFF_NOT_EXPIRED', 409);
      spec.given([opened(), expired]).when(extend(leader, '2026-05-15T00:00:00.000Z')).thenFails('SIGN_OFF_DEADLINE_IN_PAST', 422);
    });

    const close = (actor: typeof li): SignOffCommand => ({ type: 'CloseAsExpired', signOffId: 'contract', actor, now: AFTER_DEADLINE });

    it('lets the escalation role close the round as expired', () =>
      spec
        .given([opened(), expired])
        .when(close(leader))
        .then([closedAs('expired', 'sun', AFTER_DEADLINE)]));

    it('refuses closing before expiry or by another role', () => {
      spec.given([opened()]).when(close(leader)).thenFails('SIGN_OFF_NOT_EXPIRED', 409);
      spec.given([opened(), expired]).when(close(legalZhou)).thenFails('SIGN_OFF_NOT_ESCALATION_ROLE', 403);
    });
  });

  describe('conflicts of interest (R4, R13)', () => {
    // The contract's inventors are conflicted on the unit's side: they sign their own, not the unit's.
    const withLeader: SignOffParty[] = [...parties, { partyId: 'unit-leader', role: 'unit_leader' }];
    const conflicted = opened({ parties: withLeader, conflictedUserIds: ['han', 'li'] });
    const hanAsLegal = { userId: 'han', role: 'legal' };
    const liAsLeader = { userId: 'li', role: 'unit_leader' };
    const refusal = (userId: string, partyId: string) => ['R4_CONFLICT_OF_INTEREST', 403, { conflictedUserId: userId, partyId }] as const;

    it('records who the owning process found conflicted, once each', () =>
      spec
        .given([])
        .when(open({ parties: withLeader, conflictedUserIds: ['li', 'han', 'li'] }))
        .then([{ ...conflicted, reminderOffsetsMs: [7 * DAY, DAY] }]));
    it('records no conflicts when none were named', () =>
      spec
        .given([])
        .when(open({ conflictedUserIds: [] }))
        .then([opened()]));
    it('lets a conflicted user sign the party that names them: their own side', () =>
      spec
        .given([conflicted])
        .when(sign(li))
        .then([signed('inventor:li', 'li')]));
    it('refuses a conflicted user signing, rejecting or abstaining for any other party', () => {
      spec
        .given([conflicted])
        .when(sign(hanAsLegal))
        .thenFails(...refusal('han', 'legal'));
      spec
        .given([conflicted])
        .when(sign(liAsLeader))
        .thenFails(...refusal('li', 'unit-leader'));
      spec
        .given([conflicted])
        .when({ type: 'Reject', signOffId: 'contract', reason: 'no', actor: hanAsLegal, now: T1 })
        .thenFails(...refusal('han', 'legal'));
      spec
        .given([{ ...conflicted, mode: { kind: 'quorum', required: 2 } }])
        .when({ type: 'Abstain', signOffId: 'contract', actor: liAsLeader, now: T1 })
        .thenFails(...refusal('li', 'unit-leader'));
    });
    it('lets another holder of the role act instead (the deputy steps in)', () =>
      spec
        .given([conflicted])
        .when(sign(legalQian))
        .then([signed('legal', 'qian')]));
    it('refuses a delegation by a conflicted user, and a delegation to one', () => {
      spec
        .given([conflicted])
        .when({ type: 'Delegate', signOffId: 'contract', toUserId: 'qian', actor: hanAsLegal, now: T1 })
        .thenFails(...refusal('han', 'legal'));
      spec
        .given([conflicted])
        .when({ type: 'Delegate', signOffId: 'contract', toUserId: 'li', actor: legalZhou, now: T1 })
        .thenFails(...refusal('li', 'legal'));
      spec
        .given([conflicted])
        .when({ type: 'Delegate', signOffId: 'contract', toUserId: 'han', actor: li, now: T1 })
        .thenFails(...refusal('han', 'inventor:li'));
    });
    it('folds a round stored without the field as nobody conflicted', () =>
      spec
        .given([opened({ parties: withLeader })])
        .when(sign(hanAsLegal))
        .then([signed('legal', 'han')]));
  });

  describe('folding', () => {
    it('ignores events of a superseded round', () => {
      const state = [opened(), closedAs('voided'), opened({ round: 2, termsHash: H2 }), signed('inventor:li', 'li', null, 1)].reduce(
        signOffDecider.evolve,
        signOffDecider.initialState,
      );
      expect(state.contract.round).toBe(2);
      expect(state.contract.parties.every((p) => p.decision === 'pending')).toBe(true);
    });
  });
});
