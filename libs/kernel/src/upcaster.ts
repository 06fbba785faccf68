/**
 * Schema evolution on read, one step: an event of `type` written at `fromVersion` becomes
 * `fromVersion + 1`. Deciders, projections and replays only ever see current shapes; the stored
 * bytes (and their hash) stay exactly as written. Steps are pure; the event store applies them.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>, event: { type: string; schemaVersion: number; streamId: string }): Record<string, unknown>;
}
