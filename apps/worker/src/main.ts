import { ConfigurationError } from '@chengguo/common';
import { createWorkerApp, workerListenPort } from './bootstrap';

createWorkerApp()
  .then(async (app) => {
    await app.init();
    await app.listen(workerListenPort(app), '0.0.0.0');
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigurationError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
    process.exit(1);
  });
