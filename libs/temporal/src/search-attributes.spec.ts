import { RecordedEvent } from '@chengguo/eventstore';
import { achievementIdOfEvent, processOfWorkflowId, registeredSearchAttributes } from './search-attributes';

const event = (streamId: string, revision: number, data: unknown): RecordedEvent =>
  ({ streamId, revision, data, eventId: 'e', type: 'T', schemaVersion: 1, position: { commit: 1n, prepare: 1n }, metadata: {} }) as never;

describe('search attributes of a workflow start', () => {
  it('the process is the workflow id’s first part', () => {
    expect(processOfWorkflowId('sign-off:transfer-case-1:approval')).toBe('sign-off');
    expect(processOfWorkflowId('operations:idempotency-retention-q')).toBe('operations');
  });

  describe('the achievement of the event being dispatched', () => {
    const named = ['disclosure-', 'abandonment-contract-'];
    const store = (first: RecordedEvent | null) => ({ readStream: jest.fn(async () => (first ? [first] : [])) });

    it('is the one the event names (achievementId, else disclosureId)', async () => {
      const s = store(null);
      expect(await achievementIdOfEvent(event('transfer-case-9', 0, { achievementId: 'a-1' }), s, named)).toBe('a-1');
      expect(await achievementIdOfEvent(event('exemption-claim-9', 2, { disclosureId: 'd-1' }), s, named)).toBe('d-1');
      expect(s.readStream).not.toHaveBeenCalled();
    });

    it('is the stream’s own id for streams named by the achievement', async () => {
      expect(await achievementIdOfEvent(event('abandonment-contract-d-2', 5, {}), store(null), named)).toBe('d-2');
    });

    it('else the one the stream’s first event names (a case opened on an achievement)', async () => {
      const s = store(event('transfer-case-9', 0, { achievementId: 'a-3' }));
      expect(await achievementIdOfEvent(event('transfer-case-9', 4, { round: 1 }), s, named)).toBe('a-3');
      expect(s.readStream).toHaveBeenCalledWith('transfer-case-9', { fromRevision: 0, maxCount: 1 });
    });

    it('else none', async () => {
      expect(await achievementIdOfEvent(event('auditor-reads-2026-11-30', 0, {}), store(null), named)).toBeNull();
    });
  });

  describe('are set only once the namespace has them registered', () => {
    const server = (answers: Array<Record<string, number> | Error>) => {
      const listSearchAttributes = jest.fn(async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return { customAttributes: next };
      });
      return { operatorService: { listSearchAttributes } } as never as Parameters<typeof registeredSearchAttributes>[0] & {
        operatorService: { listSearchAttributes: jest.Mock };
      };
    };

    it('asks once when registered, and says what is missing otherwise, asking again later', async () => {
      const warnings: string[] = [];
      const registered = server([{ ChengguoProcess: 2 }, { ChengguoProcess: 2, ChengguoAchievementId: 2 }]);
      const check = registeredSearchAttributes(registered, 'unit', (why) => warnings.push(why), 0);
      expect(await check()).toBe(false);
      expect(warnings).toEqual(['search attributes ChengguoAchievementId are not registered on namespace unit']);
      expect(await check()).toBe(true);
      expect(await check()).toBe(true);
      expect(registered.operatorService.listSearchAttributes).toHaveBeenCalledTimes(2);
    });

    it('a server that cannot list them (the time-skipping test server) gets starts without them', async () => {
      const warnings: string[] = [];
      const check = registeredSearchAttributes(server([new Error('unimplemented')]), 'default', (why) => warnings.push(why));
      expect(await check()).toBe(false);
      expect(await check()).toBe(false); // remembered for a minute
      expect(warnings).toEqual(['the server cannot list search attributes (unimplemented)']);
    });
  });
});
