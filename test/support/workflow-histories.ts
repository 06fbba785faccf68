import { Client, WorkflowClientInterceptor } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Recorded histories, one folder per workflow type; replayed by test/workflows/replay-histories.spec.ts.
 * Stored as the History message's JSON object form (longs, enums and bytes as strings), through the
 * generated History class: @temporalio/common's historyToJSON/historyFromJSON fail here ("type must be
 * a Type") because @temporalio/common and @temporalio/proto each resolve their own copy of protobufjs.
 */
const History = temporal.api.history.v1.History;
export const HISTORIES_DIR = join(__dirname, '..', 'workflows', 'histories');

/** `RECORD_WORKFLOW_HISTORIES=1 npx jest test/workflows` rewrites the recorded histories. */
export const RECORDING_HISTORIES = process.env.RECORD_WORKFLOW_HISTORIES === '1';

export interface RecordedHistory {
  /** `<workflow type>/<case>`: also the workflow id given to the replayer (only used in its reports). */
  name: string;
  history: temporal.api.history.v1.History;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');

/**
 * Notes every workflow the reactions start (as a client interceptor, so the reactions run unchanged)
 * with the test that was running, and at the end writes the history of each one that completed.
 */
export class WorkflowHistoryRecorder {
  private readonly started = new Map<string, { type: string; testName: string }>();

  readonly interceptor: WorkflowClientInterceptor = {
    start: (input, next) => {
      this.note(input.options.workflowId, input.workflowType);
      return next(input);
    },
    signalWithStart: (input, next) => {
      this.note(input.options.workflowId, input.workflowType);
      return next(input);
    },
  };

  private note(workflowId: string, type: string): void {
    if (this.started.has(workflowId)) return;
    this.started.set(workflowId, { type, testName: expect.getState().currentTestName ?? 'setup' });
  }

  /** Writes the histories of the completed workflows; a no-op unless RECORD_WORKFLOW_HISTORIES=1. */
  async save(client: Client): Promise<void> {
    if (!RECORDING_HISTORIES) return;
    const taken = new Set<string>();
    for (const [workflowId, { type, testName }] of this.started) {
      const handle = client.workflow.getHandle(workflowId);
      if ((await handle.describe()).status.name !== 'COMPLETED') continue;
      const base = slug(testName);
      let name = `${type}/${base}`;
      for (let n = 2; taken.has(name); n++) name = `${type}/${base}-${n}`;
      taken.add(name);
      mkdirSync(join(HISTORIES_DIR, type), { recursive: true });
      const history = History.toObject(History.fromObject(await handle.fetchHistory()), { longs: String, enums: String, bytes: String });
      const json = JSON.stringify(history, null, 1);
      writeFileSync(join(HISTORIES_DIR, `${name}.json`), `${json}\n`);
    }
  }
}

/** Writes one completed workflow's history (e.g. one a schedule started); a no-op unless recording. */
export async function saveHistory(type: string, testName: string, handle: { fetchHistory(): Promise<unknown> }): Promise<void> {
  if (!RECORDING_HISTORIES) return;
  mkdirSync(join(HISTORIES_DIR, type), { recursive: true });
  const history = History.toObject(History.fromObject((await handle.fetchHistory()) as never), {
    longs: String,
    enums: String,
    bytes: String,
  });
  writeFileSync(join(HISTORIES_DIR, type, `${slug(testName)}.json`), `${JSON.stringify(history, null, 1)}\n`);
}

/** Every recorded history, by `<workflow type>/<case>`. */
export function recordedHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(HISTORIES_DIR, d.name))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => ({
          name: `${d.name}/${f.slice(0, -'.json'.length)}`,
          history: History.fromObject(JSON.parse(readFileSync(join(HISTORIES_DIR, d.name, f), 'utf8'))),
        })),
    );
}
