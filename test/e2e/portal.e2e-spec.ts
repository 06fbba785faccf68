import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { RunningApps, startApps } from '../fixtures/apps';

/**
 * The portal's server side: the API serves the built single-page app at / and under /app/ (HTML
 * navigations only, never shadowing an endpoint); the portal configuration; and the development
 * login, which mints tokens for the listed demo users on the embedded default and exists nowhere else.
 */
describe('portal serving and sign-in', () => {
  let portal: string;

  beforeAll(() => {
    // A stand-in build: what is served, and from where, is under test here, not the bundle (the browser suite loads the real one).
    portal = mkdtempSync(join(tmpdir(), 'chengguo-portal-'));
    mkdirSync(join(portal, 'assets'));
    writeFileSync(join(portal, 'index.html'), '<!doctype html><title>portal</title><div id="root"></div>');
    writeFileSync(join(portal, 'assets', 'index-abc123.js'), 'console.log("portal")');
  });

  afterAll(() => rmSync(portal, { recursive: true, force: true }));

  describe('on the embedded default (AUTH_MODE=dev)', () => {
    let apps: RunningApps;
    const http = () => request(apps.api.getHttpServer());

    beforeAll(async () => {
      apps = await startApps('portal_dev', { worker: false, env: { PORTAL_DIR: portal, AUTH_MODE: 'dev' } });
    }, 120_000);
    afterAll(() => apps?.close());

    it('serves the app at / and its client routes to HTML navigations, with hashed assets cached for good', async () => {
      const root = await http().get('/').set('Accept', 'text/html').expect(200);
      expect(root.headers['content-type']).toMatch(/^text\/html/);
      expect(root.text).toContain('<div id="root">');
      const route = await http().get('/app/disclosures/new').set('Accept', 'text/html,application/xhtml+xml').expect(200);
      expect(route.text).toContain('<div id="root">');
      expect(route.headers['cache-control']).toBe('no-cache');
      const asset = await http().get('/assets/index-abc123.js').expect(200);
      expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    });

    it('never answers an API route with the app, nor a non-HTML request under /app/ with HTML', async () => {
      const api = await http().get('/disclosures/mine').set('Accept', 'text/html').expect(401);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      const json = await http().get('/app/disclosures').set('Accept', 'application/json').expect(404);
      expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
      await http().get('/assets/missing.js').expect(404);
    });

    it('lists the demo users and signs one in through the development issuer', async () => {
      const { body: config } = await http().get('/portal/config').expect(200);
      expect(config.authMode).toBe('dev');
      expect(config.oidc).toBeUndefined();
      const roles = new Set(config.demoUsers.map((u: { role: string }) => u.role));
      for (const role of ['inventor', 'tto_officer', 'evaluator', 'unit_leader', 'legal', 'finance', 'auditor', 'unit_member'])
        expect(roles).toContain(role);
      const { body: login } = await http().post('/portal/dev-login').send({ userId: 'li.lei' }).expect(200);
      expect(login.user).toMatchObject({ userId: 'li.lei', role: 'inventor', name: '李雷' });
      const mine = await http().get('/disclosures/mine').set('Authorization', `Bearer ${login.accessToken}`).expect(200);
      expect(mine.body.items).toEqual([]);
    });

    it('refuses anyone not on the list, and bad input, with problem+json', async () => {
      const unknown = await http().post('/portal/dev-login').send({ userId: 'root' }).expect(404);
      expect(unknown.body.code).toBe('DEMO_USER_UNKNOWN');
      const bad = await http().post('/portal/dev-login').send({ userId: '../../etc', role: 'admin' }).expect(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('in production mode (AUTH_MODE=oidc)', () => {
    let apps: RunningApps;
    const http = () => request(apps.api.getHttpServer());

    beforeAll(async () => {
      apps = await startApps('portal_oidc', {
        worker: false,
        env: {
          PORTAL_DIR: portal,
          AUTH_MODE: 'oidc',
          AUTH_ISSUER: 'https://sso.example.edu.cn/realms/campus',
          AUTH_OIDC_CLIENT_ID: 'portal',
        },
      });
    }, 120_000);
    afterAll(() => apps?.close());

    it('tells the portal to sign in with the provider (code + PKCE) and lists no demo users', async () => {
      const { body } = await http().get('/portal/config').expect(200);
      expect(body).toEqual({
        authMode: 'oidc',
        oidc: { authority: 'https://sso.example.edu.cn/realms/campus', clientId: 'portal', scope: 'openid profile offline_access' },
        demoUsers: [],
      });
    });

    it('has no development login: no token is minted for anyone', async () => {
      const res = await http().post('/portal/dev-login').send({ userId: 'li.lei' }).expect(404);
      expect(res.body.code).toBe('DEV_LOGIN_UNAVAILABLE');
      expect(res.body.accessToken).toBeUndefined();
    });
  });
});
