import { deciderSpec } from '../../../../test/support/decider-spec';
import { attachmentDecider, StoreAttachment } from './attachment.decider';
import { AttachmentStored } from './attachment.events';

const spec = deciderSpec(attachmentDecider);
const T0 = '2026-03-01T02:00:00.000Z';
const li = { userId: 'li', role: 'inventor' };
const store: StoreAttachment = {
  type: 'StoreAttachment',
  sha256: 'a'.repeat(64),
  sizeBytes: 1024,
  contentType: 'application/pdf',
  name: '实验结果.pdf',
  actor: li,
  now: T0,
};
const stored: AttachmentStored = {
  type: 'AttachmentStored',
  sha256: 'a'.repeat(64),
  sizeBytes: 1024,
  contentType: 'application/pdf',
  name: '实验结果.pdf',
  uploadedBy: 'li',
  storedAt: T0,
};

describe('attachment decider', () => {
  it('records who stored which bytes', () => spec.given([]).when(store).then([stored]));
  it('records the same bytes from the same uploader once, whatever the name', () =>
    spec
      .given([stored])
      .when({ ...store, name: 'copy.pdf' })
      .then([]));
  it.each([
    ['a hash that is not lower-case hex SHA-256', { sha256: 'A'.repeat(64) }, 'ATTACHMENT_INVALID_HASH'],
    ['an empty file', { sizeBytes: 0 }, 'ATTACHMENT_EMPTY'],
    ['a name with a path', { name: '../secret.pdf' }, 'ATTACHMENT_INVALID_NAME'],
    ['a name with a control character', { name: 'a\u0007.pdf' }, 'ATTACHMENT_INVALID_NAME'],
    ['an empty name', { name: '' }, 'ATTACHMENT_INVALID_NAME'],
  ])('refuses %s', (_, change, code) =>
    spec
      .given([])
      .when({ ...store, ...change })
      .thenFails(code, 422),
  );
});
