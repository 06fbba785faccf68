/**
 * Build step (`npm run build`, after tsc): bundles the compiled workflows into dist/workflows/bundle.js,
 * which the worker loads instead of running webpack at every start. It lives beside the code it
 * bundles, not in scripts/, so that every build (the container image's included) compiles it.
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflows, WORKFLOW_BUNDLE_PATH } from './workflow-bundle';

async function main(): Promise<void> {
  const { code } = await bundleWorkflows();
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  process.stderr.write(`[build] workflow bundle: ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[build] bundling the workflows failed: ${String(error)}\n`);
  process.exit(1);
});
