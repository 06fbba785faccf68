// The list of processes registers their audit folds and upcasters.
import '@chengguo/processes';
import { stateAsOf } from '@chengguo/audit';
import { PostgresEventStore, newId } from '@chengguo/eventstore';
import { Projector, createReadModelDataSource, migrateReadModels } from '@chengguo/read-models';
import { SignOffRoundRow, handleSignOffCommand, signOffProjection, signOffReadModels } from '@chengguo/sign-off';
import { termsHash } from '@chengguo/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/databases';

/**
 * As-of replay against what the live read model showed: the real projector runs beside the
 * writer; after each command the test notes the instant and the projected row, then asks the
 * replay for the state at each noted instant.
 */
describe('as-of replay equals the live projection at that moment', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let projector: Projector;

  beforeAll(async () => {
    const url = await createTestDatabase('audit_asof');
    store = new PostgresEventStore({ connectionString: url, subscriptionPollMs: 20 });
    await store.migrate();
    dataSource = createReadModelDataSource(url, [signOffReadModels]);
    await dataSource.initialize();
    await migrateReadModels(dataSource);
    projector = new Projector(store, dataSource, [signOffProjection]);
    await projector.start();
  });

  afterAll(async () => {
    await projector?.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  async function projectedAt(streamId: string, revision: number): Promise<SignOffRoundRow> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const row = await dataSource.getRepository(SignOffRoundRow).findOneBy({ streamId, signOffId: 'contract-signature' });
      if (row && Number(row.revision) >= revision) return row;
      if (Date.now() > deadline) throw new Error(`projection did not reach revision ${revision}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('gives, for every moment the read model was observed, the same round, parties and revision', async () => {
    const streamId = `contract-${newId()}`;
    const terms = { 合同: '专利申请权转让', 发明人分成: '70%' };
    const ctx = (userId: string, role: string) => ({ commandId: newId(), actor: { userId, role }, correlationId: `corr-${streamId}` });
    const now = () => new Date().toISOString();
    const observations: Array<{ at: string; row: SignOffRoundRow }> = [];
    const observe = async (revision: number) => {
      const row = await projectedAt(streamId, revision);
      await new Promise((r) => setTimeout(r, 5)); // the instant lies strictly after the commit
      observations.push({ at: new Date().toISOString(), row: JSON.parse(JSON.stringify(row)) });
      await new Promise((r) => setTimeout(r, 5));
    };

    const steps: Array<[string, string, Parameters<typeof handleSignOffCommand>[2]]> = [
      [
        'wang.tto',
        'tto_officer',
        {
          type: 'OpenSignOffRound',
          signOffId: 'contract-signature',
          subject: '放弃专利申请合同',
          termsHash: termsHash(terms),
          mode: { kind: 'parallel' },
          parties: [
            { partyId: 'inventor', role: 'inventor', userId: 'li.lei' },
            { partyId: 'legal', role: 'legal' },
            { partyId: 'unit', role: 'unit_leader' },
          ],
          deadline: new Date(Date.now() + 86_400_000).toISOString(),
          reminderOffsetsMs: [],
          escalationRole: 'unit_leader',
          ruleKeys: ['R3', 'R4'],
          now: now(),
        },
      ],
      [
        'li.lei',
        'inventor',
        {
          type: 'Sign',
          signOffId: 'contract-signature',
          termsHash: termsHash(terms),
          actor: { userId: 'li.lei', role: 'inventor' },
          now: now(),
        },
      ],
      [
        'zhou.legal',
        'legal',
        {
          type: 'Sign',
          signOffId: 'contract-signature',
          termsHash: termsHash(terms),
          actor: { userId: 'zhou.legal', role: 'legal' },
          now: now(),
        },
      ],
      [
        'chen.leader',
        'unit_leader',
        {
          type: 'Sign',
          signOffId: 'contract-signature',
          termsHash: termsHash(terms),
          actor: { userId: 'chen.leader', role: 'unit_leader' },
          now: now(),
        },
      ],
    ];
    for (const [userId, role, command] of steps) {
      const outcome = await handleSignOffCommand(store, streamId, command, ctx(userId, role));
      if (!('revision' in outcome)) throw new Error(`command refused: ${outcome.code}`);
      await observe(outcome.revision);
    }
    expect(observations.map((o) => o.row.status)).toEqual(['open', 'open', 'open', 'closed']);

    for (const { at, row } of observations) {
      const replayed = await stateAsOf(store, streamId, { asOf: at });
      const round = (
        replayed.signOffs as Record<
          string,
          {
            status: string;
            outcome: string | null;
            round: number;
            termsHash: string;
            parties: Array<{ party: { partyId: string }; decision: string }>;
          }
        >
      )['contract-signature'];
      expect(replayed.revision).toBe(Number(row.revision));
      expect({
        status: round.status,
        outcome: round.outcome,
        round: round.round,
        termsHash: round.termsHash,
        decisions: round.parties.map((p) => [p.party.partyId, p.decision]),
      }).toEqual({
        status: row.status,
        outcome: row.outcome,
        round: row.round,
        termsHash: row.termsHash,
        decisions: row.parties.map((p) => [p.partyId, p.decision]),
      });
    }
    // before the first event the stream did not exist
    const before = await stateAsOf(store, streamId, { asOf: '2000-01-01T00:00:00.000Z' });
    expect(before).toMatchObject({ revision: -1, eventCount: 0, signOffs: {} });
    // by revision gives the same as by instant
    expect((await stateAsOf(store, streamId, { revision: 1 })).signOffs).toEqual(
      (await stateAsOf(store, streamId, { asOf: observations[1].at })).signOffs,
    );
  });
});
