import { DomainRuleViolation } from '@chengguo/kernel';

/** Refusals of the attachment stream; the upload's own refusals (size, type) are answered before it. */
export const AttachmentErrors = {
  invalidHash: () =>
    new DomainRuleViolation('ATTACHMENT_INVALID_HASH', 422, 'An attachment is named by the lower-case hex SHA-256 of its bytes.'),
  empty: () => new DomainRuleViolation('ATTACHMENT_EMPTY', 422, 'The file is empty.'),
  invalidName: () =>
    new DomainRuleViolation(
      'ATTACHMENT_INVALID_NAME',
      422,
      'A file name has 1 to 255 characters and no control characters or path separators.',
    ),
};
