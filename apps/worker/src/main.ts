import { ConfigurationError } from '@chengguo/common';
import { createWorkerApp } from './bootstrap';

createWorkerApp()
  .then((app) => app.init())
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigurationError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
    process.exit(1);
  });
