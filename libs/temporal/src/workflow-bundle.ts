import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

const ROOT = join(__dirname, '..', '..', '..');

/** The workflow bundle's entry point: same relative place in the sources (ts-jest) and in dist/ (node). */
export const WORKFLOWS_PATH = require.resolve(join(ROOT, 'workflows'));

/**
 * Workflow code imports the kernel and the workflow contracts by their package names, as the rest of
 * the code does; the bundler learns the same names here (in dist/ tsc-alias has already made them
 * relative, so the aliases are simply unused there).
 */
export function workflowWebpackConfig(config: WebpackConfig): WebpackConfig {
  const alias = { '@chengguo/kernel': join(ROOT, 'libs', 'kernel', 'src') };
  config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string>), ...alias } };
  return config;
}
