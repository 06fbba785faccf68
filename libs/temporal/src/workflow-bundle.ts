import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions, WorkflowBundleOption } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

const ROOT = join(__dirname, '..', '..', '..');

/** The workflow bundle's entry point: same relative place in the sources (ts-jest) and in dist/ (node). */
export const WORKFLOWS_PATH = require.resolve(join(ROOT, 'workflows'));

/** Where `npm run build` (bundle-workflows.cli.ts) writes the bundle: dist/workflows/bundle.js. */
export const WORKFLOW_BUNDLE_PATH = join(ROOT, 'workflows', 'bundle.js');

/** ts-jest and ts-node load this file as TypeScript; the built worker loads compiled JavaScript. */
const RUNNING_FROM_SOURCES = __filename.endsWith('.ts');

/**
 * Workflow code imports the kernel and the workflow contracts by their package names, as the rest of
 * the code does; the bundler learns the same names here (in dist/ tsc-alias has already made them
 * relative, so the aliases are simply unused there).
 */
function workflowWebpackConfig(config: WebpackConfig): WebpackConfig {
  const alias = { '@chengguo/kernel': join(ROOT, 'libs', 'kernel', 'src') };
  config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string>), ...alias } };
  return config;
}

/** Warnings and errors only: the bundler reports every module at INFO. */
const QUIET_BUNDLER: NonNullable<BundleOptions['logger']> = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/**
 * Bundles workflow code (today's by default) with the project's module names. The worker SDK is
 * loaded only here: the API imports this library too and never bundles.
 */
export async function bundleWorkflows(
  workflowsPath = WORKFLOWS_PATH,
  logger: BundleOptions['logger'] = QUIET_BUNDLER,
): Promise<{ code: string }> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({ workflowsPath, webpackConfigHook: workflowWebpackConfig, logger });
  return { code };
}

/**
 * The workflow code a worker runs. Built (dist/): the bundle written at build time, so the worker
 * starts without webpack and runs the very code that was built; a missing bundle is a broken build,
 * never a reason to bundle at start. From sources (ts-jest): bundled here, as there is no build.
 */
export async function loadWorkflowBundle(logger?: BundleOptions['logger']): Promise<WorkflowBundleOption> {
  if (!RUNNING_FROM_SOURCES) {
    if (!existsSync(WORKFLOW_BUNDLE_PATH)) throw new Error(`${WORKFLOW_BUNDLE_PATH} is missing: \`npm run build\` writes it`);
    return { codePath: WORKFLOW_BUNDLE_PATH };
  }
  return bundleWorkflows(WORKFLOWS_PATH, logger);
}
