/**
 * The attachment process: who stored which bytes. One stream per attachment and uploader
 * (`attachment-<sha256>-<userId>`), so the record — not a caller — says that a user's file exists
 * when a disclosure lists it. The event holds the hash, size, sniffed type and name, never the bytes.
 */
export interface AttachmentStored {
  type: 'AttachmentStored';
  sha256: string;
  sizeBytes: number;
  /** Sniffed from the bytes, never taken from the client's header. */
  contentType: string;
  /** The file name as uploaded (shown in Content-Disposition). */
  name: string;
  uploadedBy: string;
  storedAt: string;
}

export type AttachmentEvent = AttachmentStored;

export const ATTACHMENT_SCHEMA_VERSIONS: Record<AttachmentEvent['type'], number> = { AttachmentStored: 1 };

export const ATTACHMENT_STREAM_PREFIX = 'attachment-';
/** The command path's key of one uploader's attachment: `<sha256>-<userId>`. */
export const attachmentKey = (sha256: string, uploadedBy: string): string => `${sha256}-${uploadedBy}`;
export const attachmentStreamId = (key: string): string => `${ATTACHMENT_STREAM_PREFIX}${key}`;
