import { achievementRegisterCommands } from '@chengguo/achievement-register';
import {
  ABANDONMENT_CONTRACT_SCHEMA_VERSIONS,
  AbandonmentContractEvent,
  abandonmentContractStreamId,
} from '@chengguo/abandonment-contract/domain';
import {
  ACHIEVEMENT_SCHEMA_VERSIONS,
  AchievementEvent,
  achievementDecider,
  AchievementState,
  achievementStreamId,
  mayBeTransformedByUnit,
  r5FilingRequired,
} from '@chengguo/achievement-register/domain';
import { registerFactReactions } from '@chengguo/achievement-register';
import { DISCLOSURE_SCHEMA_VERSIONS, DisclosureContent, DisclosureEvent, disclosureStreamId } from '@chengguo/disclosure/domain';
import { handleCommand, loadStream, newId, PostgresEventStore, RecordedEvent } from '@chengguo/eventstore';
import { toDomainEvent } from '@chengguo/kernel';
import { TRANSFER_CASE_SCHEMA_VERSIONS, TransferCaseEvent, transferCaseStreamId } from '@chengguo/transfer-publicity/domain';
import { ReactionHarness } from '../fixtures/reaction-harness';
import { untilVisible } from '../fixtures/until-visible';
import { createTestDatabase } from '../support/databases';

/**
 * The register's reactions against a real PostgreSQL event store: process events are appended as
 * their processes write them, every recorded event is handed to the reactions that subscribe to
 * its type, in commit order, as the dispatcher does — and then all of them a second time, as a
 * dispatcher restarted before its checkpoint moved would. The register streams must come out the
 * same after both passes.
 */
describe('achievement register reactions', () => {
  let store: PostgresEventStore;
  let harness: ReactionHarness;

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('register_reactions'), subscriptionPollMs: 20 });
    await store.migrate();
    harness = new ReactionHarness(store, registerFactReactions(store), { occurredAt: T, actor });
  });

  afterAll(async () => {
    await store?.close();
  });

  const T = '2026-05-01T02:00:00.000Z';
  const actor = { userId: 'someone', role: 'inventor' };

  const append = (streamId: string, versions: Record<string, number>, events: Array<{ type: string }>) =>
    harness.append(streamId, versions, events);
  const appendDisclosure = (id: string, events: DisclosureEvent[]) => append(disclosureStreamId(id), DISCLOSURE_SCHEMA_VERSIONS, events);
  const appendContract = (id: string, events: AbandonmentContractEvent[]) =>
    append(abandonmentContractStreamId(id), ABANDONMENT_CONTRACT_SCHEMA_VERSIONS, events);
  const appendCase = (id: string, events: TransferCaseEvent[]) => append(transferCaseStreamId(id), TRANSFER_CASE_SCHEMA_VERSIONS, events);

  /** What the dispatcher does: every committed event, in order, to each reaction subscribed to its type. */
  async function dispatchAll(): Promise<void> {
    // $all shows an event once no older transaction is open anywhere in the cluster (other test
    // files share it), so wait until everything appended here is visible, as the dispatcher would.
    const allVisible = (events: RecordedEvent[]) => {
      const ids = new Set(events.map((e) => e.eventId));
      return harness.eventIds.every((id) => ids.has(id));
    };
    const all = await untilVisible(() => store.readAll(), allVisible, 30_000);
    expect(allVisible(all)).toBe(true);
    for (const event of all) await harness.deliver(event);
  }

  async function register(achievementId: string): Promise<{ events: AchievementEvent[]; state: AchievementState }> {
    const loaded = await loadStream(store, achievementStreamId(achievementId), achievementDecider);
    return { events: loaded.events.map((e) => toDomainEvent<AchievementEvent>(e)), state: loaded.state };
  }

  const content = (c: Partial<DisclosureContent> = {}): DisclosureContent => ({
    title: '一种低温固态电池电解质',
    abstract: 'A solid electrolyte.',
    technicalField: 'materials',
    funding: { kind: 'enterprise' },
    conceptionDate: '2026-01-15',
    confidentiality: 'internal',
    involvesNationalSecurity: false,
    isKeyCoreTechnology: false,
    inventors: [
      { userId: 'li', name: '李雷', shareBasisPoints: 6_000 },
      { userId: 'han', name: '韩梅梅', shareBasisPoints: 4_000 },
    ],
    attachments: [],
    ...c,
  });
  const submitted = (id: string, c: DisclosureContent): DisclosureEvent => ({
    type: 'DisclosureSubmitted',
    disclosureId: id,
    content: c,
    submittedBy: 'li',
    submittedAt: T,
    supervisoryFilingRequired: c.isKeyCoreTechnology || c.involvesNationalSecurity || c.confidentiality === 'state_secret',
    policyVersion: 1,
    ruleKeys: ['R1'],
  });
  const assigned = (id: string): DisclosureEvent => ({
    type: 'EvaluatorAssigned',
    disclosureId: id,
    evaluator: { kind: 'tto_staff', userId: 'zhao' },
    assignedBy: 'wang',
    assignedAt: T,
    dueAt: T,
    policyVersion: 1,
    ruleKey: 'R2',
  });
  const decided = (id: string, decision: 'file' | 'do_not_file' | 'trade_secret'): DisclosureEvent => ({
    type: 'DisclosureDecided',
    disclosureId: id,
    decision,
    reasons: 'as evaluated',
    evaluationId: 'e-1',
    decidedBy: 'sun',
    decidedAt: T,
    ruleKeys: ['R2'],
  });
  const caseOpened = (caseId: string, disclosureId: string): TransferCaseEvent => ({
    type: 'TransferCaseOpened',
    caseId,
    achievementId: disclosureId,
    achievement: { kind: 'disclosure', id: disclosureId, name: '一种低温固态电池电解质' },
    mode: { kind: 'transfer' },
    pricingMethod: 'agreement',
    counterparty: { name: '西安某新材料有限公司' },
    proposedPriceFen: 50_000_000,
    classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: false },
    classificationSource: 'register',
    supervisoryFilingRequired: false,
    openedBy: 'wang',
    openedAt: T,
  });

  it('follows a "do not file" disclosure through its executed contract, records the inventors’ rights, and notes a case the unit may not open', async () => {
    const id = newId();
    await appendDisclosure(id, [submitted(id, content()), assigned(id), decided(id, 'do_not_file')]);
    const terms = {
      rightTransferred: 'patent_application_right' as const,
      inventors: [
        { userId: 'li', name: '李雷' },
        { userId: 'han', name: '韩梅梅' },
      ],
      unitName: '某大学',
      feeBearer: 'inventors' as const,
      unitShareBasisPoints: 2_000,
      deductibleCostKinds: [],
      termYears: 20,
      ruleKeys: ['R3'],
    };
    await appendContract(id, [
      {
        type: 'AbandonmentContractOpened',
        contractId: id,
        disclosureId: id,
        title: 't',
        decisionEventId: 'x',
        evaluationEventId: 'e-1',
        decidedBy: 'sun',
        terms,
        openedAt: T,
        policyVersion: 1,
      },
      {
        type: 'SignOffRoundOpened',
        signOffId: 'contract-signature',
        round: 1,
        subject: 's',
        termsHash: 'h',
        mode: { kind: 'parallel' },
        parties: [],
        deadline: T,
        reminderOffsetsMs: [],
        escalationRole: 'unit_leader',
        openedAt: T,
        ruleKeys: ['R3'],
      },
      { type: 'SignOffRoundClosed', signOffId: 'contract-signature', round: 1, outcome: 'signed', closedAt: T, closedBy: null },
      { type: 'PatentApplicationFiled', contractId: id, applicationNumber: 'CN202610000009.X', filedOn: '2026-05-20', recordedBy: 'li' },
      { type: 'PatentGranted', contractId: id, patentNumber: 'ZL202610000009.X', grantedOn: '2027-08-01', recordedBy: 'li' },
    ]);
    const caseId = newId();
    await appendCase(caseId, [caseOpened(caseId, id)]);

    await dispatchAll();
    const first = await register(id);
    expect(first.events.map((e) => e.type)).toEqual([
      'AchievementRegistered',
      'AchievementEvaluationStarted',
      'AchievementFilingDecided',
      'AchievementOwnerChanged',
      'PatentApplicationRecorded',
      'PatentGrantRecorded',
      'RegisterIrregularityNoted',
    ]);
    expect(first.state).toMatchObject({
      status: 'granted',
      owner: { kind: 'inventors', userIds: ['li', 'han'], contractId: id },
      inventors: content().inventors,
      rights: {
        applicationNumber: 'CN202610000009.X',
        filingDate: '2026-05-20',
        patentNumber: 'ZL202610000009.X',
        grantDate: '2027-08-01',
      },
      openCases: [],
      irregularities: [{ code: 'R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT' }],
    });
    // Every register event cites the process event it came from.
    const contractEvents = await store.readStream(abandonmentContractStreamId(id));
    const signed = contractEvents.find((e) => e.type === 'SignOffRoundClosed')!;
    expect(first.events[3]).toMatchObject({
      provenance: { kind: 'process_event', streamId: abandonmentContractStreamId(id), eventId: signed.eventId },
    });

    await dispatchAll();
    const second = await register(id);
    expect(second.events).toEqual(first.events);
  });

  it('opens and closes a transfer case on a filed key-core-technology achievement; the rights go to the transferee', async () => {
    const id = newId();
    await appendDisclosure(id, [submitted(id, content({ isKeyCoreTechnology: true })), assigned(id), decided(id, 'file')]);
    await dispatchAll();
    // The unit's own filing has no process yet: the TTO records it, with evidence.
    const filed = await handleCommand(
      store,
      achievementStreamId(id),
      achievementDecider,
      {
        type: 'RecordPatentApplication',
        patentKind: 'invention_patent',
        applicationNumber: 'CN202610000010.1',
        filingDate: '2026-05-10',
        now: T,
        from: {
          kind: 'tto',
          actor: { userId: 'wang', role: 'tto_officer' },
          evidence: { summary: 'filing receipt', documentSha256: ['b'.repeat(64)] },
        },
      },
      { commandId: newId(), actor: { userId: 'wang', role: 'tto_officer' }, correlationId: 'c' },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    expect(filed).toMatchObject({ written: true });
    const before = await register(id);
    expect(r5FilingRequired(before.state)).toBe(true);
    expect(mayBeTransformedByUnit(before.state)).toBeNull();

    const caseId = newId();
    await appendCase(caseId, [caseOpened(caseId, id)]);
    await dispatchAll();
    expect((await register(id)).state.openCases).toEqual([{ caseId, mode: 'transfer' }]);

    await appendCase(caseId, [
      { type: 'TransferExecuted', caseId, executedBy: 'wang', executedAt: T, contractRegistered: true, rewardEligible: true, flags: [] },
    ]);
    await dispatchAll();
    await dispatchAll();
    const after = await register(id);
    expect(after.events.slice(-3).map((e) => e.type)).toEqual([
      'TransformationCaseOpened',
      'TransformationCaseClosed',
      'AchievementOwnerChanged',
    ]);
    expect(after.state).toMatchObject({
      status: 'transferred',
      owner: { kind: 'transferee', name: '西安某新材料有限公司', caseId },
      openCases: [],
      links: { disclosureId: id, caseIds: [caseId] },
    });
    expect(mayBeTransformedByUnit(after.state)?.code).toBe('R3_ACHIEVEMENT_NOT_OWNED_BY_UNIT');
  });

  it('records a case on an achievement the TTO registered (not disclosed) as open, then transferred', async () => {
    const id = newId();
    const registered = await handleCommand(
      store,
      achievementStreamId(id),
      achievementDecider,
      {
        type: 'RegisterExistingAchievement',
        achievementId: id,
        kind: 'software_copyright',
        title: '雪域气象数据平台 V1.0',
        inventors: [{ userId: 'zhou', name: '周', shareBasisPoints: 10_000 }],
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology: false },
        rights: {},
        evidence: { summary: '登记证书', documentSha256: ['c'.repeat(64)] },
        actor: { userId: 'wang', role: 'tto_officer' },
        now: T,
      },
      { commandId: newId(), actor: { userId: 'wang', role: 'tto_officer' }, correlationId: 'c' },
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    expect(registered).toMatchObject({ written: true });
    const caseId = newId();
    await appendCase(caseId, [
      {
        ...caseOpened(caseId, id),
        achievementId: id,
        achievement: { kind: 'registered', id, name: '雪域气象数据平台 V1.0' },
      } as TransferCaseEvent,
    ]);
    await dispatchAll();
    expect((await register(id)).state.openCases).toEqual([expect.objectContaining({ caseId })]);

    await appendCase(caseId, [
      { type: 'TransferExecuted', caseId, executedBy: 'wang', executedAt: T, contractRegistered: true, rewardEligible: true, flags: [] },
    ]);
    await dispatchAll();
    await dispatchAll();
    const after = await register(id);
    expect(after.events.map((e) => e.type)).toEqual([
      'AchievementRegistered',
      'TransformationCaseOpened',
      'TransformationCaseClosed',
      'AchievementOwnerChanged',
    ]);
    expect(after.state).toMatchObject({ status: 'transferred', openCases: [] });
  });

  it('follows an amendment and a withdrawal; a case on an achievement never registered is noted, not lost', async () => {
    const id = newId();
    await appendDisclosure(id, [
      submitted(id, content()),
      {
        type: 'DisclosureAmended',
        disclosureId: id,
        content: content({ inventors: [{ userId: 'li', name: '李雷', shareBasisPoints: 10_000 }], confidentiality: 'state_secret' }),
        amendedBy: 'li',
        amendedAt: T,
        supervisoryFilingRequired: true,
        policyVersion: 1,
      },
      { type: 'DisclosureWithdrawn', disclosureId: id, withdrawnBy: 'li', reason: 'Not job-related after all', withdrawnAt: T },
    ]);
    const orphan = newId();
    const caseId = newId();
    await appendCase(caseId, [caseOpened(caseId, orphan)]);
    await dispatchAll();
    await dispatchAll();

    const withdrawn = await register(id);
    expect(withdrawn.events.map((e) => e.type)).toEqual(['AchievementRegistered', 'AchievementParticularsAmended', 'AchievementWithdrawn']);
    expect(withdrawn.state).toMatchObject({ status: 'withdrawn', inventors: [{ userId: 'li', shareBasisPoints: 10_000 }] });
    expect(r5FilingRequired(withdrawn.state)).toBe(true);

    const unregistered = await register(orphan);
    expect(unregistered.events).toEqual([
      expect.objectContaining({ type: 'RegisterIrregularityNoted', code: 'ACHIEVEMENT_NOT_REGISTERED' }),
    ]);
    expect(unregistered.state.status).toBe('unregistered');
  });
});
