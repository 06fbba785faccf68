import { createRemoteJWKSet, JWTPayload, jwtVerify, SignJWT } from 'jose';
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

async function verifyWith(check: () => Promise<{ payload: JWTPayload }>): Promise<RequestActor> {
  let payload: JWTPayload;
  try {
    ({ payload } = await check());
  } catch (error) {
    throw unauthenticated(`The bearer token was refused: ${(error as Error).message}`);
  }
  return actorFrom(payload);
}

/**
 * The local development issuer: HS256 tokens signed with AUTH_DEV_SECRET. Production refuses to
 * start with it (see configuration). Tokens are minted by `npm run token`.
 */
export class DevTokenVerifier implements TokenVerifier {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }
  verify(token: string): Promise<RequestActor> {
    return verifyWith(() => jwtVerify(token, this.key, { issuer: DEV_ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
  }
}

/** Production: tokens of the unit's OIDC provider, keys from its JWKS (found by discovery). */
export class OidcTokenVerifier implements TokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  constructor(
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<RequestActor> {
    const jwks = await this.keys();
    return verifyWith(() => jwtVerify(token, jwks, { issuer: this.issuer, audience: this.audience }));
  }

  private async keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    const discovery = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discovery).catch((error: Error) => {
      throw new ProblemException(503, 'DEPENDENCY_UNAVAILABLE', `The identity provider is unreachable: ${error.message}`);
    });
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
    if (!jwksUri) throw new ProblemException(503, 'DEPENDENCY_UNAVAILABLE', 'The identity provider publishes no jwks_uri.');
    this.jwks = createRemoteJWKSet(new URL(jwksUri));
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
