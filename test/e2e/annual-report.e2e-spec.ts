import { annualReportFigures, annualReportFromHistory, ANNUAL_REPORT_FILING, ReportedEvent, reportPeriod } from '@chengguo/annual-report';
import { EVENT_STORE, EventStore } from '@chengguo/eventstore';
import { canonicalJson, shanghaiDate, termsHash } from '@chengguo/kernel';
import { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { as, disclosureContent, eventually } from '../fixtures/http-flows';

/**
 * The annual report (R14) on real PostgreSQL. A store's recorded times cannot be set
 * in the past, so the as-of rule is checked by moving the real history in time: the instant the
 * first batch ends becomes the end of a year, and what is appended afterwards falls after it. Over
 * HTTP: the current year is refused, last year is prepared from the store, filed by the unit
 * leader's signature over its hash, exported as CSV and printed to PDF by Chromium in both languages.
 */
describe('annual report (R14)', () => {
  let apps: RunningApps;
  let api: INestApplication;
  let store: EventStore;
  let baseUrl: string;

  const tto = as('wang.tto', 'tto_officer');
  const leader = as('sun.leader', 'unit_leader');
  const supervisor = as('zhou.sup', 'supervisory_department');
  const thisYear = Number(shanghaiDate(new Date()).slice(0, 4));
  const lastYear = thisYear - 1;
  const reportStream = `annual-report-${lastYear}`;

  beforeAll(async () => {
    // No worker: nothing but these requests appends to the store, so counts before and after a
    // refusal compare, and the unit leader's signature closes the round by itself.
    apps = await startApps('e2eannualreport', { worker: false });
    api = apps.api;
    store = api.get<EventStore>(EVENT_STORE);
    await api.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(api.getHttpServer());
  const problem = (res: request.Response) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.body;
  };

  async function submitDisclosures(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const inventor = as(`inv${i}.e2e`, 'inventor');
      const drafted = await http()
        .post('/disclosures')
        .set(inventor)
        .send(disclosureContent([{ userId: `inv${i}.e2e`, name: `发明人${i}`, shareBasisPoints: 10000 }]))
        .expect(201);
      await http().post(`/disclosures/${drafted.body.disclosureId}/submission`).set(inventor).expect(200);
    }
  }

  /** Every event in the store, its recorded time moved by `shiftMs`. */
  async function history(shiftMs: number): Promise<ReportedEvent[]> {
    const events = await store.readAll({ maxCount: 100_000 });
    return events.map((e) => ({
      streamId: e.streamId,
      type: e.type,
      data: e.data,
      recordedAt: new Date(Date.parse(e.metadata.recordedAt) - shiftMs).toISOString(),
    }));
  }

  it('computes a year as of its end the same, byte for byte, after more is recorded later', async () => {
    await submitDisclosures(2);
    const events = await store.readAll({ maxCount: 100_000 });
    const boundary = Math.max(...events.map((e) => Date.parse(e.metadata.recordedAt))) + 1;
    // The real history moved so that the boundary is the end of 2020 in Asia/Shanghai.
    const shift = boundary - Date.parse(reportPeriod(2020).until);
    const asOfBoundary = annualReportFigures(2020, await history(shift));
    expect(asOfBoundary.disclosures.submitted).toBe(2);

    await new Promise((resolve) => setTimeout(resolve, 5));
    await submitDisclosures(1);
    const later = await history(shift);
    expect(later.length).toBeGreaterThan(events.length);
    expect(canonicalJson(annualReportFigures(2020, later))).toBe(canonicalJson(asOfBoundary));
    // What came later counts for the next year: the fold does see it.
    expect(annualReportFigures(2021, later).disclosures.submitted).toBe(1);
  }, 60_000);

  it('refuses the current year: it has not ended (R14_YEAR_NOT_ENDED)', async () => {
    const before = await apps.eventCount();
    const res = await http().post(`/annual-reports/${thisYear}`).set(tto).expect(409);
    expect(problem(res).code).toBe('R14_YEAR_NOT_ENDED');
    expect(await apps.eventCount()).toBe(before);
    expect(problem(await http().get(`/annual-reports/${thisYear}`).set(tto).expect(404)).code).toBe('R14_REPORT_NOT_FOUND');
  });

  it('refuses a malformed year and other roles', async () => {
    expect(problem(await http().post('/annual-reports/20x5').set(tto).expect(422)).code).toBe('YEAR_INVALID');
    expect(problem(await http().get('/annual-reports/123').set(tto).expect(422)).code).toBe('YEAR_INVALID');
    expect(problem(await http().post(`/annual-reports/${lastYear}`).set(leader).expect(403)).code).toBe('ROLE_NOT_PERMITTED');
    expect(problem(await http().get(`/annual-reports/${lastYear}`).set(as('li.lei', 'inventor')).expect(403)).code).toBe(
      'ROLE_NOT_PERMITTED',
    );
  });

  let contentHash: string;

  it('prepares last year from the store, and the unit leader files it by signing its hash', async () => {
    const res = await http().post(`/annual-reports/${lastYear}`).set(tto).expect(201);
    expect(res.headers.location).toBe(`/annual-reports/${lastYear}`);
    const report = (await http().get(`/annual-reports/${lastYear}`).set(supervisor).expect(200)).body;
    expect(report).toMatchObject({
      year: lastYear,
      status: 'prepared',
      round: 1,
      signOff: { streamId: reportStream, signOffId: ANNUAL_REPORT_FILING, round: 1 },
    });
    // The figures are the store's: the same fold over the same history, and the hash is of them.
    expect(report.content).toEqual(await annualReportFromHistory(store, lastYear));
    expect(report.content.period).toEqual(reportPeriod(lastYear));
    expect(report.contentHash).toBe(termsHash(report.content));
    contentHash = report.contentHash;

    expect(problem(await http().post(`/annual-reports/${lastYear}`).set(tto).expect(409)).code).toBe('R14_REPORT_BEING_FILED');
    await http()
      .post(`/sign-offs/${reportStream}/${ANNUAL_REPORT_FILING}/signatures`)
      .set(leader)
      .send({ termsHash: contentHash })
      .expect(200);
    const filed = await eventually(async () => {
      const body = (await http().get(`/annual-reports/${lastYear}`).set(tto).expect(200)).body;
      return body.status === 'filed' ? body : undefined;
    });
    expect(filed.contentHash).toBe(contentHash);
  }, 60_000);

  it('is never prepared again once filed (R14_REPORT_ALREADY_FILED)', async () => {
    const before = await apps.eventCount();
    expect(problem(await http().post(`/annual-reports/${lastYear}`).set(tto).expect(409)).code).toBe('R14_REPORT_ALREADY_FILED');
    expect(await apps.eventCount()).toBe(before);
  });

  it('exports the report as CSV with a BOM, one figure a line, with its hash', async () => {
    const csv = await http().get(`/annual-reports/${lastYear}/export.csv`).set(supervisor).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const lines = csv.text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('figure,zh,en,value');
    expect(lines).toContain('disclosures.submitted,职务科技成果披露,Disclosures submitted,0');
    expect(lines[lines.length - 1]).toBe(`contentHash,内容哈希（SHA-256）,Content hash (SHA-256),${contentHash}`);
  });

  it('refuses a language it has no page for', async () => {
    expect(problem(await http().get(`/annual-reports/${lastYear}/print?lang=fr`).set(tto).expect(422)).code).toBe(
      'REPORT_LANGUAGE_INVALID',
    );
  });

  describe('printed to PDF by Chromium', () => {
    let browser: BrowserContext;
    let profile: string;
    const artifacts = join(__dirname, '..', '..', 'test-artifacts');

    beforeAll(async () => {
      mkdirSync(artifacts, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'chengguo-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
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

    it.each([
      ['zh-CN', `${lastYear}年度科技成果转化情况报告`, '已签署报送'],
      ['en', `Annual report on achievement transformation, ${lastYear}`, 'filed'],
    ])(
      'prints the %s page',
      async (lang, title, status) => {
        const page = await browser.newPage();
        await page.setExtraHTTPHeaders(tto);
        const answer = await page.goto(`${baseUrl}/annual-reports/${lastYear}/print?lang=${lang}`);
        expect(answer?.status()).toBe(200);
        expect((await answer!.allHeaders())['content-type']).toMatch(/^text\/html/);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await page.locator('h1').textContent()).toBe(title);
        expect(await page.locator('.meta').textContent()).toContain(status);
        expect(await page.locator('.meta').textContent()).toContain(contentHash);
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        writeFileSync(join(artifacts, `annual-report-${lastYear}.${lang}.pdf`), pdf);
        await page.close();
      },
      60_000,
    );
  });
});
