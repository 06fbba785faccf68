import { createHmac } from 'node:crypto';

/**
 * Bearer tokens from the development issuer, signed with the run's AUTH_DEV_SECRET (set by the
 * global setup). Synchronous HS256 so tests can write `.set(as('li', 'inventor'))`.
 */
const b64 = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

export function devToken(userId: string, role: string, clearance = 'internal', secret = process.env.AUTH_DEV_SECRET ?? ''): string {
  if (!secret) throw new Error('AUTH_DEV_SECRET is not set: run tests through jest (global setup)');
  const now = Math.floor(Date.now() / 1000);
  const header = b64({ alg: 'HS256', typ: 'JWT' });
  const payload = b64({ sub: userId, role, clearance, iss: 'chengguo-dev-issuer', aud: 'chengguo', iat: now, exp: now + 3600 });
  const signature = b64(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

export const as = (userId: string, role: string, clearance?: string): Record<string, string> => ({
  Authorization: `Bearer ${devToken(userId, role, clearance)}`,
});
