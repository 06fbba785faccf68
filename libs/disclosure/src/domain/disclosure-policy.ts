import { DomainRuleViolation } from '@chengguo/kernel';

/**
 * The unit's disclosure policy parameters (R1 reporting, R2 evaluation). Versioned data in the
 * `disclosure-policy` stream: a version takes effect from its effective date and never rewrites
 * the past; every deadline event records the version it came from.
 */
export interface DisclosurePolicyParameters {
  /** Co-inventors confirm their shares within this many days of submission. */
  confirmationDays: number;
  /** Reminders before the confirmation deadline, in days. */
  confirmationReminderDays: number[];
  /** The TTO acknowledges a confirmed disclosure within this many days (R1: promptly). */
  acknowledgementDays: number;
  /** The evaluator records the pre-filing evaluation within this many days of assignment (R2). */
  evaluationDays: number;
  /** R3: the unit's default share of the inventors' net revenue in an abandonment contract (negotiable). */
  abandonmentUnitShareBasisPoints: number;
  /** R3: days every party has to sign an abandonment contract. */
  contractSigningDays: number;
}

export interface DisclosurePolicy extends DisclosurePolicyParameters {
  version: number;
  effectiveFrom: string;
}

/** In force until a unit publishes its own (version 0: the product's defaults). */
export const DEFAULT_DISCLOSURE_POLICY: DisclosurePolicy = {
  version: 0,
  effectiveFrom: '1970-01-01T00:00:00.000Z',
  confirmationDays: 14,
  confirmationReminderDays: [3, 1],
  acknowledgementDays: 15,
  evaluationDays: 30,
  abandonmentUnitShareBasisPoints: 3_000,
  contractSigningDays: 30,
};

export const DISCLOSURE_POLICY_STREAM = 'policy-disclosure';

export interface DisclosurePolicyPublished extends DisclosurePolicy {
  type: 'DisclosurePolicyPublished';
  publishedBy: string;
  publishedAt: string;
}

export type DisclosurePolicyState = DisclosurePolicy[];

export interface PublishDisclosurePolicy {
  type: 'PublishDisclosurePolicy';
  parameters: DisclosurePolicyParameters;
  effectiveFrom: string;
  publishedBy: string;
  now: string;
}

export function policyInEffect(versions: DisclosurePolicyState, at: string): DisclosurePolicy {
  const t = Date.parse(at);
  return [DEFAULT_DISCLOSURE_POLICY, ...versions].filter((v) => Date.parse(v.effectiveFrom) <= t).at(-1)!;
}

const within = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Publishing a policy version: never effective in the past, and parameters within sane bounds. */
export const disclosurePolicyDecider = {
  initialState: [] as DisclosurePolicyState,
  decide(command: PublishDisclosurePolicy, state: DisclosurePolicyState): DisclosurePolicyPublished[] | DomainRuleViolation {
    const p = command.parameters;
    if (Number.isNaN(Date.parse(command.effectiveFrom)) || Date.parse(command.effectiveFrom) < Date.parse(command.now)) {
      return new DomainRuleViolation(
        'POLICY_EFFECTIVE_IN_PAST',
        422,
        'A policy version takes effect now or later; the past is not rewritten.',
      );
    }
    const last = state.at(-1);
    if (last && Date.parse(command.effectiveFrom) < Date.parse(last.effectiveFrom)) {
      return new DomainRuleViolation('POLICY_OUT_OF_ORDER', 422, `Version ${last.version} already takes effect at ${last.effectiveFrom}.`);
    }
    if (!within(p.confirmationDays, 1, 90) || !within(p.acknowledgementDays, 1, 90) || !within(p.evaluationDays, 1, 180)) {
      return new DomainRuleViolation(
        'POLICY_OUT_OF_BOUNDS',
        422,
        'Deadlines are whole days: confirmation and acknowledgement 1–90, evaluation 1–180.',
      );
    }
    if (!within(p.abandonmentUnitShareBasisPoints, 0, 10_000) || !within(p.contractSigningDays, 1, 90)) {
      return new DomainRuleViolation(
        'POLICY_OUT_OF_BOUNDS',
        422,
        'The unit share is 0–10000 basis points; contract signing takes 1–90 days.',
      );
    }
    if (p.confirmationReminderDays.some((d) => !within(d, 1, p.confirmationDays - 1 || 1))) {
      return new DomainRuleViolation(
        'POLICY_OUT_OF_BOUNDS',
        422,
        'Reminders fall within the confirmation period (whole days before its end).',
      );
    }
    return [
      {
        type: 'DisclosurePolicyPublished',
        version: (last?.version ?? 0) + 1,
        effectiveFrom: command.effectiveFrom,
        ...p,
        confirmationReminderDays: [...new Set(p.confirmationReminderDays)].sort((a, b) => b - a),
        publishedBy: command.publishedBy,
        publishedAt: command.now,
      },
    ];
  },
  evolve(state: DisclosurePolicyState, event: DisclosurePolicyPublished): DisclosurePolicyState {
    const { type: _type, publishedBy: _by, publishedAt: _at, ...policy } = event;
    return [...state, policy];
  },
};
