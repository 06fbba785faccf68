import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

// Plain JavaScript module run by start.sh; tested here with real child processes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { supervise } = require('../../scripts/supervise.js') as {
  supervise: (
    specs: Array<{ name: string; command: string; args: string[] }>,
    options: Record<string, unknown>,
  ) => { done: Promise<number>; stop(): Promise<void>; children: Map<string, { pid: number }> };
};

const node = process.execPath;
const sleepForever = ['-e', 'setInterval(() => {}, 1000)'];
const waitFor = async (probe: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('the supervisor behind npm start', () => {
  it('restarts a process killed with SIGKILL, says which one and how, and leaves the others running', async () => {
    const lines: string[] = [];
    const supervisor = supervise(
      [
        { name: 'worker', command: node, args: sleepForever },
        { name: 'api', command: node, args: sleepForever },
      ],
      { log: (line: string) => lines.push(line), backoffMs: [50] },
    );
    try {
      await waitFor(() => supervisor.children.size === 2);
      const api = supervisor.children.get('api')!.pid;
      const worker = supervisor.children.get('worker')!.pid;
      process.kill(worker, 'SIGKILL');
      await waitFor(() => (supervisor.children.get('worker')?.pid ?? worker) !== worker);
      expect(lines.join('\n')).toMatch(/worker was killed by SIGKILL; restarting in 50 ms/);
      expect(supervisor.children.get('api')!.pid).toBe(api);
      expect(() => process.kill(api, 0)).not.toThrow();
    } finally {
      await supervisor.stop();
    }
    expect(await supervisor.done).toBe(0);
  });

  it('gives up with exit 1 when a process keeps dying, and stops the others', async () => {
    const lines: string[] = [];
    const supervisor = supervise(
      [
        { name: 'worker', command: node, args: ['-e', 'process.exit(3)'] },
        { name: 'api', command: node, args: sleepForever },
      ],
      { log: (line: string) => lines.push(line), backoffMs: [10], maxCrashes: 3 },
    );
    await waitFor(() => supervisor.children.has('api'));
    const api = supervisor.children.get('api')!.pid;
    expect(await supervisor.done).toBe(1);
    expect(lines.filter((l) => /worker exited with status 3; restarting/.test(l))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/worker exited with status 3; it died 3 times within 60 s, giving up/);
    expect(() => process.kill(api, 0)).toThrow();
  });

  it('reports failure instead of "running" when health never comes up', async () => {
    const lines: string[] = [];
    let running = false;
    const down: Server = createServer((_req, res) => res.writeHead(503).end()).listen(0, '127.0.0.1');
    await new Promise((r) => down.once('listening', r));
    try {
      const supervisor = supervise([{ name: 'api', command: node, args: sleepForever }], {
        log: (line: string) => lines.push(line),
        healthUrl: `http://127.0.0.1:${(down.address() as AddressInfo).port}/health`,
        healthTimeoutMs: 1_500,
        onRunning: () => (running = true),
      });
      expect(await supervisor.done).toBe(1);
      expect(running).toBe(false);
      expect(lines.at(-1)).toMatch(/health never came up/);
    } finally {
      down.close();
    }
  });

  it('says "running" once health answers', async () => {
    const up: Server = createServer((_req, res) => res.writeHead(200).end('{}')).listen(0, '127.0.0.1');
    await new Promise((r) => up.once('listening', r));
    try {
      let running = false;
      const supervisor = supervise([{ name: 'api', command: node, args: sleepForever }], {
        log: () => undefined,
        healthUrl: `http://127.0.0.1:${(up.address() as AddressInfo).port}/health`,
        onRunning: () => (running = true),
      });
      await waitFor(() => running);
      await supervisor.stop();
      expect(await supervisor.done).toBe(0);
    } finally {
      up.close();
    }
  });

  it('waits for every readiness probe (API and worker) and names the one that never came up', async () => {
    const up: Server = createServer((_req, res) => res.writeHead(200).end('{}')).listen(0, '127.0.0.1');
    const down: Server = createServer((_req, res) => res.writeHead(503).end()).listen(0, '127.0.0.1');
    await Promise.all([new Promise((r) => up.once('listening', r)), new Promise((r) => down.once('listening', r))]);
    const lines: string[] = [];
    let running = false;
    const workerReady = `http://127.0.0.1:${(down.address() as AddressInfo).port}/health/ready`;
    try {
      const supervisor = supervise([{ name: 'api', command: node, args: sleepForever }], {
        log: (line: string) => lines.push(line),
        healthUrls: [`http://127.0.0.1:${(up.address() as AddressInfo).port}/health/ready`, workerReady],
        healthTimeoutMs: 1_500,
        onRunning: () => (running = true),
      });
      expect(await supervisor.done).toBe(1);
      expect(running).toBe(false);
      expect(lines.at(-1)).toBe(`health never came up at ${workerReady} within 2 s; stopping (see the logs above)`);
    } finally {
      up.close();
      down.close();
    }
  });
});
