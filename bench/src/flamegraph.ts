import { readFileSync, writeFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (inspector Profiler.stop, node --cpu-prof) read here. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
}

interface Frame {
  name: string;
  group: string;
  self: number;
  total: number;
  children: Map<string, Frame>;
}

/** Where a frame's code lives: a package, our code (apps/libs), Node itself, or V8 (GC, idle). */
function groupOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : 'v8';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node';
  const ours = /\/(apps|libs)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.includes('/bench/')) return 'bench';
  return 'other';
}

function shortUrl(url: string): string {
  const at = Math.max(url.lastIndexOf('node_modules/'), url.lastIndexOf('/apps/'), url.lastIndexOf('/libs/'));
  return at >= 0 ? url.slice(at).replace(/^\//, '').replace('node_modules/', '') : url.replace(/^file:\/\//, '');
}

/** Merges the profile's call tree by frame name along each stack (identical stacks add up). */
function callTree(profile: CpuProfile): Frame {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const rootNode = profile.nodes.find((n) => !childIds.has(n.id))!;
  const root: Frame = { name: 'all', group: 'all', self: 0, total: 0, children: new Map() };
  const walk = (id: number, into: Frame): number => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    // Idle time is not work: left out, so the widths are shares of the CPU the process used.
    if (functionName === '(idle)' || functionName === '(program)') return 0;
    const name = `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
    let frame = into.children.get(name);
    if (!frame) into.children.set(name, (frame = { name, group: groupOf(url, functionName), self: 0, total: 0, children: new Map() }));
    const self = node.hitCount ?? 0;
    let total = self;
    for (const child of node.children ?? []) total += walk(child, frame);
    frame.self += self;
    frame.total += total;
    return total;
  };
  for (const child of rootNode.children ?? []) root.total += walk(child, root);
  return root;
}

/** Self samples per group and per frame name, largest first. */
export function topOf(
  profile: CpuProfile,
  limit = 25,
): { groups: Array<[string, number]>; functions: Array<[string, number]>; samples: number } {
  const tree = callTree(profile);
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  const visit = (frame: Frame) => {
    groups.set(frame.group, (groups.get(frame.group) ?? 0) + frame.self);
    functions.set(frame.name, (functions.get(frame.name) ?? 0) + frame.self);
    for (const child of frame.children.values()) visit(child);
  };
  for (const child of tree.children.values()) visit(child);
  const share = (m: Map<string, number>) =>
    [...m]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([k, n]): [string, number] => [k, n / (tree.total || 1)]);
  return { groups: share(groups), functions: share(functions), samples: tree.total };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colour(group: string): string {
  if (group.startsWith('apps/') || group.startsWith('libs/') || group.startsWith('bench/')) return '#e8a33d';
  if (group === 'node') return '#8fb8de';
  if (group === 'v8' || group.startsWith('(')) return '#c0c0c0';
  let h = 0;
  for (const c of group) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h % 60}, 70%, ${55 + (h % 20)}%)`;
}

/**
 * A static SVG flame graph of a .cpuprofile: one box per frame on its stack, width its share of the
 * busy samples (idle left out), frames below `minShare` dropped to keep the file small. Hover shows
 * the frame, its package and its share. Colours: our code orange, Node blue, V8 grey, packages warm.
 */
export function flameGraphSvg(profile: CpuProfile, title: string, minShare = 0.002): string {
  const tree = callTree(profile);
  const width = 1600;
  const rowHeight = 17;
  const rects: string[] = [];
  let depthMax = 0;
  const draw = (frame: Frame, x: number, depth: number) => {
    const w = (frame.total / tree.total) * width;
    depthMax = Math.max(depthMax, depth);
    const pct = ((frame.total / tree.total) * 100).toFixed(2);
    const label = w > 40 ? escape(frame.name.slice(0, Math.floor(w / 6.5))) : '';
    rects.push(
      `<g><title>${escape(frame.name)} [${escape(frame.group)}] ${pct}% (self ${((frame.self / tree.total) * 100).toFixed(2)}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${depth}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="${colour(frame.group)}"/>` +
        (label ? `<text x="${(x + 3).toFixed(1)}" y="${depth}" dy="12">${label}</text>` : '') +
        '</g>',
    );
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (child.total / tree.total >= minShare) draw(child, childX, depth + 1);
      childX += (child.total / tree.total) * width;
    }
  };
  let x = 0;
  for (const child of [...tree.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (child.total / tree.total >= minShare) draw(child, x, 1);
    x += (child.total / tree.total) * width;
  }
  const height = (depthMax + 2) * rowHeight + 20;
  // Depth is stored in y and flipped here, so the root sits at the bottom as flame graphs do.
  const body = rects.map((r) => r.replace(/ y="(\d+)"/g, (_m, d: string) => ` y="${height - 20 - (Number(d) + 1) * rowHeight}"`));
  const seconds = ((profile.endTime - profile.startTime) / 1e6).toFixed(1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
    `<text x="4" y="14" font-size="13">${escape(title)} — ${tree.total.toLocaleString('en-US')} busy samples in ${seconds} s</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** `node bench/dist/bench/src/flamegraph.js in.cpuprofile out.svg [title]` */
if (require.main === module) {
  const [input, output, title] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(input, 'utf8')) as CpuProfile;
  writeFileSync(output, flameGraphSvg(profile, title ?? input));
  const top = topOf(profile);
  for (const [name, share] of top.groups) process.stdout.write(`${(share * 100).toFixed(1).padStart(5)}%  ${name}\n`);
}
