/** The upload limits the API was configured with (ATTACHMENT_MAX_BYTES). */
export interface AttachmentLimits {
  maxBytes: number;
}

export const ATTACHMENT_LIMITS = Symbol('ATTACHMENT_LIMITS');
