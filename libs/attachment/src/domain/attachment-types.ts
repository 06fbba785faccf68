/**
 * What may be attached: the types a disclosure's reviewers can open safely. Decided from the bytes
 * (the sniffed type), never from the name or the client's Content-Type. Executables, archives other
 * than Office Open XML, HTML and SVG (script carriers) are refused.
 */
export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/plain; charset=utf-8',
  'text/csv; charset=utf-8',
];

export const isAllowedAttachmentType = (contentType: string): boolean => ALLOWED_ATTACHMENT_TYPES.includes(contentType);

/** A file name as shown to people: no control characters, no path, at most 255 characters. */
export function isAcceptableFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length >= 1 && name.length <= 255 && !/[\u0000-\u001f\u007f/\\]/.test(name) && name !== '.' && name !== '..';
}
