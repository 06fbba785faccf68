import { existsSync, writeFileSync } from 'node:fs';
import { GrowthSeries } from './growth';

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const W = 980;
const H = 560;
const M = { left: 80, right: 310, top: 50, bottom: 60 };

/**
 * The growth plot as SVG: log-log, events in the store against milliseconds per operation (a
 * whole-store pass is one operation), one line per measure; extrapolated points dashed and hollow.
 */
export function growthSvg(series: GrowthSeries[], title: string): string {
  const points = series.flatMap((s) => s.points);
  const xs = points.map((p) => p.events);
  const ys = points.map((p) => p.ms).filter((y) => y > 0);
  const x0 = Math.floor(Math.log10(Math.min(...xs)));
  const x1 = Math.ceil(Math.log10(Math.max(...xs)));
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.ceil(Math.log10(Math.max(...ys)));
  const px = (x: number) => M.left + ((Math.log10(x) - x0) / Math.max(1, x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((Math.log10(Math.max(y, 10 ** y0)) - y0) / Math.max(1, y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="28" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  for (let e = x0; e <= x1; e++) {
    const x = px(10 ** e);
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${H - M.bottom}" stroke="#ddd"/>`);
    parts.push(`<text x="${x}" y="${H - M.bottom + 18}" text-anchor="middle">10${superscript(e)}</text>`);
  }
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${W - M.right}" y2="${y}" stroke="#ddd"/>`);
    parts.push(`<text x="${M.left - 8}" y="${y + 4}" text-anchor="end">${label(10 ** e)}</text>`);
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 18}" text-anchor="middle">events in the store (log)</text>`,
    `<text transform="translate(20 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">milliseconds per operation (log)</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const measured = s.points.filter((p) => !p.extrapolated);
    const path = (list: typeof s.points) =>
      list.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.events).toFixed(1)},${py(p.ms).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path(measured)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const beyond = s.points.filter((p) => p.extrapolated);
    if (beyond.length > 0) {
      parts.push(
        `<path d="${path([measured[measured.length - 1], ...beyond])}" fill="none" stroke="${colour}" stroke-width="2" stroke-dasharray="6 4"/>`,
      );
    }
    for (const p of s.points) {
      parts.push(
        `<circle cx="${px(p.events).toFixed(1)}" cy="${py(p.ms).toFixed(1)}" r="4" fill="${p.extrapolated ? 'white' : colour}" stroke="${colour}" stroke-width="2"/>`,
      );
    }
    const ly = M.top + 10 + i * 22;
    parts.push(
      `<line x1="${W - M.right + 15}" y1="${ly}" x2="${W - M.right + 40}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${W - M.right + 46}" y="${ly + 4}">${escape(s.label)}${s.perAchievement ? ' *' : ''}</text>`,
    );
  });
  const ly = M.top + 10 + series.length * 22 + 10;
  parts.push(
    `<text x="${W - M.right + 15}" y="${ly}" font-size="11">* per achievement: must stay flat</text>`,
    `<text x="${W - M.right + 15}" y="${ly + 16}" font-size="11">hollow, dashed: extrapolated,</text>`,
    `<text x="${W - M.right + 15}" y="${ly + 30}" font-size="11">not measured</text>`,
    '</svg>',
  );
  return parts.join('\n');
}

/** Renders the SVG to PNG with headless Chromium (playwright-core, Debian's /usr/bin/chromium); false when no browser is there. */
export async function svgToPng(svg: string, file: string): Promise<boolean> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) return false;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    writeFileSync(file, await page.locator('svg').screenshot({ type: 'png' }));
    return true;
  } finally {
    await browser.close();
  }
}

function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
}

function label(ms: number): string {
  if (ms >= 1000) return `${ms / 1000} s`;
  if (ms >= 1) return `${ms} ms`;
  return `${ms * 1000} µs`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
