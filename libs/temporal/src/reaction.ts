import { RecordedEvent } from '@chengguo/eventstore';
import { Client } from '@temporalio/client';

/**
 * A do-x-when-y handler: turns one recorded event into Temporal calls (start or signal a
 * workflow). It must be idempotent, because the dispatcher delivers at least once: workflow ids
 * derive from stream ids, and signals carry the event id.
 */
export interface Reaction {
  readonly name: string;
  readonly eventTypes: readonly string[];
  react(event: RecordedEvent, temporal: Client): Promise<void>;
}

export const REACTIONS = Symbol('REACTIONS');
