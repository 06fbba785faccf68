import { as } from '../support/tokens';
import { CommandContext, PostgresEventStore } from '@chengguo/eventstore';
import { handleSignOffCommand, SignOffCommand, SignOffParty } from '@chengguo/sign-off';
import { termsHash } from '@chengguo/kernel';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { createTestDatabase } from '../support/databases';

/**
 * The sign-off over HTTP: a round opened on a process stream (as the owning process would), then
 * signatures, delegation, escalation and refusals through the API, read back from the projector's
 * rows. Independent of the round's workflow: nothing here waits for a timer.
 */
describe('sign-off over HTTP', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let databaseUrl: string;
  let store: PostgresEventStore;

  const DAY = 24 * 60 * 60 * 1000;
  const SIGN_OFF = 'contract-signature';
  const terms = { title: 'Patent-abandonment contract', patent: 'CN2026100001', unitShareBasisPoints: 2000 };
  const hash = termsHash(terms);
  const staleHash = termsHash({ ...terms, unitShareBasisPoints: 1000 });

  const li = as('li.lei', 'inventor');
  const han = as('han.meimei', 'inventor');
  const zhou = as('zhou.legal', 'legal');
  const qian = as('qian.legal', 'legal');
  const wuFinance = as('wu.finance', 'finance');
  const stranger = as('zhao', 'inventor');
  const leader = as('sun.leader', 'unit_leader');

  const parties: SignOffParty[] = [
    { partyId: 'inventor:li', role: 'inventor', userId: 'li.lei' },
    { partyId: 'inventor:han', role: 'inventor', userId: 'han.meimei' },
    { partyId: 'legal:zhou', role: 'legal', userId: 'zhou.legal' },
    { partyId: 'finance', role: 'finance' },
  ];

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('signoff');
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      EVENT_STORE: 'postgres',
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `e2e-sign-off-${Date.now()}`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    api = await createApiApp();
    await api.init();
    worker = await createWorkerApp();
    await worker.init();
    store = new PostgresEventStore({ connectionString: databaseUrl });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await store?.close();
  });

  const http = () => request(api.getHttpServer());
  const system = (): CommandContext => ({
    commandId: randomUUID(),
    actor: { userId: 'system', role: 'system' },
    correlationId: randomUUID(),
  });

  /** What the owning process does: append through the sign-off decider, on its own stream. */
  async function decide(streamId: string, command: SignOffCommand): Promise<void> {
    const outcome = await handleSignOffCommand(store, streamId, command, system());
    if (!('eventIds' in outcome)) throw new Error(`${command.type} refused: ${outcome.code}`);
  }

  async function openRound(overrides: Partial<Extract<SignOffCommand, { type: 'OpenSignOffRound' }>> = {}): Promise<string> {
    const streamId = `test-contract-${randomUUID()}`;
    const now = new Date();
    await decide(streamId, {
      type: 'OpenSignOffRound',
      signOffId: SIGN_OFF,
      subject: 'Patent-abandonment contract (R3)',
      termsHash: hash,
      mode: { kind: 'parallel' },
      parties,
      deadline: new Date(now.getTime() + 30 * DAY).toISOString(),
      reminderOffsetsMs: [7 * DAY, DAY],
      escalationRole: 'unit_leader',
      ruleKeys: ['R3'],
      now: now.toISOString(),
      ...overrides,
    });
    return streamId;
  }

  async function countEvents(): Promise<number> {
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
      return Number(rows[0].n);
    } finally {
      await pg.end();
    }
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The read model once it satisfies `ready` (the projector runs in the worker, a moment later). */
  function signOffWhen(streamId: string, ready: (row: any) => boolean): Promise<any> {
    return eventually(async () => {
      const res = await http().get(`/sign-offs/${streamId}/${SIGN_OFF}`).set(li);
      return res.status === 200 && ready(res.body) ? res.body : undefined;
    });
  }

  async function pendingFor(actor: Record<string, string>, streamId: string, query = ''): Promise<any[]> {
    const res = await http().get(`/sign-offs/pending${query}`).set(actor).expect(200);
    return (res.body.items as any[]).filter((item) => item.streamId === streamId);
  }

  const party = (row: any, partyId: string) => row.parties.find((p: any) => p.partyId === partyId);
  const path = (streamId: string, tail: string) => `/sign-offs/${streamId}/${SIGN_OFF}/${tail}`;

  it('documents its endpoints in OpenAPI', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/sign-offs/pending',
        '/sign-offs/{streamId}/{signOffId}',
        '/sign-offs/{streamId}/{signOffId}/signatures',
        '/sign-offs/{streamId}/{signOffId}/rejections',
        '/sign-offs/{streamId}/{signOffId}/abstentions',
        '/sign-offs/{streamId}/{signOffId}/delegations',
        '/sign-offs/{streamId}/{signOffId}/extension',
        '/sign-offs/{streamId}/{signOffId}/closure',
      ]),
    );
    expect(body.paths['/sign-offs/{streamId}/{signOffId}/signatures'].post.tags).toEqual(['sign-offs']);
    expect(body.components.schemas.SignRequest.required).toEqual(['termsHash']);
  });

  describe('a parallel round signed by every party, one through a delegate', () => {
    let streamId: string;

    beforeAll(async () => {
      streamId = await openRound();
      await signOffWhen(streamId, (row) => row.status === 'open');
    });

    it('lists the round as pending for each party, by name or by role, and not for anyone else', async () => {
      const row = await signOffWhen(streamId, () => true);
      expect(row).toMatchObject({ streamId, signOffId: SIGN_OFF, round: 1, status: 'open', outcome: null, termsHash: hash, revision: 0 });
      expect((await pendingFor(li, streamId)).map((p) => p.partyId)).toEqual(['inventor:li']);
      expect((await pendingFor(han, streamId)).map((p) => p.partyId)).toEqual(['inventor:han']);
      expect((await pendingFor(zhou, streamId)).map((p) => p.partyId)).toEqual(['legal:zhou']);
      expect(await pendingFor(wuFinance, streamId)).toEqual([
        expect.objectContaining({ partyId: 'finance', role: 'finance', userId: null, delegateUserId: null, actionable: true, round: 1 }),
      ]);
      expect(await pendingFor(stranger, streamId)).toEqual([]);
      expect(await pendingFor(qian, streamId)).toEqual([]);
    });

    it('refuses a stale terms hash with 409 naming the current one, and appends nothing', async () => {
      const before = await countEvents();
      const res = await http().post(path(streamId, 'signatures')).set(han).send({ termsHash: staleHash }).expect(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, code: 'SIGN_OFF_STALE_TERMS', currentTermsHash: hash });
      expect(await countEvents()).toBe(before);
    });

    it('refuses someone who is not a party with 403', async () => {
      const before = await countEvents();
      const res = await http().post(path(streamId, 'signatures')).set(stranger).send({ termsHash: hash }).expect(403);
      expect(res.body).toMatchObject({ code: 'SIGN_OFF_NOT_A_PARTY' });
      expect(await countEvents()).toBe(before);
    });

    it('records a signature, and answers a repeat with 200 and no new event', async () => {
      const first = await http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash }).expect(200);
      expect(first.body).toMatchObject({ streamId, revision: 1 });
      expect(first.body.eventIds).toHaveLength(1);

      const before = await countEvents();
      const repeat = await http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash }).expect(200);
      expect(repeat.body).toEqual({ streamId, revision: 1, eventIds: [] });
      expect(await countEvents()).toBe(before);

      const row = await signOffWhen(streamId, (r) => party(r, 'inventor:li').decision === 'signed');
      expect(party(row, 'inventor:li')).toMatchObject({ decidedBy: 'li.lei', onBehalfOf: null });
      expect(await pendingFor(li, streamId)).toEqual([]);
    });

    it('answers a stale If-Match with 409 and appends nothing', async () => {
      const before = await countEvents();
      const res = await http().post(path(streamId, 'signatures')).set(han).set('If-Match', '"0"').send({ termsHash: hash }).expect(409);
      expect(res.body).toMatchObject({ code: 'STALE_REVISION', currentRevision: 1 });
      expect(await countEvents()).toBe(before);
    });

    it('lets a party delegate, revoke before use, and delegate again; the delegate sees it pending', async () => {
      await http().post(path(streamId, 'delegations')).set(zhou).send({ toUserId: 'wu.legal' }).expect(200);
      await http().delete(path(streamId, 'delegations')).set(zhou).expect(200);
      await http().post(path(streamId, 'delegations')).set(zhou).send({ toUserId: 'qian.legal', partyId: 'legal:zhou' }).expect(200);

      const row = await signOffWhen(streamId, (r) => party(r, 'legal:zhou').delegation?.toUserId === 'qian.legal');
      expect(party(row, 'legal:zhou').delegation).toEqual({ fromUserId: 'zhou.legal', toUserId: 'qian.legal', used: false });
      expect(await pendingFor(qian, streamId)).toEqual([
        expect.objectContaining({ partyId: 'legal:zhou', userId: 'zhou.legal', delegateUserId: 'qian.legal' }),
      ]);
      // The delegator still sees it: until the delegate acts, either may.
      expect((await pendingFor(zhou, streamId)).map((p) => p.partyId)).toEqual(['legal:zhou']);
    });

    it('the delegate signs on behalf of the party; the used delegation can no longer be revoked', async () => {
      await http().post(path(streamId, 'signatures')).set(qian).send({ termsHash: hash }).expect(200);
      const row = await signOffWhen(streamId, (r) => party(r, 'legal:zhou').decision === 'signed');
      expect(party(row, 'legal:zhou')).toMatchObject({
        decidedBy: 'qian.legal',
        onBehalfOf: 'zhou.legal',
        delegation: { fromUserId: 'zhou.legal', toUserId: 'qian.legal', used: true },
      });

      const before = await countEvents();
      const res = await http().delete(path(streamId, 'delegations')).set(zhou).expect(409);
      expect(res.body).toMatchObject({ code: 'SIGN_OFF_DELEGATION_USED' });
      expect(await countEvents()).toBe(before);
    });

    it('closes as signed with the last signature, and leaves nothing pending', async () => {
      await http().post(path(streamId, 'signatures')).set(han).send({ termsHash: hash }).expect(200);
      const last = await http().post(path(streamId, 'signatures')).set(wuFinance).send({ termsHash: hash }).expect(200);
      expect(last.body.eventIds).toHaveLength(2); // the signature and the round's closure

      const row = await signOffWhen(streamId, (r) => r.status === 'closed');
      expect(row).toMatchObject({ status: 'closed', outcome: 'signed', revision: last.body.revision });
      expect(row.parties.map((p: any) => [p.partyId, p.decision, p.decidedBy])).toEqual([
        ['inventor:li', 'signed', 'li.lei'],
        ['inventor:han', 'signed', 'han.meimei'],
        ['legal:zhou', 'signed', 'qian.legal'],
        ['finance', 'signed', 'wu.finance'],
      ]);
      expect(typeof row.closedAt).toBe('string');
      for (const actor of [li, han, zhou, qian, wuFinance]) expect(await pendingFor(actor, streamId, '?actionableOnly=false')).toEqual([]);
    });
  });

  describe('a sequence round', () => {
    it('is actionable only for the party whose turn it is', async () => {
      const streamId = await openRound({ mode: { kind: 'sequence' } });
      await signOffWhen(streamId, () => true);
      expect(await pendingFor(han, streamId)).toEqual([]);
      expect(await pendingFor(han, streamId, '?actionableOnly=false')).toEqual([
        expect.objectContaining({ partyId: 'inventor:han', actionable: false }),
      ]);

      const res = await http().post(path(streamId, 'signatures')).set(han).send({ termsHash: hash }).expect(409);
      expect(res.body).toMatchObject({ code: 'SIGN_OFF_OUT_OF_SEQUENCE', waitingFor: 'inventor:li' });

      await http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash }).expect(200);
      await eventually(async () => ((await pendingFor(han, streamId)).length === 1 ? true : undefined));
    });
  });

  describe('a round whose owning process named conflicted users (R4, R13)', () => {
    it('lets an inventor sign their own side, refuses them the finance party and a delegation, and appends nothing for it', async () => {
      const streamId = await openRound({ conflictedUserIds: ['li.lei', 'han.meimei'] });
      await signOffWhen(streamId, () => true);
      const liAsFinance = as('li.lei', 'finance');
      const before = await countEvents();
      const signed = await http().post(path(streamId, 'signatures')).set(liAsFinance).send({ termsHash: hash }).expect(403);
      expect(signed.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'li.lei', partyId: 'finance' });
      const rejected = await http().post(path(streamId, 'rejections')).set(liAsFinance).send({ reason: '价格过低' }).expect(403);
      expect(rejected.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', partyId: 'finance' });
      const delegated = await http().post(path(streamId, 'delegations')).set(zhou).send({ toUserId: 'han.meimei' }).expect(403);
      expect(delegated.body).toMatchObject({ code: 'R4_CONFLICT_OF_INTEREST', conflictedUserId: 'han.meimei', partyId: 'legal:zhou' });
      expect(await countEvents()).toBe(before);

      await http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash }).expect(200);
      await http().post(path(streamId, 'signatures')).set(wuFinance).send({ termsHash: hash }).expect(200);
    });
  });

  describe('an expired round and its escalation role', () => {
    it('is extended once and, expired again, closed as expired', async () => {
      const opened = new Date();
      const deadline = new Date(opened.getTime() + DAY).toISOString();
      const streamId = await openRound({ deadline, reminderOffsetsMs: [], now: opened.toISOString() });
      // What the round's workflow records when its timer fires; the decider takes the instant given.
      await decide(streamId, { type: 'RecordRoundExpiry', signOffId: SIGN_OFF, round: 1, now: deadline });

      const expired = await signOffWhen(streamId, (r) => r.status === 'expired');
      expect(expired.escalations).toEqual([expect.objectContaining({ kind: 'round_expired', escalatedToRole: 'unit_leader' })]);
      expect(await pendingFor(li, streamId)).toEqual([]);
      expect(await pendingFor(li, streamId, '?actionableOnly=false')).toEqual([expect.objectContaining({ actionable: false })]);

      const refused = await http().post(path(streamId, 'extension')).set(li).send({ newDeadline: '2099-01-01T00:00:00Z' }).expect(403);
      expect(refused.body).toMatchObject({ code: 'SIGN_OFF_NOT_ESCALATION_ROLE' });

      const newDeadline = new Date(opened.getTime() + 10 * DAY);
      const offset = `${newDeadline.toISOString().slice(0, 19)}+00:00`; // any offset is accepted and stored in UTC
      await http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: offset }).expect(200);
      const reopened = await signOffWhen(streamId, (r) => r.status === 'open');
      expect(reopened).toMatchObject({ extended: true, deadline: `${offset.slice(0, 19)}.000Z` });
      expect(reopened.extension).toMatchObject({ previousDeadline: deadline, extendedBy: 'sun.leader' });
      expect((await pendingFor(li, streamId)).map((p) => p.actionable)).toEqual([true]);

      await decide(streamId, { type: 'RecordRoundExpiry', signOffId: SIGN_OFF, round: 1, now: reopened.deadline });
      await signOffWhen(streamId, (r) => r.status === 'expired');
      const again = await http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: '2099-01-01T00:00:00Z' }).expect(409);
      expect(again.body).toMatchObject({ code: 'SIGN_OFF_ALREADY_EXTENDED' });

      await http().post(path(streamId, 'closure')).set(leader).expect(200);
      const closed = await signOffWhen(streamId, (r) => r.status === 'closed');
      expect(closed).toMatchObject({ outcome: 'expired', closedBy: 'sun.leader' });
      expect(await pendingFor(li, streamId, '?actionableOnly=false')).toEqual([]);
    });
  });

  describe('bad input gets problem+json and appends nothing', () => {
    let streamId: string;

    beforeAll(async () => {
      streamId = await openRound();
    });

    const cases: Array<[string, () => request.Test, number, string]> = [
      [
        'an unknown field',
        () => http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash, note: 'x' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a terms hash of the wrong type',
        () => http().post(path(streamId, 'signatures')).set(li).send({ termsHash: 42 }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a terms hash that is not SHA-256 hex',
        () => http().post(path(streamId, 'signatures')).set(li).send({ termsHash: 'ABC' }),
        422,
        'VALIDATION_FAILED',
      ],
      ['a missing terms hash', () => http().post(path(streamId, 'signatures')).set(li).send({}), 422, 'VALIDATION_FAILED'],
      [
        'a party id of the wrong type',
        () => http().post(path(streamId, 'signatures')).set(li).send({ termsHash: hash, partyId: 7 }),
        422,
        'VALIDATION_FAILED',
      ],
      ['a rejection without a reason', () => http().post(path(streamId, 'rejections')).set(li).send({}), 422, 'VALIDATION_FAILED'],
      [
        'a blank rejection reason (rule of the round)',
        () => http().post(path(streamId, 'rejections')).set(li).send({ reason: '  ' }),
        422,
        'SIGN_OFF_REASON_REQUIRED',
      ],
      [
        'a delegate id with spaces',
        () => http().post(path(streamId, 'delegations')).set(zhou).send({ toUserId: 'qian legal' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'an abstention with an unknown field',
        () => http().post(path(streamId, 'abstentions')).set(li).send({ why: 'x' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'an abstention outside a quorum round',
        () => http().post(path(streamId, 'abstentions')).set(li).send({}),
        422,
        'SIGN_OFF_ABSTAIN_NOT_ALLOWED',
      ],
      [
        'a deadline that is not a date',
        () => http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: 'next tuesday' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a deadline on 30 February',
        () => http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: '2099-02-30T00:00:00Z' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a deadline without an offset',
        () => http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: '2099-01-01T00:00:00' }),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'an extension of a round that has not expired',
        () => http().post(path(streamId, 'extension')).set(leader).send({ newDeadline: '2099-01-01T00:00:00Z' }),
        409,
        'SIGN_OFF_NOT_EXPIRED',
      ],
      ['a closure of a round that has not expired', () => http().post(path(streamId, 'closure')).set(leader), 409, 'SIGN_OFF_NOT_EXPIRED'],
      [
        'a revocation naming two parties',
        () =>
          http()
            .delete(`${path(streamId, 'delegations')}?partyId=a&partyId=b`)
            .set(zhou),
        422,
        'VALIDATION_FAILED',
      ],
      [
        'a malformed If-Match',
        () => http().post(path(streamId, 'signatures')).set(li).set('If-Match', 'yesterday').send({ termsHash: hash }),
        422,
        'IF_MATCH_INVALID',
      ],
      [
        'malformed JSON',
        () => http().post(path(streamId, 'signatures')).set(li).set('Content-Type', 'application/json').send('{"termsHash": '),
        400,
        'MALFORMED_JSON',
      ],
      ['no actor', () => http().post(path(streamId, 'signatures')).send({ termsHash: hash }), 401, 'UNAUTHENTICATED'],
      [
        'a malformed stream id',
        () => http().post(`/sign-offs/1nvalid/${SIGN_OFF}/signatures`).set(li).send({ termsHash: hash }),
        422,
        'STREAM_ID_INVALID',
      ],
      [
        'a malformed sign-off id',
        () => http().post(`/sign-offs/${streamId}/sign_off/signatures`).set(li).send({ termsHash: hash }),
        422,
        'SIGN_OFF_ID_INVALID',
      ],
      [
        'an unknown sign-off',
        () => http().post(`/sign-offs/${streamId}/no-such-sign-off/signatures`).set(li).send({ termsHash: hash }),
        404,
        'SIGN_OFF_NOT_FOUND',
      ],
      [
        'reading an unknown sign-off',
        () => http().get(`/sign-offs/test-contract-${randomUUID()}/${SIGN_OFF}`).set(li),
        404,
        'SIGN_OFF_NOT_FOUND',
      ],
      [
        'an actionableOnly that is not a boolean',
        () => http().get('/sign-offs/pending?actionableOnly=maybe').set(li),
        422,
        'VALIDATION_FAILED',
      ],
    ];

    it.each(cases)('%s', async (_, send, status, code) => {
      const before = await countEvents();
      const res = await send().expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
      expect(typeof res.body.type).toBe('string');
      expect(typeof res.body.title).toBe('string');
      expect(await countEvents()).toBe(before);
    });
  });
});
