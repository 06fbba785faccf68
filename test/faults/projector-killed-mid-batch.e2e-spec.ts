import { disclosureCommands } from '@chengguo/disclosure';
import {
  DisclosureCommand,
  DisclosureContent,
  disclosureDecider,
  DISCLOSURE_SCHEMA_VERSIONS,
  disclosureStreamId,
} from '@chengguo/disclosure';
import { handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { projectorSubscriber } from '@chengguo/read-models';
import { disclosureContent } from '../fixtures/http-flows';
import { createTestDatabase } from '../support/databases';
import { ChildApp, checkpointAtHead, checkpointOf, sleep, spawnTs, sql, waitFor } from './support/fault-support';

const DISCLOSURES = 2_500; // two events each: 5,000 events, five pages of the subscription
const SUBSCRIBER = projectorSubscriber({ name: 'disclosures' } as never);

/**
 * Fault (4): the projector process is SIGKILLed in the middle of a page, twice, then restarted.
 * Each event's rows and the checkpoint move in one transaction (ADR 2), so at every kill the read
 * model is exactly the fold of the events up to the checkpoint, and after the restart it is
 * exactly the fold of all of them: no row missing, none duplicated, none stale.
 */
describe('fault: projector killed mid-batch', () => {
  let databaseUrl: string;
  let store: PostgresEventStore;
  let projector: ChildApp | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('faultprojector');
    store = new PostgresEventStore({ connectionString: databaseUrl });
    await store.migrate();
    const actor = { userId: 'li.lei', role: 'inventor' };
    const inventors = [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }];
    const run = async (disclosureId: string, command: DisclosureCommand) => {
      const outcome = await handleCommand(
        store,
        disclosureStreamId(disclosureId),
        disclosureDecider,
        command,
        {
          commandId: newId(),
          actor,
          correlationId: 'fault-projector',
        },
        DISCLOSURE_SCHEMA_VERSIONS,
        disclosureCommands.achievement,
      );
      if (isRuleViolation(outcome)) throw new Error(`${outcome.code}: ${outcome.detail}`);
    };
    // Drafted and then updated through the decider, eight writers at a time (interleaved commits).
    for (let i = 0; i < DISCLOSURES; i++) ids.push(newId());
    for (let start = 0; start < DISCLOSURES; start += 8) {
      await Promise.all(
        ids.slice(start, start + 8).map(async (disclosureId, k) => {
          const now = new Date().toISOString();
          const content = { ...disclosureContent(inventors), title: `草稿 ${start + k}` } as DisclosureContent;
          await run(disclosureId, { type: 'DraftDisclosure', disclosureId, content, actor, now });
          await run(disclosureId, { type: 'UpdateDraft', content: { ...content, title: `定稿 ${start + k}` }, actor, now });
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await projector?.kill();
    await store?.close();
  });

  /** Events of disclosure streams the checkpoint covers, in $all order. */
  async function eventsUpTo(checkpoint: { commit: bigint; prepare: bigint } | null) {
    if (!checkpoint) return [];
    return sql<{ stream_id: string; stream_revision: string }>(
      databaseUrl,
      `SELECT stream_id, stream_revision FROM event_store.events
        WHERE (transaction_id, global_position) <= ($1::text::xid8, $2::bigint) AND stream_id LIKE 'disclosure-%'`,
      [checkpoint.commit.toString(), checkpoint.prepare.toString()],
    );
  }

  async function rows() {
    return sql<{ disclosure_id: string; revision: string; title: string }>(
      databaseUrl,
      'SELECT disclosure_id, revision::text AS revision, title FROM read_models.disclosures ORDER BY disclosure_id',
    );
  }

  /** The read model must be exactly the fold of the events up to the checkpoint. */
  async function expectConsistentWithCheckpoint(): Promise<number> {
    const checkpoint = await checkpointOf(databaseUrl, SUBSCRIBER);
    const covered = await eventsUpTo(checkpoint);
    const expected = new Map<string, number>();
    for (const e of covered) {
      const id = e.stream_id.slice('disclosure-'.length);
      expected.set(id, Math.max(expected.get(id) ?? -1, Number(e.stream_revision)));
    }
    const actual = await rows();
    expect(new Set(actual.map((r) => r.disclosure_id)).size).toBe(actual.length);
    expect(new Map(actual.map((r) => [r.disclosure_id, Number(r.revision)]))).toEqual(expected);
    return covered.length;
  }

  const applied = async () =>
    Number((await sql<{ n: string }>(databaseUrl, 'SELECT coalesce(sum(revision + 1), 0) AS n FROM read_models.disclosures'))[0].n);

  function startProjector(): Promise<ChildApp> {
    const child = spawnTs('test/faults/support/projector-process.ts', { DATABASE_URL: databaseUrl }, 'projector');
    return child.waitForOutput(/projector running/, 60_000).then(() => child);
  }

  it('leaves no duplicate, missing or stale row after SIGKILLs in the middle of pages', async () => {
    const total = 2 * DISCLOSURES;
    let lastKillAt = 0;
    for (const killAt of [0.3 * total, 0.7 * total]) {
      projector = await startProjector();
      await waitFor(async () => ((await applied()) >= killAt ? true : undefined), 60_000, `projector passed ${killAt} events`);
      expect(await projector.kill()).toBe('SIGKILL');
      projector = undefined;
      const progress = await expectConsistentWithCheckpoint();
      // Killed partway, and it had moved on since the previous kill.
      expect(progress).toBeGreaterThan(lastKillAt);
      expect(progress).toBeLessThan(total);
      lastKillAt = progress;
    }

    projector = await startProjector();
    await checkpointAtHead(databaseUrl, SUBSCRIBER, 60_000, 'projector caught up');
    await sleep(300);

    expect(await expectConsistentWithCheckpoint()).toBe(total);
    const final = await rows();
    expect(final.map((r) => r.disclosure_id)).toEqual([...ids].sort());
    for (const row of final) {
      expect(row.revision).toBe('1');
      expect(row.title).toMatch(/^定稿 \d+$/);
    }
  }, 180_000);
});
