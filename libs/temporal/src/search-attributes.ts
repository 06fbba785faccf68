import { EventStore, RecordedEvent } from '@chengguo/eventstore';
import { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import {
  defineSearchAttributeKey,
  SearchAttributePair,
  SearchAttributeType,
  TypedSearchAttributes,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The search attributes every workflow carries, so an operator finds an achievement's workflows in
 * the Temporal UI (`ChengguoAchievementId = "<id>"`) or all of one process's. They are set only
 * once registered on the namespace (see the README, "Operating it"); until then starts go out
 * without them and a warning says why.
 */
export const ACHIEVEMENT_ID_ATTRIBUTE = defineSearchAttributeKey('ChengguoAchievementId', SearchAttributeType.KEYWORD);
export const PROCESS_ATTRIBUTE = defineSearchAttributeKey('ChengguoProcess', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_FLAGS = ['ChengguoAchievementId=Keyword', 'ChengguoProcess=Keyword'] as const;

/** Told of every workflow start asked of Temporal (metrics); provided by the app, optional. */
export interface WorkflowStartObserver {
  started(workflowType: string, outcome: 'started' | 'already_started' | 'failed'): void;
}
export const WORKFLOW_START_OBSERVER = Symbol('WORKFLOW_START_OBSERVER');

/** What the dispatcher knows while a reaction runs: the event it reacts to. */
interface StartContext {
  achievementId: () => Promise<string | null>;
}
const startContext = new AsyncLocalStorage<StartContext>();

/** Runs `fn` (a reaction) with the event it reacts to, so any workflow it starts is labelled. */
export function withWorkflowStartContext<T>(context: StartContext, fn: () => Promise<T>): Promise<T> {
  return startContext.run(context, fn);
}

/** `<process>:<streamId>:<purpose>` (kernel `workflowId`): the process is the first part. */
export function processOfWorkflowId(workflowId: string): string {
  return workflowId.includes(':') ? workflowId.slice(0, workflowId.indexOf(':')) : workflowId;
}

function namedAchievement(data: unknown): string | null {
  const { achievementId, disclosureId } = (data ?? {}) as { achievementId?: unknown; disclosureId?: unknown };
  if (typeof achievementId === 'string' && achievementId) return achievementId;
  if (typeof disclosureId === 'string' && disclosureId) return disclosureId;
  return null;
}

/**
 * The achievement an event belongs to: the one it names (`achievementId`, or `disclosureId`: a
 * disclosed achievement is registered under its disclosure's id), else the one its stream's first
 * event names, else the stream's own id for streams named by the achievement (`disclosure-<id>`,
 * `achievement-<id>`, `abandonment-contract-<id>`). The same rule the audit timeline joins by.
 */
export async function achievementIdOfEvent(
  event: RecordedEvent,
  store: Pick<EventStore, 'readStream'>,
  streamsNamedByAchievement: readonly string[],
): Promise<string | null> {
  const named = namedAchievement(event.data);
  if (named) return named;
  const prefix = streamsNamedByAchievement.find((p) => event.streamId.startsWith(p));
  if (prefix) return event.streamId.slice(prefix.length);
  if (event.revision > 0) {
    const [first] = await store.readStream(event.streamId, { fromRevision: 0, maxCount: 1 });
    const fromFirst = first ? namedAchievement(first.data) : null;
    if (fromFirst) return fromFirst;
  }
  return null;
}

/**
 * Whether the namespace has both attributes registered, asked of the server (operator service) and
 * remembered; a "no" (or a server that cannot say, like the time-skipping test server) is asked
 * again after a minute, so registering them later takes effect without a restart. A start with an
 * unregistered attribute would be refused, and would leave the dispatcher retrying forever.
 */
export function registeredSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
  onMissing: (why: string) => void,
  recheckMs = 60_000,
): () => Promise<boolean> {
  let known: { registered: boolean; at: number } | null = null;
  return async () => {
    if (known && (known.registered || Date.now() - known.at < recheckMs)) return known.registered;
    let registered = false;
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = [ACHIEVEMENT_ID_ATTRIBUTE.name, PROCESS_ATTRIBUTE.name].filter((name) => !(name in (customAttributes ?? {})));
      registered = missing.length === 0;
      if (!registered) onMissing(`search attributes ${missing.join(', ')} are not registered on namespace ${namespace}`);
    } catch (error) {
      onMissing(`the server cannot list search attributes (${(error as Error).message})`);
    }
    known = { registered, at: Date.now() };
    return registered;
  };
}

async function labelled(
  workflowId: string,
  given: SearchAttributePair[] | TypedSearchAttributes | undefined,
  registered: () => Promise<boolean>,
): Promise<SearchAttributePair[] | TypedSearchAttributes | undefined> {
  if (!(await registered())) return given;
  const base = given instanceof TypedSearchAttributes ? given : new TypedSearchAttributes(given ?? []);
  const achievementId = (await startContext.getStore()?.achievementId()) ?? null;
  return base.updateCopy([
    { key: PROCESS_ATTRIBUTE, value: processOfWorkflowId(workflowId) },
    ...(achievementId ? [{ key: ACHIEVEMENT_ID_ATTRIBUTE, value: achievementId }] : []),
  ]);
}

/**
 * The one place every workflow start passes (start and signal-with-start on the shared client):
 * it sets ChengguoProcess from the workflow id and ChengguoAchievementId from the event being
 * dispatched. A reaction added later (any process) is covered without touching it.
 */
export function searchAttributesInterceptor(
  registered: () => Promise<boolean>,
  observer?: WorkflowStartObserver,
): WorkflowClientInterceptor {
  const withLabels = async <O extends { workflowId: string; typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes }>(
    options: O,
  ): Promise<O> => ({ ...options, typedSearchAttributes: await labelled(options.workflowId, options.typedSearchAttributes, registered) });
  const observed = async <T>(workflowType: string, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      observer?.started(workflowType, 'started');
      return result;
    } catch (error) {
      observer?.started(workflowType, error instanceof WorkflowExecutionAlreadyStartedError ? 'already_started' : 'failed');
      throw error;
    }
  };
  return {
    startWithDetails: async (input, next) =>
      observed(input.workflowType, async () => next({ ...input, options: await withLabels(input.options) })),
    signalWithStart: async (input, next) =>
      observed(input.workflowType, async () => next({ ...input, options: await withLabels(input.options) })),
    startUpdateWithStart: async (input, next) => next({ ...input, workflowStartOptions: await withLabels(input.workflowStartOptions) }),
  };
}
