import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';
import { cspViolations, recordCspViolations } from '../support/csp';

/** helmet's headers with the project's Content-Security-Policy, HSTS by configuration; Swagger UI works under the same policy. */
describe('security headers', () => {
  let apps: RunningApps;

  beforeAll(async () => {
    apps = await startApps('headers', { worker: false, env: { TRUST_PROXY: 'loopback', HSTS: 'auto' } });
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  const http = () => request(apps.api.getHttpServer());

  it('every answer carries the page policy: scripts from this origin only, inline styles, no framing', async () => {
    for (const path of ['/health', '/audit/timeline', '/disclosures/mine', '/no-such-route']) {
      const { headers } = await http().get(path);
      const csp = headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends HSTS only for requests that came over TLS (here: through a trusted proxy saying https)', async () => {
    const plain = await http().get('/health/live');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const viaProxy = await http().get('/health/live').set('X-Forwarded-Proto', 'https');
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('names the OIDC issuer in connect-src, and HSTS=always sends it on plain HTTP too', async () => {
    const oidc = await startApps('headers_oidc', {
      worker: false,
      env: { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example.edu.cn/realms/unit', HSTS: 'always' },
    });
    try {
      const { headers } = await request(oidc.api.getHttpServer()).get('/health/live');
      expect(headers['content-security-policy']).toContain("connect-src 'self' https://id.example.edu.cn;");
      expect(headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    } finally {
      await oidc.close();
    }
  });

  describe('Swagger UI in headless Chromium', () => {
    let browser: BrowserContext;
    let profile: string;
    let baseUrl: string;

    beforeAll(async () => {
      await apps.api.listen(0, '127.0.0.1');
      baseUrl = (await apps.api.getUrl()).replace('[::1]', '127.0.0.1');
      profile = mkdtempSync(join(tmpdir(), 'chengguo-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('renders /docs under the same policy without a violation', async () => {
      const page = await browser.newPage();
      await recordCspViolations(page);
      await page.goto(`${baseUrl}/docs`);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Chengguo API');
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(await cspViolations(page)).toEqual([]);
    }, 60_000);
  });
});
