import { achievementRegisterCommands } from '@chengguo/achievement-register';
import { ACHIEVEMENT_SCHEMA_VERSIONS, achievementDecider, achievementStreamId } from '@chengguo/achievement-register/domain';
import {
  CommandContext,
  handleCommand,
  newId,
  PostgresEventStore,
  runProcessCommand,
  WrongExpectedRevisionError,
} from '@chengguo/eventstore';
import { isRuleViolation } from '@chengguo/kernel';
import { achievementRegisteredInStore } from '../../../../test/fixtures/http-flows';
import { createTestDatabase } from '../../../../test/support/databases';
import { transferCaseStreamId } from '../domain/transfer-case.events';
import { transferCaseCommands, TransferCaseCommandInput } from './transfer-publicity.commands';

const tto = { userId: 'wang.tto', role: 'tto_officer' };
const context = (): CommandContext => ({ commandId: newId(), actor: tto, correlationId: newId() });

/**
 * The transfer case's command path reads the register as a second stream (R3, R5, R12): the
 * register's revision it decided on is expected on append, so a register change in between
 * refuses the opening instead of deciding on stale facts.
 */
describe('opening a transfer case on the register, through the one command path', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = new PostgresEventStore({ connectionString: await createTestDatabase('transfer_commands') });
    await store.migrate();
  });

  afterAll(() => store.close());

  const opening = (achievementId: string, caseId: string): TransferCaseCommandInput => ({
    type: 'OpenTransferCase',
    caseId,
    achievementId,
    mode: { kind: 'transfer' },
    pricingMethod: 'agreement',
    counterparty: { name: '拉萨储能科技有限公司' },
    proposedPriceFen: 50_000_000,
    openedBy: tto.userId,
  });

  /** The TTO raises the R5 classification: a key core technology (its own register command, with evidence). */
  const reclassify = async (achievementId: string, keyCoreTechnology = true) => {
    const outcome = await handleCommand(
      store,
      achievementStreamId(achievementId),
      achievementDecider,
      {
        type: 'Reclassify',
        classification: { confidentiality: 'internal', nationalSecurity: false, keyCoreTechnology },
        reason: '列入关键核心技术目录 / listed as key core technology',
        evidence: { summary: '主管部门通知', documentSha256: ['1'.repeat(64)] },
        actor: tto,
        now: new Date().toISOString(),
      },
      context(),
      ACHIEVEMENT_SCHEMA_VERSIONS,
      achievementRegisterCommands.achievement,
    );
    if (isRuleViolation(outcome)) throw new Error(outcome.code);
  };

  it('decides on the register as it stands, and appends expecting its revision', async () => {
    const achievementId = await achievementRegisteredInStore(store, { classification: { keyCoreTechnology: true } });
    const caseId = newId();
    const append = jest.spyOn(store, 'append');
    const outcome = await runProcessCommand(store, transferCaseCommands, caseId, opening(achievementId, caseId), context());
    expect(isRuleViolation(outcome)).toBe(false);
    expect(append).toHaveBeenLastCalledWith(transferCaseStreamId(caseId), expect.any(Array), 'no_stream', {
      alsoExpect: [{ streamId: achievementStreamId(achievementId), revision: 0 }],
    });
    append.mockRestore();
    const [opened] = await store.readStream(transferCaseStreamId(caseId));
    expect(opened.data).toMatchObject({ achievementId, supervisoryFilingRequired: true, classificationSource: 'register' });
  });

  it('decides the opening again when the register changes between its read and the append, on the register as it is then', async () => {
    const achievementId = await achievementRegisteredInStore(store);
    const caseId = newId();
    // The real prepare reads the register (unclassified); the TTO reclassifies it before the first append.
    let prepared = 0;
    const racingOnce = {
      ...transferCaseCommands,
      prepare: async (...args: Parameters<typeof transferCaseCommands.prepare>) => {
        const command = await transferCaseCommands.prepare(...args);
        if (prepared++ === 0) await reclassify(achievementId);
        return command;
      },
    };
    expect(isRuleViolation(await runProcessCommand(store, racingOnce, caseId, opening(achievementId, caseId), context()))).toBe(false);
    expect(prepared).toBe(2);
    // Decided on the register as it was at the append: the case needs the supervisory filing (R5).
    const [opened] = await store.readStream(transferCaseStreamId(caseId));
    expect(opened.data).toMatchObject({
      classification: { stateSecret: false, nationalSecurity: false, keyCoreTechnology: true },
      supervisoryFilingRequired: true,
    });
  });

  it('gives up with a conflict naming the register when it keeps changing under the command; nothing is appended', async () => {
    const achievementId = await achievementRegisteredInStore(store);
    const caseId = newId();
    let prepared = 0;
    const racingAlways = {
      ...transferCaseCommands,
      prepare: async (...args: Parameters<typeof transferCaseCommands.prepare>) => {
        const command = await transferCaseCommands.prepare(...args);
        await reclassify(achievementId, prepared++ % 2 === 0);
        return command;
      },
    };
    const refused = await runProcessCommand(store, racingAlways, caseId, opening(achievementId, caseId), context()).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
    expect(refused).toMatchObject({ streamId: achievementStreamId(achievementId) });
    expect(prepared).toBe(3);
    expect(await store.readStream(transferCaseStreamId(caseId))).toEqual([]);
  });

  it('opens the approval round on the register as it stands: its inventors are conflicted, and a register change before the append makes it decide again', async () => {
    const achievementId = await achievementRegisteredInStore(store);
    const caseId = newId();
    const listed = { ...opening(achievementId, caseId), pricingMethod: 'listing', counterparty: null } as TransferCaseCommandInput;
    expect(isRuleViolation(await runProcessCommand(store, transferCaseCommands, caseId, listed, context()))).toBe(false);
    const deal: TransferCaseCommandInput = {
      type: 'RecordMarketResult',
      caseId,
      method: 'listing',
      exchange: '西藏技术产权交易所',
      listingNumber: 'XZ-LI-2026-0031',
      result: 'deal',
      finalPriceFen: 52_000_000,
      counterparty: { name: '拉萨储能科技有限公司' },
      concludedOn: '2026-04-10',
      recordedBy: tto.userId,
    };
    // The real prepare reads the register; the TTO reclassifies it before the first append.
    let prepared = 0;
    const racingOnce = {
      ...transferCaseCommands,
      prepare: async (...args: Parameters<typeof transferCaseCommands.prepare>) => {
        const command = await transferCaseCommands.prepare(...args);
        if (prepared++ === 0) await reclassify(achievementId);
        return command;
      },
    };
    const append = jest.spyOn(store, 'append');
    expect(isRuleViolation(await runProcessCommand(store, racingOnce, caseId, deal, context()))).toBe(false);
    expect(prepared).toBe(2);
    // The append that landed expected the register at its new revision.
    expect(append).toHaveBeenLastCalledWith(transferCaseStreamId(caseId), expect.any(Array), 0, {
      alsoExpect: [{ streamId: achievementStreamId(achievementId), revision: 1 }],
    });
    append.mockRestore();
    const round = (await store.readStream(transferCaseStreamId(caseId))).find((e) => e.type === 'SignOffRoundOpened');
    // The registered inventor and the officer who opened the case (R4, R13).
    expect(round?.data).toMatchObject({ conflictedUserIds: ['li.lei', tto.userId] });
  });
});
