import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { CLEARANCES, Clearance, RequestActor, Role, ROLES } from '../actor';
import { ProblemException } from '../problem-details';

export const DEV_ISSUER = 'chengguo-dev-issuer';
export const AUDIENCE = 'chengguo';

/** Turns a bearer token into the caller, or refuses it (401 problem). */
export interface TokenVerifier {
  verify(token: string): Promise<RequestActor>;
}

function actorFrom(payload: JWTPayload): RequestActor {
  const userId = payload.sub;
  const role = payload.role;
  const clearance = payload.clearance ?? 'internal';
  if (typeof userId !== 'string' || !/^[\w.@:-]{1,128}$/.test(userId)) throw unauthenticated('The token has no valid subject.');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw unauthenticated('The token names no known role.');
  if (typeof clearance !== 'string' || !(CLEARANCES as readonly string[]).includes(clearance))
    throw unauthenticated('The token names no known clearance.');
  return { userId, role: role as Role, clearance: clearance as Clearance };
}

const unauthenticated = (detail: string) => new ProblemException(401, 'UNAUTHENTICATED', detail);

/** The identity provider could not be asked: the caller is not at fault, so 503 rather than 401. */
const providerUnavailable = (detail: string) => new ProblemException(503, 'IDENTITY_PROVIDER_UNAVAILABLE', detail);

/** Errors of fetching the provider's keys (timeout, network, not a key set), as opposed to a bad token. */
function isKeyFetchFailure(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  // jose reports a key-set answer that is not 200 or not JSON as its bare base error; every problem
  // of the token itself has its own subclass. Anything not from jose is fetch's own (network) error.
  return !(error instanceof joseErrors.JOSEError) || error.constructor === joseErrors.JOSEError;
}

/**
 * Tokens this verifier accepted, with the caller they named, until each one's own `exp`: a caller
 * sends the same token on every request, and checking its signature and claims again each time was
 * the largest share of the API's CPU per command after the database (ADR 28). Keyed by the whole
 * token, so a token differing in any byte is verified afresh; refusals are never kept; a token
 * without `exp` is never kept. Least recently used first out past `max` entries.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { actor: RequestActor; expiresAtMs: number }>();

  constructor(
    readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The caller of a token accepted before and not expired since. */
  get(token: string): RequestActor | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    // jose refuses a token at its `exp` second (no clock tolerance configured): so does the cache.
    if (this.now() >= entry.expiresAtMs) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.actor;
  }

  remember(token: string, actor: RequestActor, exp: number | undefined): void {
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return;
    this.entries.delete(token);
    this.entries.set(token, { actor, expiresAtMs: exp * 1000 });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}

async function verifyWith(token: string, cache: VerifiedTokens, check: () => Promise<{ payload: JWTPayload }>): Promise<RequestActor> {
  const known = cache.get(token);
  if (known) return known;
  let payload: JWTPayload;
  try {
    ({ payload } = await check());
  } catch (error) {
    if (error instanceof ProblemException) throw error;
    if (isKeyFetchFailure(error))
      throw providerUnavailable(`The identity provider's keys could not be fetched: ${(error as Error).message}`);
    throw unauthenticated(`The bearer token was refused: ${(error as Error).message}`);
  }
  const actor = actorFrom(payload);
  cache.remember(token, actor, payload.exp);
  return actor;
}

/**
 * The local development issuer: HS256 tokens signed with AUTH_DEV_SECRET. Production refuses to
 * start with it (see configuration). Tokens are minted by `npm run token`.
 */
export class DevTokenVerifier implements TokenVerifier {
  private readonly key: Uint8Array;
  constructor(
    secret: string,
    private readonly verified = new VerifiedTokens(),
  ) {
    this.key = new TextEncoder().encode(secret);
  }
  verify(token: string): Promise<RequestActor> {
    return verifyWith(token, this.verified, () =>
      jwtVerify(token, this.key, { issuer: DEV_ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }),
    );
  }
}

/**
 * Production: tokens of the unit's OIDC provider, keys from its JWKS, found by discovery. Discovery
 * and key fetches time out (AUTH_DISCOVERY_TIMEOUT_MS); the discovery document must be JSON and name
 * exactly the configured issuer (OpenID Connect Discovery §4.3), or the request is answered 503
 * IDENTITY_PROVIDER_UNAVAILABLE saying what was wrong — never 500, never a guess. A failed
 * discovery is tried again by the next request. An accepted token is kept until its `exp`
 * (VerifiedTokens), even if the provider withdraws its key meanwhile: bearer tokens are not revoked
 * here, with or without the cache (jose keeps a fetched key set for minutes too).
 */
export class OidcTokenVerifier implements TokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private discovering: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly timeoutMs = 5_000,
    private readonly verified = new VerifiedTokens(),
  ) {}

  async verify(token: string): Promise<RequestActor> {
    const known = this.verified.get(token);
    if (known) return known;
    const jwks = await this.keys();
    return verifyWith(token, this.verified, () => jwtVerify(token, jwks, { issuer: this.issuer, audience: this.audience }));
  }

  private keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return Promise.resolve(this.jwks);
    // Concurrent first requests share one discovery.
    this.discovering ??= this.discover().finally(() => (this.discovering = null));
    return this.discovering;
  }

  private async discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const discovery = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(discovery, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw providerUnavailable(
        timedOut
          ? `The identity provider did not answer ${discovery} within ${this.timeoutMs} ms.`
          : `The identity provider is unreachable at ${discovery}: ${(error as Error).message}`,
      );
    }
    if (!response.ok) throw providerUnavailable(`The identity provider answered ${discovery} with HTTP ${response.status}.`);
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      document = (await response.json()) as typeof document;
    } catch {
      throw providerUnavailable(`The identity provider's answer at ${discovery} is not a JSON discovery document.`);
    }
    if (typeof document !== 'object' || document === null) {
      throw providerUnavailable(`The identity provider's answer at ${discovery} is not a JSON discovery document.`);
    }
    if (document.issuer !== this.issuer) {
      throw providerUnavailable(
        `The discovery document names the issuer ${JSON.stringify(document.issuer)}, not the configured AUTH_ISSUER ${JSON.stringify(this.issuer)}.`,
      );
    }
    let jwksUri: URL;
    try {
      jwksUri = new URL(String(document.jwks_uri));
    } catch {
      throw providerUnavailable('The identity provider publishes no valid jwks_uri.');
    }
    if (jwksUri.protocol !== new URL(this.issuer).protocol) {
      throw providerUnavailable(`The identity provider's jwks_uri ${jwksUri.href} does not use the issuer's scheme.`);
    }
    this.jwks = createRemoteJWKSet(jwksUri, { timeoutDuration: this.timeoutMs });
    return this.jwks;
  }
}

export async function mintDevToken(
  secret: string,
  claims: { userId: string; role: Role; clearance?: Clearance; ttlSeconds?: number },
): Promise<string> {
  return new SignJWT({ role: claims.role, clearance: claims.clearance ?? 'internal' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(DEV_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 8 * 3600}s`)
    .sign(new TextEncoder().encode(secret));
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
