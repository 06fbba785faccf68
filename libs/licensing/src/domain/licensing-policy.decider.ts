import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { LicensingErrors as Errors } from './licence.errors';
import { LICENSEE_CLASSES, LicenseeClass, LicensingPolicyEvent } from './licence.events';
import { isCalendarDate } from './licence.schedule';

/**
 * The unit's licensing policy (R15; QCY: 先使用后付费 for SMEs), version by version. Invariants:
 * - the TTO or an administrator publishes a version with its effective date and the document it
 *   rests on; each version takes effect after the latest one;
 * - a version names the licensee classes that may use an achievement first and pay later; on a
 *   date, the version in force is the latest effective on or before it; before the first, none may.
 */

export type LicensingPolicyCommand = {
  type: 'PublishLicensingPolicy';
  useFirstPayLaterClasses: string[];
  effectiveFrom: string;
  basis: string;
  actor: { userId: string; role: string };
  now: string;
};

export interface LicensingPolicyVersion {
  version: number;
  useFirstPayLaterClasses: LicenseeClass[];
  effectiveFrom: string;
  basis: string;
}

export interface LicensingPolicyState {
  versions: LicensingPolicyVersion[];
}

export const initialLicensingPolicyState: LicensingPolicyState = { versions: [] };

export const LICENSING_POLICY_PUBLISHERS = ['tto_officer', 'admin'];

function decide(command: LicensingPolicyCommand, state: LicensingPolicyState): LicensingPolicyEvent[] | DomainRuleViolation {
  if (!LICENSING_POLICY_PUBLISHERS.includes(command.actor.role)) return Errors.roleNotAllowed(LICENSING_POLICY_PUBLISHERS);
  if (!isCalendarDate(command.effectiveFrom)) return Errors.policyInvalidDate('effectiveFrom');
  if (command.basis.trim() === '') return Errors.policyBasisRequired();
  const invalid = command.useFirstPayLaterClasses.find((c) => !LICENSEE_CLASSES.includes(c as LicenseeClass));
  if (invalid !== undefined) return Errors.policyClassInvalid(invalid);
  const latest = state.versions.at(-1);
  if (latest && command.effectiveFrom <= latest.effectiveFrom) return Errors.policyEffectiveDateNotLater(latest.effectiveFrom);
  return [
    {
      type: 'LicensingPolicyPublished',
      version: state.versions.length + 1,
      // In the catalogue's order, once each: the same policy however the caller listed it.
      useFirstPayLaterClasses: LICENSEE_CLASSES.filter((c) => command.useFirstPayLaterClasses.includes(c)),
      effectiveFrom: command.effectiveFrom,
      basis: command.basis.trim(),
      publishedBy: command.actor.userId,
      publishedAt: command.now,
      ruleKeys: ['R15'],
    },
  ];
}

function evolve(state: LicensingPolicyState, event: LicensingPolicyEvent): LicensingPolicyState {
  const { version, useFirstPayLaterClasses, effectiveFrom, basis } = event;
  return { versions: [...state.versions, { version, useFirstPayLaterClasses, effectiveFrom, basis }] };
}

export const licensingPolicyDecider: Decider<LicensingPolicyCommand, LicensingPolicyEvent, LicensingPolicyState> = {
  initialState: initialLicensingPolicyState,
  decide,
  evolve,
};

/** The version in force on `date`, or null before the first. */
export function licensingPolicyOn(state: LicensingPolicyState, date: string): LicensingPolicyVersion | null {
  return state.versions.filter((v) => v.effectiveFrom <= date).at(-1) ?? null;
}
