/** The part of a stored event a domain fold needs; every event-store adapter's records have it. */
export interface StoredEventData {
  type: string;
  data: unknown;
}

/**
 * The domain event a stored record holds: its data with its type put back. The store keeps `type`
 * beside the data, so each event is written without it and read back through here.
 */
export function toDomainEvent<Event extends { type: string }>(recorded: StoredEventData): Event {
  return { ...(recorded.data as object), type: recorded.type } as Event;
}
