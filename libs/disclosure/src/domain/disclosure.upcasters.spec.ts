import { DISCLOSURE_UPCASTERS } from './disclosure.upcasters';

describe('disclosure upcasters', () => {
  const v1 = {
    disclosureId: 'd-1',
    content: { title: 't', attachments: [{ name: 'a.pdf', sha256: 'a'.repeat(64), sizeBytes: 3 }] },
  };

  it.each(['DisclosureDrafted', 'DisclosureDraftUpdated', 'DisclosureSubmitted', 'DisclosureAmended'])(
    'reads a v1 %s attachment without a type as application/octet-stream',
    (type) => {
      const step = DISCLOSURE_UPCASTERS.find((u) => u.type === type && u.fromVersion === 1)!;
      expect(step.upcast(v1, { type, schemaVersion: 1, streamId: 'disclosure-d-1' })).toEqual({
        disclosureId: 'd-1',
        content: {
          title: 't',
          attachments: [{ name: 'a.pdf', sha256: 'a'.repeat(64), sizeBytes: 3, contentType: 'application/octet-stream' }],
        },
      });
    },
  );
});
