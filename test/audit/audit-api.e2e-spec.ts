import { as, devToken } from '../support/tokens';
import { AUDIT_FOLD_VERSION } from '@chengguo/audit';
import { GENESIS_HASH, PostgresEventStore, newId } from '@chengguo/eventstore';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { chromium, BrowserContext } from 'playwright-core';
import { cspViolations, injectInlineScript, recordCspViolations } from '../support/csp';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase } from '../support/databases';

/**
 * The auditors' HTTP surface and the timeline page, on the real API composition and PostgreSQL;
 * the page is driven in Debian's headless Chromium.
 */
describe('auditor replay over HTTP and in the browser', () => {
  let api: INestApplication;
  let store: PostgresEventStore;
  let databaseUrl: string;
  let baseUrl: string;
  const auditor = as('zhao.audit', 'auditor');
  const lead = as('qian.lead', 'auditor');
  const disclosureId = newId();
  const disclosureStream = `disclosure-${disclosureId}`;
  const contractStream = `abandonment-contract-${disclosureId}`;
  const correlationId = `corr-${disclosureId}`;
  const submitted = {
    disclosureId,
    content: {
      title: '一种低温固态电池电解质',
      abstract: '零下二十度仍可导电的固态电解质。',
      technicalField: 'materials',
      funding: { kind: 'self_funded' },
      conceptionDate: '2026-01-10',
      confidentiality: 'internal',
      involvesNationalSecurity: false,
      isKeyCoreTechnology: false,
      inventors: [{ userId: 'li.lei', name: '李雷', shareBasisPoints: 10000 }],
      attachments: [],
    },
    submittedBy: 'li.lei',
    submittedAt: new Date().toISOString(),
    supervisoryFilingRequired: false,
    policyVersion: 1,
    ruleKeys: ['R1'],
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('audit_api');
    Object.assign(process.env, {
      DATABASE_URL: databaseUrl,
      EVENT_STORE: 'postgres',
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: `audit-${Date.now()}`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      AUDIT_LEAD_IDS: 'qian.lead',
    });
    api = await createApiApp();
    await api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    store = new PostgresEventStore({ connectionString: databaseUrl });
    // As the command path writes them: each event names its achievement (the disclosure id).
    const meta = (userId: string, role: string, causationId: string | null = null, correlation = correlationId) => ({
      occurredAt: new Date().toISOString(),
      actor: { userId, role },
      correlationId: correlation,
      causationId,
      achievementId: disclosureId,
    });
    // A disclosure history and the abandonment contract it opened, which shares no correlation id with it.
    await store.append(
      disclosureStream,
      [
        { eventId: newId(), type: 'DisclosureSubmitted', schemaVersion: 1, data: submitted, metadata: meta('li.lei', 'inventor') },
        {
          eventId: newId(),
          type: 'DisclosureAcknowledged',
          schemaVersion: 1,
          data: { disclosureId, acknowledgedBy: 'wang.tto', acknowledgedAt: new Date().toISOString() },
          metadata: meta('wang.tto', 'tto_officer'),
        },
      ],
      'no_stream',
    );
    await store.append(
      contractStream,
      [
        {
          eventId: newId(),
          type: 'AbandonmentContractOpened',
          schemaVersion: 1,
          data: { ruleKeys: ['R3', 'R4'], 合同: '放弃专利申请' },
          metadata: meta('chen.leader', 'unit_leader', null, `corr-${newId()}`),
        },
      ],
      'no_stream',
    );
    // The timeline joins streams through $all, which shows an event once no older transaction is in
    // flight anywhere on the server (other test files run beside this one): wait until it does.
    for (let i = 0; i < 400 && (await store.readAll({ maxCount: 100 })).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await api?.close();
  });

  it('refuses non-auditors with problem+json 403', async () => {
    const response = await request(api.getHttpServer())
      .get(`/audit/streams/${disclosureStream}/events`)
      .set(as('li.lei', 'inventor'))
      .expect(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, code: 'ROLE_NOT_PERMITTED' });
  });

  it('returns a stream history with hashes and per-event verification', async () => {
    const { body } = await request(api.getHttpServer()).get(`/audit/streams/${disclosureStream}/events`).set(auditor).expect(200);
    expect(body.verification).toMatchObject({ ok: true, checkedEvents: 2 });
    expect(body.events.map((e: { type: string; verification: string; ruleKeys: string[] }) => [e.type, e.verification])).toEqual([
      ['DisclosureSubmitted', 'verified'],
      ['DisclosureAcknowledged', 'verified'],
    ]);
    expect(body.events[0]).toMatchObject({ prevHash: GENESIS_HASH, actor: { userId: 'li.lei', role: 'inventor' }, ruleKeys: ['R1'] });
  });

  it('answers as-of by revision and refuses a malformed instant', async () => {
    const { body } = await request(api.getHttpServer()).get(`/audit/streams/${disclosureStream}/state?revision=0`).set(auditor).expect(200);
    // folded by the disclosure library's own decider
    expect(body).toMatchObject({
      streamId: disclosureStream,
      process: 'disclosure',
      revision: 0,
      eventCount: 1,
      state: { status: 'confirmed', content: { title: '一种低温固态电池电解质' } },
    });
    const later = await request(api.getHttpServer())
      .get(`/audit/streams/${disclosureStream}/state?asOf=${new Date().toISOString()}`)
      .set(auditor)
      .expect(200);
    expect(later.body).toMatchObject({ revision: 1, state: { status: 'acknowledged' } });
    const bad = await request(api.getHttpServer()).get(`/audit/streams/${disclosureStream}/state?asOf=yesterday`).set(auditor).expect(422);
    expect(bad.body.code).toBe('AS_OF_INVALID');
  });

  it('joins the contract into the achievement timeline by the achievement id its events carry', async () => {
    const { body } = await request(api.getHttpServer()).get(`/audit/achievements/${disclosureId}/timeline`).set(auditor).expect(200);
    expect(body.streams).toEqual([contractStream, disclosureStream].sort());
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'DisclosureSubmitted',
      'DisclosureAcknowledged',
      'AbandonmentContractOpened',
    ]);
    expect(body.events[2].ruleKeys).toEqual(['R3', 'R4']);
  });

  it('exports JSON Lines and CSV with a BOM, both carrying the verification', async () => {
    const jsonl = await request(api.getHttpServer())
      .get(`/audit/achievements/${disclosureId}/export?format=jsonl`)
      .set(auditor)
      .buffer(true)
      .parse(text as never)
      .expect(200);
    expect(jsonl.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = (jsonl.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      kind: 'chengguo-audit-export',
      subject: { achievementId: disclosureId },
      verification: { ok: true, checkedEvents: 3 },
    });
    expect(lines.slice(1).map((l) => l.type)).toEqual(['DisclosureSubmitted', 'DisclosureAcknowledged', 'AbandonmentContractOpened']);
    expect(lines[1].data.content.title).toBe('一种低温固态电池电解质');

    const csv = await request(api.getHttpServer())
      .get(`/audit/streams/${disclosureStream}/export?format=csv`)
      .set(auditor)
      .buffer(true)
      .parse(raw as never)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(rows[0]).toContain('verification=intact');
    expect(rows[1].split(',').slice(0, 4)).toEqual(['streamId', 'revision', 'eventId', 'type']);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toContain('一种低温固态电池电解质');
  });

  it('records every auditor read, visible to the audit lead only', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const refused = await request(api.getHttpServer()).get(`/audit/reads?day=${day}`).set(auditor).expect(403);
    expect(refused.body.code).toBe('AUDIT_LEAD_REQUIRED');
    const { body } = await request(api.getHttpServer()).get(`/audit/reads?day=${day}`).set(lead).expect(200);
    const mine = body.reads.filter((r: { auditorId: string }) => r.auditorId === 'zhao.audit');
    expect(mine.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['history', 'state', 'timeline', 'export']));
    expect(mine[0]).toMatchObject({ role: 'auditor', auditLead: false, channel: 'http', target: { streamId: disclosureStream } });
    expect(Number.isNaN(Date.parse(mine[0].viewedAt))).toBe(false);
  });

  it('ignores a forged replay snapshot at GET …/state?revision and reports it in the store verification', async () => {
    const [first] = await store.readStream(disclosureStream);
    const truth = await request(api.getHttpServer()).get(`/audit/streams/${disclosureStream}/state?revision=1`).set(auditor).expect(200);
    // Someone with write access to the read-model database plants a state at revision 0, keeping its event id and hash.
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO audit.replay_snapshots (stream_id, revision, event_id, event_hash, fold_version, max_recorded_ms, state)
         VALUES ($1, 0, $2, $3, $4, $5, $6::json)`,
        [
          disclosureStream,
          first.eventId,
          first.hash,
          AUDIT_FOLD_VERSION,
          Date.parse(first.metadata.recordedAt),
          JSON.stringify({
            process: 'disclosure',
            state: { ...truth.body.state, status: 'withdrawn', content: { title: '伪造的成果' } },
            signOffs: {},
          }),
        ],
      );
      const { body } = await request(api.getHttpServer())
        .get(`/audit/streams/${disclosureStream}/state?revision=1`)
        .set(auditor)
        .expect(200);
      expect(body).toEqual({ ...truth.body, snapshotRevision: null });
      expect(body.state.content.title).toBe('一种低温固态电池电解质');
      const verification = await request(api.getHttpServer()).get('/audit/verification').set(auditor).expect(200);
      expect(verification.body.breaks).toContainEqual(
        expect.objectContaining({ kind: 'snapshot_mismatch', streamId: disclosureStream, revision: 0 }),
      );
      expect(verification.body.ok).toBe(false);
    } finally {
      await pg.query('DELETE FROM audit.replay_snapshots WHERE stream_id = $1', [disclosureStream]);
      await pg.end();
    }
  });

  describe('timeline page in headless Chromium', () => {
    let browser: BrowserContext;
    let profile: string;

    beforeAll(async () => {
      profile = mkdtempSync(join(tmpdir(), 'chengguo-chromium-'));
      // a fresh profile directory (playwright passes it as --user-data-dir)
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1100, height: 800 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('shows the achievement timeline in Chinese and English, with verification status, and a tampered event as broken', async () => {
      const page = await browser.newPage();
      // Every Content-Security-Policy violation the page causes is kept and must be none.
      await recordCspViolations(page);
      const answer = await page.goto(`${baseUrl}/audit/timeline?achievement=${disclosureId}#token=${devToken('zhao.audit', 'auditor')}`);
      const csp = (await answer!.allHeaders())['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      await page.waitForSelector('body[data-loaded="true"]');
      expect(await page.locator('h1').textContent()).toBe('审计时间线：事件回放与防篡改校验');
      expect(await page.locator('li.event').count()).toBe(3);
      expect(await page.locator('li.event .type').allTextContents()).toEqual([
        'DisclosureSubmitted',
        'DisclosureAcknowledged',
        'AbandonmentContractOpened',
      ]);
      expect(await page.locator('li.event').first().locator('.status').textContent()).toBe('已校验');
      expect(await page.locator('li.event').first().locator('.actor').textContent()).toBe('操作人: li.lei (inventor)');
      expect(await page.locator('li.event').nth(2).locator('.rule').allTextContents()).toEqual(['R3', 'R4']);
      expect(await page.locator('#summary').textContent()).toBe('校验通过：共 3 个事件，哈希链完整。');

      await page.click('#lang-en');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Audit timeline: event replay and tamper evidence');
      expect(await page.locator('li.event').first().locator('.status').textContent()).toBe('Verified');
      expect(await page.locator('#summary').textContent()).toBe('Verified: 3 events, hash chain intact.');

      const dir = mkdtempSync(join(tmpdir(), 'chengguo-shot-'));
      const file = join(dir, 'timeline.png');
      await page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.readUInt32BE(16)).toBe(1100); // IHDR width
      expect(png.length).toBeGreaterThan(10_000);

      // Edit the acknowledgement directly in PostgreSQL: the page marks it, and says where.
      const pg = new Client({ connectionString: databaseUrl });
      await pg.connect();
      await pg.query(
        `UPDATE event_store.events SET metadata = jsonb_set(metadata::jsonb, '{actor,userId}', '"someone.else"') WHERE stream_id = $1 AND stream_revision = 1`,
        [disclosureStream],
      );
      await pg.end();
      await page.click('#lang-zh');
      await page.click('#load');
      await page.waitForSelector('li.event[data-status="broken"]');
      expect(await page.locator('li.event[data-status="broken"] .type').textContent()).toBe('DisclosureAcknowledged');
      expect(await page.locator('li.event[data-status="broken"] .status').textContent()).toBe('链条断裂');
      expect(await page.locator('#summary').textContent()).toMatch(
        new RegExp(`^校验失败：${disclosureStream} 第 1 号事件（hash_mismatch）`),
      );
      rmSync(dir, { recursive: true, force: true });
      expect(await cspViolations(page)).toEqual([]);

      // The check can fail: an injected inline script is blocked by the policy, and reported.
      expect(await injectInlineScript(page)).toBe(false);
      expect(await cspViolations(page)).toEqual([expect.stringMatching(/^script-src(-elem)? inline$/)]);
    }, 60_000);
  });
});

function text(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (e: Error | null, body: string) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => done(null, body));
}

function raw(res: NodeJS.ReadableStream, done: (e: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
