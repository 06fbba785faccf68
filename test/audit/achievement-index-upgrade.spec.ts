// The list of processes registers their links, folds and upcasters, as in the apps.
import '@chengguo/processes';
import { achievementTimeline, recordCheckpoint, verifyStore } from '@chengguo/audit';
import { achievementOfOpening, EventStore, EventToAppend, handleCommand, newId, PostgresEventStore } from '@chengguo/eventstore';
import { Decider } from '@chengguo/kernel';
import { transferCaseCommands } from '@chengguo/transfer-publicity';
import { Client } from 'pg';
import { runCli } from '../../apps/audit-cli/src/main';
import { untilVisible } from '../fixtures/until-visible';
import { createTestDatabase } from '../support/databases';

/**
 * A store written before events named their achievement (schema v4, events without
 * `achievementId`), upgraded in place (ADR 17): schema v5 and the index's upgrade map every
 * earlier event by the processes' links, resolved from the events themselves, and change no stored
 * byte — `chengguo-audit verify` stays green, checkpoints included — and each achievement's
 * timeline is complete: disclosure, contract with its sign-off round, register, transfer cases
 * (v1 and v2), exemption claim; nothing of another achievement, nothing of a policy.
 */
describe('achievement index: in-place upgrade of a store written without achievement ids', () => {
  let url: string;
  let store: PostgresEventStore;
  let pg: Client;
  const abandoned = newId(); // decided "do not file": disclosure, contract
  const invested = newId(); // decided "file": disclosure, register, two transfer cases, a claim
  const caseV1 = newId();
  const caseV2 = newId();
  const patentOnlyCase = newId();
  const claimId = newId();
  const streams = {
    abandonedDisclosure: `disclosure-${abandoned}`,
    contract: `abandonment-contract-${abandoned}`,
    investedDisclosure: `disclosure-${invested}`,
    register: `achievement-${invested}`,
    caseV1: `transfer-case-${caseV1}`,
    caseV2: `transfer-case-${caseV2}`,
    patentOnly: `transfer-case-${patentOnlyCase}`,
    claim: `exemption-claim-${claimId}`,
    policy: 'policy-disclosure',
  };

  /** An event as the command path wrote it before this change: no achievementId in its metadata. */
  const oldShape = (type: string, data: Record<string, unknown>, schemaVersion = 1): EventToAppend => ({
    eventId: newId(),
    type,
    schemaVersion,
    data,
    metadata: {
      occurredAt: '2026-03-01T08:00:00.000Z',
      actor: { userId: 'wang.tto', role: 'tto_officer' },
      correlationId: `http-${newId()}`, // every request its own: nothing to guess from
      causationId: null,
    },
  });
  const append = (streamId: string, ...events: EventToAppend[]) => store.append(streamId, events, 'any');

  beforeAll(async () => {
    url = await createTestDatabase('index_upgrade');
    store = new PostgresEventStore({ connectionString: url, poolSize: 4 });
    await store.migrate({ throughVersion: 4 });
    pg = new Client({ connectionString: url });
    await pg.connect();

    // Interleaved across streams, as processes write them.
    await append(streams.policy, oldShape('DisclosurePolicyPublished', { version: 1, 说明: '单位披露制度' }));
    await append(streams.abandonedDisclosure, oldShape('DisclosureSubmitted', { disclosureId: abandoned, title: '一种催化剂' }));
    await append(streams.investedDisclosure, oldShape('DisclosureSubmitted', { disclosureId: invested, title: '高原光伏清洁装置' }));
    await append(streams.register, oldShape('AchievementDisclosed', { achievementId: invested }));
    await append(streams.abandonedDisclosure, oldShape('DisclosureDecided', { decision: 'do_not_file', ruleKeys: ['R3'] }));
    await append(
      streams.contract,
      oldShape('AbandonmentContractOpened', { disclosureId: abandoned, ruleKeys: ['R3', 'R4'] }),
      oldShape('SignOffRoundOpened', { signOffId: 'contract-signature', parties: [], ruleKeys: ['R3'] }, 2),
    );
    await append(streams.investedDisclosure, oldShape('DisclosureDecided', { decision: 'file', ruleKeys: ['R2'] }));
    // v1: named by its disclosure id; another v1 named only a patent number (no achievement on record).
    await append(streams.caseV1, oldShape('TransferCaseOpened', { caseId: caseV1, achievement: { kind: 'disclosure', id: invested } }));
    await append(
      streams.patentOnly,
      oldShape('TransferCaseOpened', { caseId: patentOnlyCase, achievement: { kind: 'patent', patentNumber: 'ZL201910000001.1' } }),
    );
    await append(streams.contract, oldShape('SignOffSigned', { signOffId: 'contract-signature', partyId: 'unit' }));
    await append(streams.caseV2, oldShape('TransferCaseOpened', { caseId: caseV2, achievementId: invested }, 2));
    await append(streams.register, oldShape('TransformationCaseOpened', { caseId: caseV2 }));
    // The claim names the decision it is about, in the v1 case's stream: two links away from the achievement.
    await append(
      streams.claim,
      oldShape('ExemptionClaimFiled', { claimId, subject: { kind: 'transfer_approval', streamId: streams.caseV1, eventId: newId() } }),
      oldShape('ExemptionFindingsRecorded', { claimId, findings: [] }),
    );
    await append(streams.caseV1, oldShape('SignOffRoundClosed', { signOffId: 'transfer-approval', outcome: 'signed' }));
    await recordCheckpoint(store);
  }, 60_000);

  afterAll(async () => {
    await pg?.end();
    await store?.close();
  });

  const storedRows = async () =>
    (
      await pg.query(
        `SELECT global_position, transaction_id::text, stream_id, stream_revision, event_id, event_type, schema_version,
                data::text, metadata::text, recorded_at, prev_hash, hash FROM event_store.events ORDER BY global_position`,
      )
    ).rows;
  /** Event ids of streams in commit order, straight from the table. */
  const idsOf = async (...streamIds: string[]) =>
    (
      await pg.query<{ event_id: string }>(
        'SELECT event_id FROM event_store.events WHERE stream_id = ANY ($1::text[]) ORDER BY transaction_id, global_position',
        [streamIds],
      )
    ).rows.map((r) => r.event_id);

  it('maps every earlier event by its stream’s links, changes no stored byte, and verify stays green', async () => {
    const before = await storedRows();

    expect(await store.achievementIndexComplete()).toBe(false); // schema v4: no index yet
    await store.migrate();
    expect(await store.achievementIndexComplete()).toBe(false); // v5, earlier events not mapped yet
    // Until they are, the timeline scans rather than trusting an index that would miss them.
    const scannedBefore = (await achievementTimeline(store, invested)).events.map((e) => e.eventId);
    const upgrade = await store.upgradeAchievementIndex((streamId, first) => achievementOfOpening(store, streamId, first));
    // Mapped: both disclosures, the contract, the register, two cases, the claim; not: the policy, the
    // patent-only case, the checkpoint stream.
    expect(upgrade).toEqual({ streams: 10, mappedEvents: 14, unmappedStreams: 3 });
    expect(await store.upgradeAchievementIndex(() => Promise.reject(new Error('runs once')))).toBeNull();
    expect(await store.achievementIndexComplete()).toBe(true);
    expect((await achievementTimeline(store, invested)).events.map((e) => e.eventId)).toEqual(scannedBefore);

    expect(await storedRows()).toEqual(before);
    const report = await verifyStore(store, {});
    expect(report).toMatchObject({ ok: true, firstBreak: null });
    expect(report.checkedCheckpoints).toBeGreaterThan(0);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['verify', '--database-url', url, '--auditor', 'zhao.audit'], {
      stdout: { write: (c: string) => out.push(c) },
      stderr: { isTTY: false, write: (c: string) => err.push(c) },
      env: {},
    });
    expect(err.join('')).toContain('intact');
    expect(code).toBe(0);
  });

  it('gives each achievement its complete timeline in commit order, through the index', async () => {
    const reads = jest.spyOn(store, 'readAll');
    const abandonedTimeline = await achievementTimeline(store, abandoned);
    expect(abandonedTimeline.streams).toEqual([streams.contract, streams.abandonedDisclosure].sort());
    expect(abandonedTimeline.events.map((e) => e.eventId)).toEqual(await idsOf(streams.abandonedDisclosure, streams.contract));
    expect(abandonedTimeline.events.map((e) => e.type)).toEqual([
      'DisclosureSubmitted',
      'DisclosureDecided',
      'AbandonmentContractOpened',
      'SignOffRoundOpened',
      'SignOffSigned',
    ]);

    const investedTimeline = await achievementTimeline(store, invested);
    const investedStreams = [streams.investedDisclosure, streams.register, streams.caseV1, streams.caseV2, streams.claim];
    expect(investedTimeline.streams).toEqual([...investedStreams].sort());
    expect(investedTimeline.events.map((e) => e.eventId)).toEqual(await idsOf(...investedStreams));
    expect(investedTimeline.verification.every((v) => v.ok)).toBe(true);
    expect(reads).not.toHaveBeenCalled(); // no scan of $all
    reads.mockRestore();

    // The CLI's export reads the same timeline.
    const out: string[] = [];
    const code = await runCli(
      ['export', '--achievement', invested, '--format', 'jsonl', '--database-url', url, '--auditor', 'zhao.audit'],
      {
        stdout: { write: (c: string) => out.push(c) },
        stderr: { isTTY: false, write: () => undefined },
        env: {},
      },
    );
    expect(code).toBe(0);
    const [header, ...lines] = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventId: string; verification: unknown });
    expect(header).toMatchObject({ subject: { achievementId: invested }, verification: { ok: true } });
    expect(lines.map((l) => l.eventId)).toEqual(investedTimeline.events.map((e) => e.eventId));
  });

  it('a store without an index (as EventStoreDB) finds the same timeline by resolving each stream once', async () => {
    const unindexed = Object.create(store, { readAchievement: { value: undefined } }) as EventStore;
    const scanned = await achievementTimeline(unindexed, invested);
    expect(scanned.events.map((e) => e.eventId)).toEqual((await achievementTimeline(store, invested)).events.map((e) => e.eventId));
  });

  it('a command on an upgraded stream names its achievement, resolved from the stored opening, and joins the timeline', async () => {
    type Note = { type: 'NoteRecorded'; note: string };
    const notes: Decider<Note, Note, null> = { initialState: null, decide: (c) => [c], evolve: () => null };
    const context = { commandId: newId(), actor: { userId: 'ma.tto', role: 'tto_officer' }, correlationId: newId() };
    await handleCommand(
      store,
      streams.caseV1,
      notes,
      { type: 'NoteRecorded', note: '升级后 after' },
      context,
      {},
      transferCaseCommands.achievement,
    );

    const [last] = await store.readStream(streams.caseV1, { direction: 'backwards', maxCount: 1 });
    expect(last.metadata.achievementId).toBe(invested);
    // The timeline reads in $all order, only below every older transaction of the cluster
    // (pg_snapshot_xmin): another test file's open transaction may hold the fresh event back a moment.
    const timeline = await untilVisible(
      () => achievementTimeline(store, invested),
      (t) => t.events.at(-1)?.eventId === last.eventId,
    );
    expect(timeline.events[timeline.events.length - 1].eventId).toBe(last.eventId);
    expect((await verifyStore(store, {})).ok).toBe(true);
  });
});
