import { Access, ROLES, WRITERS } from '@chengguo/common';

/** Who may call the sign-off routes: parties are checked by the decider; auditors never sign. */
export const signOffAccess: Record<string, Access> = {
  'GET /sign-offs/pending': ROLES,
  'GET /sign-offs/{streamId}/{signOffId}': ROLES,
  'POST /sign-offs/{streamId}/{signOffId}/signatures': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/rejections': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/abstentions': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/delegations': WRITERS,
  'DELETE /sign-offs/{streamId}/{signOffId}/delegations': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/extension': WRITERS,
  'POST /sign-offs/{streamId}/{signOffId}/closure': WRITERS,
};
