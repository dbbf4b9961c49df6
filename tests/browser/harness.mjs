// Shared set-up of the batch and history browser tests: dist/ served under a sub-path (every
// URL must be relative) and the system Chromium, both from support.mjs, plus the native CLI.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI, DIST, ROOT, TOLERANCE, launchChromium, serveDist } from './support.mjs';

export { CLI, DIST, ROOT, TOLERANCE };
// Overridable so the fallback without ../shared can be exercised on a machine that has it.
export const HAM = process.env.SKINCHECK_HAM_IMAGES ?? resolve(ROOT, '../shared/data/ham10000/images');
export const SUBPATH = '/skincheck/';

/** The 20 committed fixture photos: 6 PNGs, 2 JPEG inputs, 12 HAM JPEGs. */
export function fixturePhotos() {
  const dirs = [
    ['tests/fixtures/images', /\.png$/],
    ['tests/fixtures/inputs', /\.jpe?g$/],
    ['tests/fixtures/images/batch', /\.jpe?g$/],
  ];
  const files = [];
  for (const [dir, re] of dirs) {
    for (const f of readdirSync(join(ROOT, dir)).filter((f) => re.test(f)).sort()) files.push(join(ROOT, dir, f));
  }
  return files;
}

/** Serves dist/ and opens Chromium; returns { origin, browser, close }. */
export async function start() {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  assert.ok(existsSync(CLI), `native CLI ${CLI} missing: run \`cargo build -p skincheck-cli\` first`);
  const tmp = mkdtempSync(join(tmpdir(), 'skincheck-browser-'));
  const server = await serveDist(DIST, SUBPATH);
  const browser = await launchChromium();
  const origin = server.origin;
  return {
    origin,
    browser,
    tmp,
    async close() { await browser.close(); await server.stop(); },
  };
}

/**
 * For a test file that needs the app but not the CLI: serves dist/ under SUBPATH and opens
 * Chromium before its tests and closes both after; the returned object gets `origin` and
 * `browser`.
 */
export function servedApp() {
  const app = {};
  before(async () => {
    assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
    app.server = await serveDist(DIST, SUBPATH);
    app.origin = app.server.origin;
    app.browser = await launchChromium();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

/** Follows the nav link to `route` ('' is the classifier) in any language, and lets it settle. */
export async function visitRoute(page, route) {
  await page.click(`nav a[href$="${SUBPATH}${route}"]`);
  await page.waitForFunction((r) => location.pathname.endsWith(r), `${SUBPATH}${route}`);
  await page.waitForSelector('main h1');
  await page.waitForTimeout(800);
}

/** A page on the app with the model loaded; records page errors and foreign requests. */
export async function openApp(context, origin) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push(`foreign request ${r.url()}`); });
  await page.goto(origin + SUBPATH);
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
  return { page, problems };
}

/** Follows the nav link to a page of the app (the static server has no SPA fallback). */
export async function goTo(page, name) {
  await page.click(`nav >> text=${name}`);
  await page.waitForFunction((n) => document.querySelector('main h1')?.textContent?.includes(n) ?? false,
    name === 'Classifier' ? 'SkinCheck' : name);
}

/** `skincheck classify --json|--csv` over `files`. */
export function cli(format, files) {
  return execFileSync(CLI, ['classify', `--${format}`, ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** RFC 4180 CSV (quotes, doubled quotes, commas and newlines in fields). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Reads a download the page starts with `click`. */
export async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

/** JS heap in use after a full garbage collection, in bytes (Chrome DevTools Protocol). */
export async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}
