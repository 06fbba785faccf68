import type { RewardRoute } from './reward-scheme.events';

/**
 * Where the unit has no scheme in force, the Law on Promoting the Transformation of S&T Achievements
 * (art. 45) applies: not less than 50 % of the net income of a transfer or licence, and not less
 * than 50 % of the shares received for an equity investment, go to the contributors. The law sets
 * no default for technology development, consulting or service contracts: their reward fund is
 * the unit's to set (DOMAIN.md "Money after a transformation"), so without a scheme none is computed.
 */
export const STATUTORY_CONTRIBUTOR_SHARE_BPS: Readonly<Record<RewardRoute, number | null>> = {
  transfer: 5_000,
  license: 5_000,
  equity_investment: 5_000,
  technology_contract: null,
};

/** Without a scheme nothing is set aside for the TTO: that share exists only by the unit's rules. */
export const STATUTORY_TTO_SHARE_BPS = 0;

/** Days a distribution is announced when no scheme sets it (R9 needs an announcement for leaders). */
export const DEFAULT_PUBLICITY_DAYS = 7;

/** Days to pay once a distribution may be paid, when no scheme sets it. */
export const DEFAULT_PAYMENT_DEADLINE_DAYS = 90;
