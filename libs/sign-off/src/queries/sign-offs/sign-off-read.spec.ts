import { SignOffPartyView } from './sign-off-round.entity';
import { achievementOfRound, conflictedFor, signOffRecord } from './sign-off-read';

const party = (partyId: string, role: string, userId: string | null, more: Partial<SignOffPartyView> = {}): SignOffPartyView => ({
  partyId,
  role,
  userId,
  deadline: null,
  decision: 'pending',
  decidedBy: null,
  decidedAt: null,
  onBehalfOf: null,
  reason: null,
  delegation: null,
  overdue: false,
  ...more,
});

describe('a sign-off round on the read side', () => {
  it('concerns the achievement its opening named, else the one its disclosure or contract stream names', () => {
    expect(achievementOfRound({ achievementId: 'a-1', streamId: 'transfer-case-c-1' })).toBe('a-1');
    expect(achievementOfRound({ achievementId: null, streamId: 'abandonment-contract-d-1' })).toBe('d-1');
    expect(achievementOfRound({ achievementId: null, streamId: 'disclosure-d-2' })).toBe('d-2');
    expect(achievementOfRound({ achievementId: null, streamId: 'transfer-case-c-1' })).toBeNull();
  });

  it('names as parties the named signers, their delegates and whoever decided; as roles the role-only parties and the escalation role', () => {
    const record = signOffRecord(
      {
        parties: [
          party('inventor:li', 'inventor', 'li'),
          party('legal:zhou', 'legal', 'zhou', { delegation: { fromUserId: 'zhou', toUserId: 'qian', used: false } }),
          party('finance', 'finance', null, { decision: 'signed', decidedBy: 'wu' }),
        ],
        escalationRole: 'unit_leader',
      },
      { classification: { confidentiality: 'state_secret', nationalSecurity: false, keyCoreTechnology: false }, inventorIds: ['li'] },
    );
    expect(record).toEqual({
      kind: 'sign_off',
      classification: { confidentiality: 'state_secret', nationalSecurity: false, keyCoreTechnology: false },
      inventorIds: ['li'],
      partyUserIds: ['li', 'zhou', 'qian', 'wu'],
      partyRoles: ['finance', 'unit_leader'],
    });
  });

  it('finds a conflicted user conflicted for every party but one naming them (R4, R13)', () => {
    const round = { conflictedUserIds: ['li'] };
    expect(conflictedFor(round, { userId: null }, 'li')).toBe(true);
    expect(conflictedFor(round, { userId: 'li' }, 'li')).toBe(false);
    expect(conflictedFor(round, { userId: null }, 'sun')).toBe(false);
  });
});
