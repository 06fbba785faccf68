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

export interface RequestActor {
  userId: string;
  role: Role;
}

/**
 * Who is calling. Until bearer-token authentication lands (issue: identity and RBAC), the caller
 * names itself in X-Actor-Id / X-Actor-Role; the API refuses requests without a valid pair.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): RequestActor => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const userId = request.headers['x-actor-id'];
  const role = request.headers['x-actor-role'];
  if (typeof userId !== 'string' || !/^[\w.@:-]{1,128}$/.test(userId)) {
    throw new ProblemException(401, 'ACTOR_MISSING', 'Send X-Actor-Id (1–128 characters of [A-Za-z0-9_.@:-]).');
  }
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new ProblemException(401, 'ACTOR_ROLE_INVALID', `Send X-Actor-Role, one of: ${ROLES.join(', ')}.`);
  }
  return { userId, role: role as Role };
});
