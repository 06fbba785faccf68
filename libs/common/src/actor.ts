import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ProblemException } from './problem-details';

/** The roles of DOMAIN.md, plus `system` for Temporal activities and admin for operators. */
export const ROLES = [
  'inventor',
  'tto_officer',
  'evaluator',
  'unit_leader',
  'legal',
  'finance',
  'auditor',
  'discipline_inspection',
  'inspection_tour',
  'supervisory_department',
  'unit_member',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** How secret a thing a caller may see (ordered): commercial and state secrets need a matching clearance. */
export const CLEARANCES = ['public', 'internal', 'commercial_secret', 'state_secret'] as const;
export type Clearance = (typeof CLEARANCES)[number];

export function hasClearance(actor: { clearance: Clearance }, needed: string): boolean {
  const rank = (c: string) => CLEARANCES.indexOf(c as Clearance);
  return rank(actor.clearance) >= rank(needed);
}

export interface RequestActor {
  userId: string;
  role: Role;
  clearance: Clearance;
}

/** The caller, as the access guard verified it from the bearer token. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const request = context.switchToHttp().getRequest<{ actor?: RequestActor }>();
  if (!request.actor) throw new ProblemException(401, 'UNAUTHENTICATED', 'Send a bearer token.');
  return request.actor;
});
