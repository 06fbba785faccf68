import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigurationError, validateEnvironment } from '../configuration';
import { DevTokenVerifier, mintDevToken, OidcTokenVerifier, VerifiedTokens } from './token-verifier';

/** Token verification against a real (loopback) OIDC discovery document and JWKS. */
describe('token verification', () => {
  let server: Server;
  let issuer: string;
  let privateKey: KeyLike;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (claims: Record<string, unknown>, options: { issuer?: string; audience?: string; expires?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('li.lei')
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? 'chengguo')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(privateKey);

  it('accepts the provider’s tokens, found through discovery and JWKS', async () => {
    const verifier = new OidcTokenVerifier(issuer, 'chengguo');
    await expect(verifier.verify(await sign({ role: 'tto_officer', clearance: 'commercial_secret' }))).resolves.toEqual({
      userId: 'li.lei',
      role: 'tto_officer',
      clearance: 'commercial_secret',
    });
  });

  it.each([
    ['another audience', { role: 'inventor' }, { audience: 'someone-else' }],
    ['another issuer', { role: 'inventor' }, { issuer: 'https://evil.example' }],
    ['an expired token', { role: 'inventor' }, { expires: '-1m' }],
    ['an unknown role', { role: 'superuser' }, {}],
  ])('refuses %s with 401', async (_, claims, options) => {
    const verifier = new OidcTokenVerifier(issuer, 'chengguo');
    await expect(verifier.verify(await sign(claims, options))).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a development token when the provider is configured, and the reverse', async () => {
    const devToken = await mintDevToken('x'.repeat(32), { userId: 'li', role: 'admin' });
    await expect(new OidcTokenVerifier(issuer, 'chengguo').verify(devToken)).rejects.toMatchObject({ status: 401 });
    await expect(new DevTokenVerifier('x'.repeat(32)).verify(await sign({ role: 'admin' }))).rejects.toMatchObject({ status: 401 });
    await expect(new DevTokenVerifier('x'.repeat(32)).verify(devToken)).resolves.toMatchObject({
      userId: 'li',
      role: 'admin',
      clearance: 'internal',
    });
  });

  it('production refuses to start with the development issuer', () => {
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', AUTH_MODE: 'dev', AUTH_DEV_SECRET: 'x'.repeat(32) }),
    ).toThrow(ConfigurationError);
    expect(() =>
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x/y',
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: 'https://id.unit.edu.cn',
      }),
    ).not.toThrow();
  });

  describe('accepted tokens are kept until their expiry (VerifiedTokens)', () => {
    const secret = 'x'.repeat(32);
    const actor = { userId: 'li', role: 'inventor' as const, clearance: 'internal' as const };

    it('answers a token accepted before without verifying it again, and only that exact token', async () => {
      const cache = new VerifiedTokens();
      const verifier = new DevTokenVerifier(secret, cache);
      const token = await mintDevToken(secret, { userId: 'li', role: 'inventor' });
      await expect(verifier.verify(token)).resolves.toEqual(actor);
      expect(cache.size).toBe(1);
      await expect(verifier.verify(token)).resolves.toEqual(actor);
      // Another signature (one byte changed) is verified, and refused.
      const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
      await expect(verifier.verify(tampered)).rejects.toMatchObject({ status: 401 });
      await expect(verifier.verify(tampered)).rejects.toMatchObject({ status: 401 });
      expect(cache.size).toBe(1);
    });

    it('never keeps a refused token, e.g. one signed with another secret', async () => {
      const cache = new VerifiedTokens();
      const verifier = new DevTokenVerifier(secret, cache);
      const foreign = await mintDevToken('y'.repeat(32), { userId: 'li', role: 'admin' });
      await expect(verifier.verify(foreign)).rejects.toMatchObject({ status: 401 });
      expect(cache.size).toBe(0);
    });

    it('forgets a token at its exp, and the verifier then refuses it as expired', async () => {
      let now = Date.now();
      const cache = new VerifiedTokens(10, () => now);
      const verifier = new DevTokenVerifier(secret, cache);
      const token = await mintDevToken(secret, { userId: 'li', role: 'inventor', ttlSeconds: 1 });
      const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
      await expect(verifier.verify(token)).resolves.toEqual(actor);
      now = exp * 1000 - 1;
      expect(cache.get(token)).toEqual(actor);
      now = exp * 1000;
      expect(cache.get(token)).toBeUndefined();
      expect(cache.size).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now() + 20)));
      await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('keeps no token without exp, and at most max tokens, the least recently used leaving first', () => {
      const cache = new VerifiedTokens(2);
      const exp = Math.floor(Date.now() / 1000) + 60;
      cache.remember('no-exp', actor, undefined);
      expect(cache.size).toBe(0);
      cache.remember('a', actor, exp);
      cache.remember('b', actor, exp);
      expect(cache.get('a')).toEqual(actor); // a is now the most recently used
      cache.remember('c', actor, exp);
      expect(cache.size).toBe(2);
      expect(cache.get('b')).toBeUndefined();
      expect(cache.get('a')).toEqual(actor);
      expect(cache.get('c')).toEqual(actor);
    });

    it('the OIDC verifier keeps what it accepted too', async () => {
      const cache = new VerifiedTokens();
      const verifier = new OidcTokenVerifier(issuer, 'chengguo', 5_000, cache);
      const token = await sign({ role: 'inventor' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'li.lei', role: 'inventor' });
      expect(cache.get(token)).toMatchObject({ userId: 'li.lei' });
      await expect(verifier.verify(await sign({ role: 'inventor' }, { audience: 'someone-else' }))).rejects.toMatchObject({
        status: 401,
      });
      expect(cache.size).toBe(1);
    });
  });

  describe('discovery failures answer 503 IDENTITY_PROVIDER_UNAVAILABLE saying what was wrong', () => {
    /** A loopback "provider" answering discovery with `answer`; returns its issuer URL. */
    const provider = async (answer: (issuerUrl: string, res: import('node:http').ServerResponse) => void): Promise<[string, Server]> => {
      let url = '';
      const bad = createServer((req, res) => answer(url, res));
      await new Promise<void>((resolve) => bad.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
      return [url, bad];
    };
    const refusal = async (verifier: OidcTokenVerifier) => {
      const token = await sign({ role: 'inventor' });
      return verifier.verify(token).then(
        () => null,
        (error: { status: number; code: string; detail: string }) => ({ status: error.status, code: error.code, detail: error.detail }),
      );
    };

    it('a non-JSON answer (an HTML error page with 200)', async () => {
      const [url, bad] = await provider((_u, res) => res.setHeader('Content-Type', 'text/html').end('<html>gateway</html>'));
      try {
        expect(await refusal(new OidcTokenVerifier(url, 'chengguo'))).toEqual({
          status: 503,
          code: 'IDENTITY_PROVIDER_UNAVAILABLE',
          detail: `The identity provider's answer at ${url}/.well-known/openid-configuration is not a JSON discovery document.`,
        });
      } finally {
        bad.close();
      }
    });

    it('no answer within the timeout', async () => {
      const [url, bad] = await provider(() => undefined); // never answers
      try {
        const started = Date.now();
        expect(await refusal(new OidcTokenVerifier(url, 'chengguo', 300))).toMatchObject({
          status: 503,
          detail: `The identity provider did not answer ${url}/.well-known/openid-configuration within 300 ms.`,
        });
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        bad.closeAllConnections();
        bad.close();
      }
    });

    it('a discovery document naming another issuer', async () => {
      const [url, bad] = await provider((_u, res) =>
        res.end(JSON.stringify({ issuer: 'https://elsewhere.example', jwks_uri: `${issuer}/jwks` })),
      );
      try {
        expect(await refusal(new OidcTokenVerifier(url, 'chengguo'))).toMatchObject({
          status: 503,
          detail: `The discovery document names the issuer "https://elsewhere.example", not the configured AUTH_ISSUER "${url}".`,
        });
      } finally {
        bad.close();
      }
    });

    it('an HTTP error, and a key set that is not JSON', async () => {
      const [url, bad] = await provider((u, res) => {
        if (res.req.url === '/.well-known/openid-configuration' && !failedOnce) {
          failedOnce = true;
          return res.writeHead(502).end('bad gateway');
        }
        if (res.req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer: u, jwks_uri: `${u}/jwks` }));
        res.setHeader('Content-Type', 'text/html').end('<html>not keys</html>');
      });
      let failedOnce = false;
      try {
        const verifier = new OidcTokenVerifier(url, 'chengguo');
        expect(await refusal(verifier)).toMatchObject({ status: 503, detail: expect.stringContaining('with HTTP 502') });
        // Discovery is tried again by the next request; now the key set is what fails.
        expect(await refusal(verifier)).toMatchObject({
          status: 503,
          detail: expect.stringMatching(/^The identity provider's keys could not be fetched/),
        });
      } finally {
        bad.close();
      }
    });
  });
});
