#!/usr/bin/env node
'use strict';
/**
 * The supervisor behind `npm start`: runs the Temporal dev server, the worker and the API as child
 * processes, restarts one that dies with a growing pause and says which one died and how, and gives
 * up (stopping the rest, exit 1) only when one keeps dying. It reports failure, not "running", when
 * the API's or the worker's readiness never comes up. Plain Node (no build step): start.sh runs it after the build.
 */
const { spawn } = require('node:child_process');
const { closeSync, openSync, writeFileSync } = require('node:fs');

/**
 * @typedef {{ name: string, command: string, args: string[], logFile?: string }} ProcessSpec
 * @typedef {{ healthUrl?: string, healthUrls?: string[], healthTimeoutMs?: number, maxCrashes?: number, crashWindowMs?: number,
 *   backoffMs?: number[], log?: (line: string) => void, onRunning?: () => void, pidFile?: string }} SuperviseOptions
 */

/**
 * Runs every process until `stop()` or until one crashes `maxCrashes` times within `crashWindowMs`.
 * Resolves with the exit code the supervisor should end with (0 after stop(), 1 after giving up).
 * @param {ProcessSpec[]} specs
 * @param {SuperviseOptions} options
 */
function supervise(specs, options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`[start] ${line}\n`));
  const maxCrashes = options.maxCrashes ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 60_000;
  const backoffMs = options.backoffMs ?? [500, 1_000, 2_000, 4_000, 8_000];
  const children = new Map();
  const crashes = new Map(specs.map((spec) => [spec.name, []]));
  const timers = new Set();
  let stopping = false;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));

  // The live children's pids, for start.sh to stop should the supervisor itself be killed.
  const recordPids = () => {
    if (options.pidFile) writeFileSync(options.pidFile, [...children.values()].map((child) => child.pid).join('\n') + '\n');
  };

  const start = (spec) => {
    const out = spec.logFile ? openSync(spec.logFile, 'a') : 'inherit';
    // Own process group: a Ctrl-C reaches the supervisor alone, which then stops the children in
    // order, instead of racing their exits against the restart logic.
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', out, out], detached: true });
    if (typeof out === 'number') closeSync(out);
    children.set(spec.name, child);
    recordPids();
    child.on('error', (error) => log(`${spec.name} could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      children.delete(spec.name);
      recordPids();
      if (stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      const now = Date.now();
      const recent = crashes.get(spec.name).filter((at) => now - at < crashWindowMs);
      recent.push(now);
      crashes.set(spec.name, recent);
      if (recent.length >= maxCrashes) {
        log(`${spec.name} ${how}; it died ${recent.length} times within ${Math.round(crashWindowMs / 1000)} s, giving up`);
        void stopAll().then(() => finish(1));
        return;
      }
      const pause = backoffMs[Math.min(recent.length - 1, backoffMs.length - 1)];
      log(
        `${spec.name} ${how}${spec.logFile ? ` (log: ${spec.logFile})` : ''}; restarting in ${pause} ms (crash ${recent.length} of ${maxCrashes} allowed per ${Math.round(crashWindowMs / 1000)} s)`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(spec);
      }, pause);
      timers.add(timer);
    });
  };

  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearTimeout(timer);
    const exits = [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
          // A child that ignores TERM for 15 s is killed, so Ctrl-C always ends.
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    );
    await Promise.all(exits);
  };

  for (const spec of specs) start(spec);

  // Readiness probes (the API's and the worker's /health/ready): "running" only once all answer.
  const healthUrls = [...(options.healthUrls ?? []), ...(options.healthUrl ? [options.healthUrl] : [])];
  if (healthUrls.length > 0) {
    const timeoutMs = options.healthTimeoutMs ?? 120_000;
    void Promise.all(healthUrls.map((url) => waitForHealth(url, timeoutMs, () => stopping))).then((ok) => {
      if (stopping) return;
      if (ok.every(Boolean)) return options.onRunning?.();
      const failed = healthUrls.filter((_url, i) => !ok[i]).join(', ');
      log(`health never came up at ${failed} within ${Math.round(timeoutMs / 1000)} s; stopping (see the logs above)`);
      void stopAll().then(() => finish(1));
    });
  }

  return {
    done,
    children,
    stop: () => stopAll().then(() => finish(0)),
  };
}

async function waitForHealth(url, timeoutMs, cancelled) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !cancelled()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

module.exports = { supervise };

if (require.main === module) {
  // start.sh passes what to run as JSON in the environment (not argv, so `pgrep -f` finds only the
  // children): { processes: ProcessSpec[], healthUrls, banner, pidFile }.
  const config = JSON.parse(process.env.CHENGGUO_SUPERVISOR_CONFIG ?? '{}');
  const supervisor = supervise(config.processes, {
    healthUrl: config.healthUrl,
    healthUrls: config.healthUrls,
    pidFile: config.pidFile,
    onRunning: () => process.stdout.write(config.banner ?? ''),
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void supervisor.stop());
  // Last resort if the supervisor itself fails: never leave children running without it.
  process.on('exit', () => {
    for (const child of supervisor.children.values()) child.kill('SIGTERM');
  });
  void supervisor.done.then((code) => process.exit(code));
}
