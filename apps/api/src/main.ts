import { ConfigurationError } from '@chengguo/common';
import { createApiApp, listenPort } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  await app.listen(listenPort(app), '0.0.0.0');
}

main().catch((error: unknown) => {
  // Bad configuration names the variable; anything else prints its stack.
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
