import { evolveSignOff, SignOffState } from '../../domain/sign-off.decider';
import { SignOffEvent, SignOffParty, SignOffRoundOpened } from '../../domain/sign-off.events';
import { SignOffRoundRow } from './sign-off-round.entity';
import { applyToRound, pendingRowsOf } from './sign-off-view';

/** Given events / then rows, and in every case the same round as the decider's own fold. */
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const T0 = '2026-05-01T00:00:00.000Z';
const T1 = '2026-05-02T00:00:00.000Z';
const T2 = '2026-05-03T00:00:00.000Z';
const DEADLINE = '2026-05-31T00:00:00.000Z';
const LI_DEADLINE = '2026-05-10T00:00:00.000Z';
const EXTENDED = '2026-06-15T00:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const STREAM = 'contract-1';

const parties: SignOffParty[] = [
  { partyId: 'inventor:li', role: 'inventor', userId: 'li', deadline: LI_DEADLINE },
  { partyId: 'inventor:han', role: 'inventor', userId: 'han' },
  { partyId: 'legal', role: 'legal' },
];

const opened = (overrides: Partial<SignOffRoundOpened> = {}): SignOffRoundOpened => ({
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
});
const signed = (partyId: string, userId: string, onBehalfOf: string | null = null, round = 1): SignOffEvent => ({
  type: 'SignOffSigned',
  signOffId: 'contract',
  round,
  partyId,
  userId,
  onBehalfOf,
  termsHash: H1,
  signedAt: T1,
});
const closed = (
  outcome: 'signed' | 'rejected' | 'expired' | 'quorum_unreachable' | 'voided',
  closedBy: string | null = null,
  round = 1,
): SignOffEvent => ({
  type: 'SignOffRoundClosed',
  signOffId: 'contract',
  round,
  outcome,
  closedAt: T2,
  closedBy,
});
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
const revoked: SignOffEvent = {
  type: 'SignOffDelegationRevoked',
  signOffId: 'contract',
  round: 1,
  partyId: 'legal',
  fromUserId: 'zhou',
  toUserId: 'qian',
  revokedAt: T1,
};
const reminder = (offsetMs: number, deadline = DEADLINE): SignOffEvent => ({
  type: 'SignOffReminderSent',
  signOffId: 'contract',
  round: 1,
  offsetMs,
  deadline,
  pendingPartyIds: ['inventor:han'],
  sentAt: T1,
});
const liOverdue: SignOffEvent = {
  type: 'SignOffPartyOverdue',
  signOffId: 'contract',
  round: 1,
  partyId: 'inventor:li',
  deadline: LI_DEADLINE,
  escalatedToRole: 'unit_leader',
};
const expired: SignOffEvent = {
  type: 'SignOffRoundExpired',
  signOffId: 'contract',
  round: 1,
  deadline: DEADLINE,
  pendingPartyIds: ['inventor:li', 'inventor:han', 'legal'],
  escalatedToRole: 'unit_leader',
};
const extended: SignOffEvent = {
  type: 'SignOffDeadlineExtended',
  signOffId: 'contract',
  round: 1,
  previousDeadline: DEADLINE,
  newDeadline: EXTENDED,
  extendedBy: 'sun',
};

/** Folds like the projector: one event per stream revision, recorded at a distinct instant. */
function project(events: SignOffEvent[]): SignOffRoundRow {
  let row: SignOffRoundRow | null = null;
  events.forEach((event, revision) => {
    row =
      applyToRound(row, event, { streamId: STREAM, revision, occurredAt: `2026-05-20T00:00:${String(revision).padStart(2, '0')}.000Z` }) ??
      row;
  });
  expectSameRoundAsDecider(events, row!);
  return row!;
}

function expectSameRoundAsDecider(events: SignOffEvent[], row: SignOffRoundRow): void {
  const round = events.reduce<SignOffState>(evolveSignOff, {}).contract;
  expect({
    round: row.round,
    status: row.status,
    outcome: row.outcome,
    termsHash: row.termsHash,
    deadline: row.deadline.toISOString(),
    extended: row.extended,
    parties: row.parties.map((p) => ({
      partyId: p.partyId,
      decision: p.decision,
      decidedBy: p.decidedBy,
      delegation: p.delegation,
      overdue: p.overdue,
    })),
    remindersSent: row.remindersSent.filter((r) => r.deadline === round.deadline).map((r) => r.offsetMs),
  }).toEqual({
    round: round.round,
    status: round.status,
    outcome: round.outcome,
    termsHash: round.termsHash,
    deadline: new Date(round.deadline).toISOString(),
    extended: round.extended,
    parties: round.parties.map((p) => ({
      partyId: p.party.partyId,
      decision: p.decision,
      decidedBy: p.decidedBy,
      delegation: p.delegation,
      overdue: p.overdue,
    })),
    remindersSent: round.remindersSent,
  });
}

const pendingOf = (row: SignOffRoundRow) =>
  pendingRowsOf(row).map(({ partyId, userId, delegateUserId, actionable, overdue, deadline }) => ({
    partyId,
    userId,
    delegateUserId,
    actionable,
    overdue,
    deadline: deadline.toISOString(),
  }));

describe('sign-off read model', () => {
  it('opens a round with every party pending and actionable, each by its own deadline', () => {
    const row = project([opened()]);
    expect(row).toMatchObject({
      streamId: STREAM,
      signOffId: 'contract',
      round: 1,
      subject: 'Patent-abandonment contract',
      status: 'open',
      outcome: null,
      mode: { kind: 'parallel' },
      termsHash: H1,
      extended: false,
      escalationRole: 'unit_leader',
      ruleKeys: ['R3'],
      reminderOffsetsMs: [7 * DAY, DAY],
      remindersSent: [],
      escalations: [],
      extension: null,
      closedAt: null,
      closedBy: null,
      revision: '0',
    });
    expect(row.parties[0]).toEqual({
      partyId: 'inventor:li',
      role: 'inventor',
      userId: 'li',
      deadline: LI_DEADLINE,
      decision: 'pending',
      decidedBy: null,
      decidedAt: null,
      onBehalfOf: null,
      reason: null,
      delegation: null,
      overdue: false,
    });
    expect(pendingOf(row)).toEqual([
      { partyId: 'inventor:li', userId: 'li', delegateUserId: null, actionable: true, overdue: false, deadline: LI_DEADLINE },
      { partyId: 'inventor:han', userId: 'han', delegateUserId: null, actionable: true, overdue: false, deadline: DEADLINE },
      { partyId: 'legal', userId: null, delegateUserId: null, actionable: true, overdue: false, deadline: DEADLINE },
    ]);
  });

  it('records each signature and closes as signed with no one left pending', () => {
    const row = project([opened(), signed('inventor:li', 'li'), signed('inventor:han', 'han'), signed('legal', 'zhou'), closed('signed')]);
    expect(row.parties.map((p) => [p.partyId, p.decision, p.decidedBy, p.decidedAt])).toEqual([
      ['inventor:li', 'signed', 'li', T1],
      ['inventor:han', 'signed', 'han', T1],
      ['legal', 'signed', 'zhou', T1],
    ]);
    expect(row).toMatchObject({ status: 'closed', outcome: 'signed', closedAt: new Date(T2), closedBy: null, revision: '4' });
    expect(pendingRowsOf(row)).toEqual([]);
  });

  it('in sequence, only the party whose turn it is can act', () => {
    const sequence = opened({ mode: { kind: 'sequence' } });
    expect(pendingOf(project([sequence])).map((p) => [p.partyId, p.actionable])).toEqual([
      ['inventor:li', true],
      ['inventor:han', false],
      ['legal', false],
    ]);
    expect(pendingOf(project([sequence, signed('inventor:li', 'li')])).map((p) => [p.partyId, p.actionable])).toEqual([
      ['inventor:han', true],
      ['legal', false],
    ]);
  });

  it('shows a delegation to the delegate, records whom the delegate signed for, and forgets a revoked one', () => {
    expect(pendingOf(project([opened(), delegated])).find((p) => p.partyId === 'legal')).toMatchObject({
      userId: null,
      delegateUserId: 'qian',
    });
    expect(pendingOf(project([opened(), delegated, revoked])).find((p) => p.partyId === 'legal')).toMatchObject({ delegateUserId: null });
    const row = project([opened(), delegated, signed('legal', 'qian', 'zhou')]);
    expect(row.parties[2]).toMatchObject({
      decision: 'signed',
      decidedBy: 'qian',
      onBehalfOf: 'zhou',
      delegation: { fromUserId: 'zhou', toUserId: 'qian', used: true },
    });
    expect(pendingOf(row).map((p) => p.partyId)).toEqual(['inventor:li', 'inventor:han']);
  });

  it('keeps the reason of a rejection and closes the round', () => {
    const rejected: SignOffEvent = {
      type: 'SignOffRejected',
      signOffId: 'contract',
      round: 1,
      partyId: 'legal',
      userId: 'zhou',
      onBehalfOf: null,
      reason: 'Revenue share too low',
      rejectedAt: T1,
    };
    const row = project([opened(), rejected, closed('rejected', 'zhou')]);
    expect(row.parties[2]).toMatchObject({ decision: 'rejected', decidedBy: 'zhou', decidedAt: T1, reason: 'Revenue share too low' });
    expect(row).toMatchObject({ status: 'closed', outcome: 'rejected', closedBy: 'zhou' });
    expect(pendingRowsOf(row)).toEqual([]);
  });

  it('closes a quorum that became unreachable through abstentions', () => {
    const abstained = (partyId: string, userId: string): SignOffEvent => ({
      type: 'SignOffAbstained',
      signOffId: 'contract',
      round: 1,
      partyId,
      userId,
      onBehalfOf: null,
      abstainedAt: T1,
    });
    const row = project([
      opened({ mode: { kind: 'quorum', required: 2 } }),
      abstained('inventor:li', 'li'),
      abstained('inventor:han', 'han'),
      closed('quorum_unreachable'),
    ]);
    expect(row.parties.map((p) => p.decision)).toEqual(['abstained', 'abstained', 'pending']);
    expect(row).toMatchObject({ status: 'closed', outcome: 'quorum_unreachable' });
    expect(pendingRowsOf(row)).toEqual([]);
  });

  it('records reminders, an overdue party and the expiry; while expired nobody can act', () => {
    const row = project([opened(), signed('inventor:han', 'han'), reminder(7 * DAY), liOverdue, reminder(DAY), expired]);
    expect(row.remindersSent).toEqual([
      { offsetMs: 7 * DAY, deadline: DEADLINE, sentAt: T1 },
      { offsetMs: DAY, deadline: DEADLINE, sentAt: T1 },
    ]);
    expect(row.escalations).toEqual([
      {
        kind: 'party_overdue',
        partyId: 'inventor:li',
        deadline: LI_DEADLINE,
        escalatedToRole: 'unit_leader',
        at: '2026-05-20T00:00:03.000Z',
      },
      {
        kind: 'round_expired',
        deadline: DEADLINE,
        pendingPartyIds: ['inventor:li', 'inventor:han', 'legal'],
        escalatedToRole: 'unit_leader',
        at: '2026-05-20T00:00:05.000Z',
      },
    ]);
    expect(row.status).toBe('expired');
    expect(pendingOf(row)).toEqual([
      { partyId: 'inventor:li', userId: 'li', delegateUserId: null, actionable: false, overdue: true, deadline: LI_DEADLINE },
      { partyId: 'legal', userId: null, delegateUserId: null, actionable: false, overdue: false, deadline: DEADLINE },
    ]);
  });

  it('an extension reopens the round with the new deadline; its reminders are told apart from the old ones', () => {
    const row = project([opened(), reminder(DAY), expired, extended, reminder(DAY, EXTENDED)]);
    expect(row).toMatchObject({
      status: 'open',
      deadline: new Date(EXTENDED),
      extended: true,
      extension: { previousDeadline: DEADLINE, newDeadline: EXTENDED, extendedBy: 'sun', at: '2026-05-20T00:00:03.000Z' },
    });
    expect(row.remindersSent.map((r) => r.deadline)).toEqual([DEADLINE, EXTENDED]);
    expect(pendingOf(row).map((p) => [p.partyId, p.actionable, p.deadline])).toEqual([
      ['inventor:li', true, LI_DEADLINE],
      ['inventor:han', true, EXTENDED],
      ['legal', true, EXTENDED],
    ]);
  });

  it('closing an expired round as expired leaves nothing pending', () => {
    const row = project([opened(), expired, closed('expired', 'sun')]);
    expect(row).toMatchObject({ status: 'closed', outcome: 'expired', closedBy: 'sun' });
    expect(pendingRowsOf(row)).toEqual([]);
  });

  it('a new round replaces the voided one, and a late event of the old round changes nothing', () => {
    const row = project([
      opened(),
      signed('inventor:li', 'li'),
      closed('voided'),
      opened({ round: 2, termsHash: H2, openedAt: T2 }),
      signed('inventor:han', 'han', null, 1),
    ]);
    expect(row).toMatchObject({
      round: 2,
      termsHash: H2,
      status: 'open',
      outcome: null,
      closedAt: null,
      openedAt: new Date(T2),
      revision: '3',
    });
    expect(row.parties.every((p) => p.decision === 'pending')).toBe(true);
    expect(pendingOf(row)).toHaveLength(3);
  });

  it('ignores an event before any round, and one it has already applied', () => {
    expect(applyToRound(null, signed('inventor:li', 'li'), { streamId: STREAM, revision: 0, occurredAt: T0 })).toBeNull();
    const row = project([opened(), signed('inventor:li', 'li')]);
    expect(applyToRound(row, signed('inventor:li', 'li'), { streamId: STREAM, revision: 1, occurredAt: T1 })).toBeNull();
  });
});
