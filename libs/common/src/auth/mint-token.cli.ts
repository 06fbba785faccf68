/**
 * Mints a development bearer token for any user and role:
 *   npm run token -- --user li.lei --role inventor [--clearance commercial_secret] [--hours 8]
 * The secret is AUTH_DEV_SECRET, or the one `npm start` keeps in .data/dev-issuer.secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLEARANCES, Clearance, Role, ROLES } from '../actor';
import { mintDevToken } from './token-verifier';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, role: { type: 'string' }, clearance: { type: 'string' }, hours: { type: 'string' } },
  });
  if (!values.user || !values.role || !(ROLES as readonly string[]).includes(values.role)) {
    throw new Error(`usage: npm run token -- --user ID --role (${ROLES.join('|')}) [--clearance (${CLEARANCES.join('|')})] [--hours N]`);
  }
  if (values.clearance && !(CLEARANCES as readonly string[]).includes(values.clearance))
    throw new Error(`--clearance is one of ${CLEARANCES.join(', ')}`);
  const file = join(process.env.CHENGGUO_DATA_DIR ?? join(process.cwd(), '.data'), 'dev-issuer.secret');
  const secret = process.env.AUTH_DEV_SECRET ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!secret) throw new Error(`No AUTH_DEV_SECRET and no ${file}: run npm start once, or export AUTH_DEV_SECRET`);
  const token = await mintDevToken(secret, {
    userId: values.user,
    role: values.role as Role,
    clearance: values.clearance as Clearance | undefined,
    ttlSeconds: Math.round(Number(values.hours ?? 8) * 3600),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
