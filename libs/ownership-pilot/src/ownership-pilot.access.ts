import { Access, ROLES } from '@chengguo/common';

/**
 * Who may call the ownership pilot's routes (R11). The TTO or an operator sets the pilot switch; the
 * TTO proposes an agreement; the parties sign through the sign-off's routes.
 */
export const ownershipPilotAccess: Record<string, Access> = {
  'POST /ownership-pilot/policy/versions': ['tto_officer', 'admin'],
  'GET /ownership-pilot/policy': ROLES,
  'POST /achievements/{id}/ownership-agreement': ['tto_officer'],
};
