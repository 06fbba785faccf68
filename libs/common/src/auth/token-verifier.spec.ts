import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigurationError, validateEnvironment } from '../configuration';
import { DevTokenVerifier, mintDevToken, OidcTokenVerifier } from './token-verifier';

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
});
