import { Access, ROLES, WRITERS } from '@chengguo/common';

/**
 * Who may call the attachment routes. Anyone who writes may upload; who may read one attachment is
 * decided by the data (its uploader, or a reader of a record that lists it), so the read route is open
 * to every role and answers 404 to the others.
 */
export const attachmentAccess: Record<string, Access> = {
  'POST /attachments': WRITERS,
  'GET /attachments/{sha256}': ROLES,
};
