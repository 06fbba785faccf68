/**
 * The versioned roster of the unit's principal leaders (正职领导, R9; XZ-14): who held the post from
 * when to when, one stream (`leader-roster`). Rewards read it for the date that matters (cash only,
 * mandatory announcement), and it says when equity a leader held before taking office is released.
 */

export interface PrincipalLeaderTenureBegan {
  type: 'PrincipalLeaderTenureBegan';
  userId: string;
  name: string;
  post: string;
  from: string;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export interface PrincipalLeaderTenureEnded {
  type: 'PrincipalLeaderTenureEnded';
  userId: string;
  /** Last day in the post. */
  until: string;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

/** Equity the leader held before taking office: locked during the tenure and one year after it (R9). */
export interface PreTenureEquityDeclared {
  type: 'PreTenureEquityDeclared';
  userId: string;
  company: string;
  holding: string;
  declaredOn: string;
  recordedBy: string;
  recordedAt: string;
  ruleKeys: string[];
}

export type LeaderRosterEvent = PrincipalLeaderTenureBegan | PrincipalLeaderTenureEnded | PreTenureEquityDeclared;

export const LEADER_ROSTER_STREAM_ID = 'leader-roster';

export const LEADER_ROSTER_SCHEMA_VERSIONS: Record<LeaderRosterEvent['type'], number> = {
  PrincipalLeaderTenureBegan: 1,
  PrincipalLeaderTenureEnded: 1,
  PreTenureEquityDeclared: 1,
};
