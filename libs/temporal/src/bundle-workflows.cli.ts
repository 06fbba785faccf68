/**
 * Build step (`npm run build`, after tsc): bundles the compiled workflows into dist/workflows/bundle.js,
 * which the worker loads instead of running webpack at every start. It lives beside the code it
 * bundles, not in scripts/, so that every build (the container image's included) compiles it.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_PATH, WORKFLOWS_PATH, workflowWebpackConfig } from './workflow-bundle';

async function main(): Promise<void> {
  const quiet = () => undefined;
  const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: console.warn, error: console.error };
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, webpackConfigHook: workflowWebpackConfig, logger });
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  process.stderr.write(`[build] workflow bundle: ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[build] bundling the workflows failed: ${String(error)}\n`);
  process.exit(1);
});
