import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { OwnershipPilotErrors as Errors } from './ownership-pilot.errors';
import { OwnershipPilotPolicyEvent } from './ownership-pilot.events';

/**
 * Whether the unit is an ownership pilot unit (R11; XZ-16), version by version. Invariants:
 * - the TTO or an administrator publishes a version with its effective date and the document it
 *   rests on; each version takes effect after the latest one and changes the switch;
 * - on a date, the version in force is the latest one effective on or before it; before the first,
 *   the unit is not a pilot.
 */

export type OwnershipPilotPolicyCommand = {
  type: 'PublishOwnershipPilotPolicy';
  pilot: boolean;
  effectiveFrom: string;
  basis: string;
  actor: { userId: string; role: string };
  now: string;
};

export interface PilotPolicyVersion {
  version: number;
  pilot: boolean;
  effectiveFrom: string;
  basis: string;
}

export interface OwnershipPilotPolicyState {
  versions: PilotPolicyVersion[];
}

export const initialOwnershipPilotPolicyState: OwnershipPilotPolicyState = { versions: [] };

export const POLICY_PUBLISHERS = ['tto_officer', 'admin'];

/** YYYY-MM-DD naming a real day. */
export const isCalendarDate = (d: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

function decide(command: OwnershipPilotPolicyCommand, state: OwnershipPilotPolicyState): OwnershipPilotPolicyEvent[] | DomainRuleViolation {
  if (!POLICY_PUBLISHERS.includes(command.actor.role)) return Errors.roleNotAllowed(POLICY_PUBLISHERS);
  if (!isCalendarDate(command.effectiveFrom)) return Errors.invalidDate('effectiveFrom');
  if (command.basis.trim() === '') return Errors.basisRequired();
  const latest = state.versions.at(-1);
  if (latest && command.effectiveFrom <= latest.effectiveFrom) return Errors.effectiveDateNotLater(latest.effectiveFrom);
  if ((latest?.pilot ?? false) === command.pilot) return Errors.policyUnchanged(command.pilot);
  return [
    {
      type: 'OwnershipPilotPolicyPublished',
      version: state.versions.length + 1,
      pilot: command.pilot,
      effectiveFrom: command.effectiveFrom,
      basis: command.basis.trim(),
      publishedBy: command.actor.userId,
      publishedAt: command.now,
      ruleKeys: ['R11'],
    },
  ];
}

function evolve(state: OwnershipPilotPolicyState, event: OwnershipPilotPolicyEvent): OwnershipPilotPolicyState {
  const { version, pilot, effectiveFrom, basis } = event;
  return { versions: [...state.versions, { version, pilot, effectiveFrom, basis }] };
}

export const ownershipPilotPolicyDecider: Decider<OwnershipPilotPolicyCommand, OwnershipPilotPolicyEvent, OwnershipPilotPolicyState> = {
  initialState: initialOwnershipPilotPolicyState,
  decide,
  evolve,
};

/** The version in force on `date`, or null before the first. */
export function pilotPolicyOn(state: OwnershipPilotPolicyState, date: string): PilotPolicyVersion | null {
  return state.versions.filter((v) => v.effectiveFrom <= date).at(-1) ?? null;
}
