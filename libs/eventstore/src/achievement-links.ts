import { EventStore, RecordedEvent } from './event-store.port';

/**
 * How the streams of one kind find the achievement (成果) they concern (ADR 17). A stream concerns
 * one achievement for its whole life, fixed by its opening event: the disclosure stream's id is the
 * achievement id, a contract is named after its disclosure, a transfer case names its achievement
 * when it is opened, an exemption claim concerns the achievement of the decision it is about.
 */
export interface AchievementLink {
  /**
   * The achievement of `streamId`, from the stream id and its opening event (the first one stored,
   * or the first one decided when the command creates the stream); `achievementOf` gives another
   * stream's (e.g. the stream of the decision a claim is about). null: the stream concerns no
   * achievement (a unit-wide policy), or its record names none (a case opened on a patent number only).
   */
  achievementOf(
    streamId: string,
    opening: OpeningEvent | null,
    achievementOf: (otherStreamId: string) => Promise<string | null>,
  ): string | null | Promise<string | null>;
}

/** A stream's first event as a link sees it: its type and (upcast) data. */
export interface OpeningEvent {
  type: string;
  data: unknown;
}

/** The link of streams whose id is `<prefix><achievement id>` (disclosure, contract, register). */
export function achievementIdAfterPrefix(prefix: string): AchievementLink {
  return {
    achievementOf: (streamId) => (streamId.startsWith(prefix) && streamId.length > prefix.length ? streamId.slice(prefix.length) : null),
  };
}

/** The link of streams that concern no achievement (unit-wide policies). */
export const NO_ACHIEVEMENT: AchievementLink = { achievementOf: () => null };

/**
 * The link of commands that write into another process's stream (sign-off rounds): the stream's own
 * achievement, as its first event records it or its process's registered link resolves it.
 */
export const ACHIEVEMENT_OF_THE_STREAM: AchievementLink = { achievementOf: (streamId, _opening, of) => of(streamId) };

const links = new Map<string, AchievementLink>();

/**
 * Registers the link of the streams whose ids start with `streamPrefix` (or are exactly it, for a
 * single stream). Used for streams written before events carried their achievement id: the
 * in-place upgrade of the index and the commands appending to such a stream. The list of processes
 * registers every process's command declarations.
 */
export function registerAchievementLink(streamPrefix: string, link: AchievementLink): void {
  if (streamPrefix === '') throw new Error('An achievement link needs a stream prefix');
  links.set(streamPrefix, link);
}

/** The registered link of a stream: the longest registered prefix of its id. */
export function registeredAchievementLink(streamId: string): AchievementLink | null {
  let best: string | null = null;
  for (const prefix of links.keys()) if (streamId.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  return best === null ? null : links.get(best)!;
}

/** Links are followed a few streams deep at most (a claim → its case); a cycle is a programming error. */
const MAX_LINK_DEPTH = 4;

/**
 * The achievement of a stream that exists: the one its first event records, or else (written
 * before events recorded it) the one its registered link resolves from the first event. null for a
 * stream that does not exist or concerns none.
 */
export async function achievementOfStream(store: EventStore, streamId: string, depth = 0): Promise<string | null> {
  if (depth > MAX_LINK_DEPTH) throw new Error(`Achievement links loop through ${streamId}`);
  const [first] = await store.readStream(streamId, { maxCount: 1 });
  return first ? achievementOfOpening(store, streamId, first, depth) : null;
}

/** The achievement a stream's first stored event records or, failing that, its registered link gives. */
export async function achievementOfOpening(store: EventStore, streamId: string, first: RecordedEvent, depth = 0): Promise<string | null> {
  const recorded = first.metadata.achievementId;
  if (typeof recorded === 'string' && recorded !== '') return recorded;
  const link = registeredAchievementLink(streamId);
  if (!link) return null;
  return link.achievementOf(streamId, first, (other) => achievementOfStream(store, other, depth + 1));
}
