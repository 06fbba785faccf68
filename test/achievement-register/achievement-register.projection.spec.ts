import { achievementRegisterCommands } from '@chengguo/achievement-register';
import {
  AchievementRegisterRow,
  achievementRegisterProjection,
  achievementRegisterReadModels,
  ACHIEVEMENT_SCHEMA_VERSIONS,
  AchievementCommand,
  achievementDecider,
  achievementStreamId,
  ProcessEventSource,
} from '@chengguo/achievement-register';
import { handleCommand, newId, PostgresEventStore, RecordedEvent } from '@chengguo/eventstore';
import { applyPage, createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/databases';

/** Given register events (as the store records them) / then ledger rows. */
describe('achievement register projection (the ledger, R12)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('register_ledger');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, [achievementRegisterReadModels]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const T = '2026-06-01T02:00:00.000Z';
  const tto = { userId: 'wang', role: 'tto_officer' };
  const evidence = { summary: 'receipt', documentSha256: ['c'.repeat(64)] };
  const src = (type: string, streamId: string): ProcessEventSource => ({
    kind: 'process_event',
    streamId,
    eventId: newId(),
    eventType: type,
  });

  async function run(achievementId: string, command: AchievementCommand): Promise<void> {
    const outcome = await handleCommand(
      store,
      achievementStreamId(achievementId),
      achievementDecider,
      command,
      { commandId: newId(), actor: tto, correlationId: 'ledger-spec', occurredAt: T },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    if ('code' in outcome) throw new Error(`refused: ${outcome.code}`);
    written.push(...outcome.eventIds);
  }
  const written: string[] = [];

  const rows = () => dataSource.getRepository(AchievementRegisterRow).find({ order: { achievementId: 'ASC' } });
  const project = (events: RecordedEvent[]) =>
    dataSource.transaction((manager) => applyPage(achievementRegisterProjection, events, manager));
  /** The register's events in $all, once every one written here is visible there (other test files share the cluster). */
  const registerEvents = async () => {
    for (let tries = 0; ; tries++) {
      const all = await store.readAll();
      const ids = new Set(all.map((e) => e.eventId));
      if (written.every((id) => ids.has(id)) || tries >= 600)
        return all.filter((e) => achievementRegisterProjection.eventTypes.includes(e.type));
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('keeps one row per achievement with owner, classification, status, rights and open cases; a replayed page changes nothing', async () => {
    const id = `a-${newId()}`;
    const disclosure = `disclosure-${id}`;
    await run(id, {
      type: 'RegisterDisclosedAchievement',
      disclosureId: id,
      title: '一种低温固态电池电解质',
      inventors: [
        { userId: 'li', name: '李雷', shareBasisPoints: 7_000 },
        { userId: 'han', name: '韩梅梅', shareBasisPoints: 3_000 },
      ],
      classification: { confidentiality: 'commercial_secret', nationalSecurity: false, keyCoreTechnology: false },
      submittedBy: 'li',
      submittedAt: T,
      source: src('DisclosureSubmitted', disclosure),
    });
    await run(id, { type: 'RecordEvaluationStarted', startedAt: T, source: src('EvaluatorAssigned', disclosure) });
    await run(id, {
      type: 'RecordFilingDecision',
      decision: 'file',
      decidedBy: 'sun',
      decidedAt: T,
      source: src('DisclosureDecided', disclosure),
    });
    await run(id, {
      type: 'RecordPatentApplication',
      patentKind: 'utility_model',
      applicationNumber: 'CN202620000001.5',
      filingDate: '2026-06-02',
      now: T,
      from: { kind: 'tto', actor: tto, evidence },
    });
    await run(id, {
      type: 'Reclassify',
      classification: { confidentiality: 'commercial_secret', nationalSecurity: false, keyCoreTechnology: true },
      reason: 'Listed as key core technology',
      evidence,
      actor: tto,
      now: T,
    });
    await run(id, {
      type: 'RecordTransformationCaseOpened',
      caseId: 'c-9',
      mode: 'license',
      openedBy: 'wang',
      openedAt: T,
      source: src('TransferCaseOpened', 'transfer-case-c-9'),
    });
    const orphan = `a-${newId()}`;
    await run(orphan, {
      type: 'NoteIrregularity',
      achievementId: orphan,
      code: 'ACHIEVEMENT_NOT_REGISTERED',
      detail: 'No such achievement in the register (R12).',
      notedAt: T,
      source: src('TransferCaseOpened', 'transfer-case-c-8'),
    });

    const events = await registerEvents();
    expect(events).toHaveLength(7);
    await project(events);
    const ledger = await rows();
    const row = ledger.find((r) => r.achievementId === id)!;
    expect(row).toMatchObject({
      kind: 'utility_model',
      title: '一种低温固态电池电解质',
      status: 'filed',
      owner: { kind: 'unit' },
      ownerKind: 'unit',
      inventorIds: ['li', 'han'],
      confidentiality: 'commercial_secret',
      r5FilingRequired: true,
      filingDecision: 'file',
      applicationNumber: 'CN202620000001.5',
      patentNumber: null,
      rights: { filingDate: '2026-06-02', patentKind: 'utility_model' },
      openCaseIds: ['c-9'],
      disclosureId: id,
      irregularityCount: 0,
      revision: '5',
    });
    expect(row.registeredAt?.toISOString()).toBe(T);
    expect(ledger.find((r) => r.achievementId === orphan)).toMatchObject({
      status: 'unregistered',
      title: '',
      irregularityCount: 1,
      registeredAt: null,
    });

    await project(events);
    expect(await rows()).toEqual(ledger);
  });

  it('rebuilds the same ledger event by event as in one page', async () => {
    const before = await rows();
    await dataSource.transaction((manager) => achievementRegisterProjection.reset(manager));
    expect(await rows()).toEqual([]);
    for (const event of await registerEvents()) await project([event]);
    expect(await rows()).toEqual(before);
  });
});
