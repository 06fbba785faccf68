import type { Upcaster } from '@chengguo/kernel';

/**
 * v1 → v2 of the events that carry a disclosure's content: an attachment now records its content
 * type (sniffed when uploaded). Files listed before uploads were recorded have no known type; they
 * read as `application/octet-stream`, which says exactly that.
 */
const withContentTypes = (data: Record<string, unknown>): Record<string, unknown> => {
  const content = data.content as { attachments?: Array<Record<string, unknown>> } | undefined;
  if (!content || !Array.isArray(content.attachments)) return data;
  return {
    ...data,
    content: {
      ...content,
      attachments: content.attachments.map((a) => ({ contentType: 'application/octet-stream', ...a })),
    },
  };
};

export const DISCLOSURE_UPCASTERS: readonly Upcaster[] = [
  'DisclosureDrafted',
  'DisclosureDraftUpdated',
  'DisclosureSubmitted',
  'DisclosureAmended',
].map((type) => ({ type, fromVersion: 1, upcast: withContentTypes }));
