import { Decider, DomainRuleViolation } from '@chengguo/kernel';
import { isAcceptableFileName } from './attachment-types';
import { AttachmentErrors } from './attachment.errors';
import { AttachmentEvent, AttachmentStored } from './attachment.events';

/**
 * One uploader's attachment. Invariants: it is named by the SHA-256 of its bytes; it is recorded once
 * per uploader (a second upload of the same bytes appends nothing); its size and type are the ones
 * measured from the bytes when it was first stored.
 */

export type StoredAttachment = Omit<AttachmentStored, 'type'>;

export interface AttachmentState {
  stored: StoredAttachment | null;
}

export const initialAttachmentState: AttachmentState = { stored: null };

export interface StoreAttachment {
  type: 'StoreAttachment';
  sha256: string;
  sizeBytes: number;
  contentType: string;
  name: string;
  actor: { userId: string; role: string };
  now: string;
}

export type AttachmentCommand = StoreAttachment;

function decide(command: AttachmentCommand, state: AttachmentState): AttachmentEvent[] | DomainRuleViolation {
  if (!/^[0-9a-f]{64}$/.test(command.sha256)) return AttachmentErrors.invalidHash();
  if (command.sizeBytes <= 0) return AttachmentErrors.empty();
  if (!isAcceptableFileName(command.name)) return AttachmentErrors.invalidName();
  if (state.stored) return []; // the same bytes from the same uploader: already on record
  const { sha256, sizeBytes, contentType, name, actor, now } = command;
  return [{ type: 'AttachmentStored', sha256, sizeBytes, contentType, name, uploadedBy: actor.userId, storedAt: now }];
}

function evolve(state: AttachmentState, event: AttachmentEvent): AttachmentState {
  switch (event.type) {
    case 'AttachmentStored': {
      const { type: _type, ...stored } = event;
      return { stored };
    }
  }
}

export const attachmentDecider: Decider<AttachmentCommand, AttachmentEvent, AttachmentState> = {
  initialState: initialAttachmentState,
  decide,
  evolve,
};
