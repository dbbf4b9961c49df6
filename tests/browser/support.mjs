// Shared by the browser tests: a static file server on 127.0.0.1 that logs every request it
// answers, the system Chromium, and the page/CLI probability helpers. Not a test file itself
// (node --test only runs *.test.mjs).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The built app under test (scripts/test.sh builds dist/; a release dist can be given).
export const DIST = process.env.SKINCHECK_DIST ?? join(ROOT, 'dist');
export const FIXTURES = join(ROOT, 'tests/fixtures/images');
// The native CLI the page is compared with (scripts/test.sh passes the one it built).
export const CLI = process.env.SKINCHECK_CLI ?? join(ROOT, 'target/debug/skincheck');
export const TOLERANCE = 1e-3;

// http.server as a host that lets nothing be reused without asking while giving the browser
// nothing to ask with: `Cache-Control: no-cache` and no Last-Modified (bench/server.mjs does
// the same). Against it only a copy taken from the HTTP cache as it is avoids a download.
const NO_CACHE_SERVER = `
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def send_header(self, key, value):
        if key != 'Last-Modified':
            super().send_header(key, value)
    def end_headers(self):
        super().send_header('Cache-Control', 'no-cache')
        super().end_headers()
http.server.test(HandlerClass=functools.partial(Handler, directory=sys.argv[1]), port=0, bind='127.0.0.1')
`;

/**
 * `python3 -m http.server` on a free loopback port, serving `root` — a plain static host
 * with no SPA fallback, like a folder on nginx or a USB stick. `requests` collects the path
 * and status of every request it answered (from its access log), so a test can prove nothing
 * was asked. With `noCache` it sends `Cache-Control: no-cache` and no validators.
 */
export async function serveStatic(root, { noCache = false } = {}) {
  const args = noCache
    ? ['-u', '-c', NO_CACHE_SERVER, root]
    : ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root];
  const server = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const requests = [];
  server.stderr.on('data', (chunk) => {
    for (const m of String(chunk).matchAll(/"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/g)) {
      requests.push({ method: m[1], path: m[2], status: Number(m[3]) });
    }
  });
  const origin = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('http.server did not start')), 10_000);
    server.stdout.on('data', (chunk) => {
      const m = /port (\d+)/.exec(String(chunk));
      if (m) { clearTimeout(timer); ok(`http://127.0.0.1:${m[1]}`); }
    });
  });
  const stop = () => new Promise((ok) => {
    if (server.exitCode !== null) { ok(); return; }
    server.once('exit', () => ok());
    server.kill();
  });
  return { origin, requests, stop };
}

const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * Debian's Chromium, headless, without its own background traffic: a browser, or with
 * `userDataDir` a persistent (non-incognito) browser context in that profile.
 */
export function launchChromium({ userDataDir } = {}) {
  return userDataDir
    ? chromium.launchPersistentContext(userDataDir, { ...CHROMIUM, viewport: { width: 1280, height: 800 } })
    : chromium.launch(CHROMIUM);
}

/**
 * The CLI's probabilities for one image, as { code: p }; `model` picks another ONNX file,
 * `age`, `sex`, `site` are the patient details.
 */
export function cliProbabilities(image, { model, age, sex, site } = {}) {
  const args = model ? ['--model', model, 'classify', '--json'] : ['classify', '--json'];
  if (age !== undefined) args.push('--age', String(age));
  if (sex) args.push('--sex', sex);
  if (site) args.push('--site', site);
  args.push(image);
  const out = JSON.parse(execFileSync(CLI, args, { cwd: ROOT, encoding: 'utf8' }));
  assert.equal(out.results.length, 1, `CLI failed on ${image}: ${JSON.stringify(out.errors)}`);
  return Object.fromEntries(out.results[0].probabilities);
}

/** The 7 probabilities in the DOM, as { code: p }. */
export async function domProbabilities(page) {
  const rows = await page.$$eval('[data-testid=probabilities] li', (els) =>
    els.map((e) => [e.dataset.class, Number(e.dataset.probability)]));
  return Object.fromEntries(rows);
}

export function maxDiff(a, b) {
  const codes = Object.keys(b);
  if (Object.keys(a).length !== codes.length) return Infinity;
  return Math.max(...codes.map((c) => (c in a ? Math.abs(a[c] - b[c]) : Infinity)));
}

/** Waits until the page shows `expected` (results update asynchronously), then asserts. */
export async function expectProbabilities(page, expected, label) {
  const deadline = Date.now() + 30_000;
  let shown = {};
  while (Date.now() < deadline) {
    shown = await domProbabilities(page);
    const busy = await page.getAttribute('[data-testid=results]', 'aria-busy').catch(() => null);
    if (busy === 'false' && maxDiff(shown, expected) <= TOLERANCE) break;
    await page.waitForTimeout(100);
  }
  const diff = maxDiff(shown, expected);
  assert.ok(diff <= TOLERANCE,
    `${label}: page ${JSON.stringify(shown)} vs CLI ${JSON.stringify(expected)} (max diff ${diff})`);
  console.log(`  ok ${label}: 7 probabilities match the CLI (max |diff| ${diff.toExponential(2)})`);
}

/** Serves `dist` at `${origin}${subpath}` (a folder inside a plain static host). */
export async function serveDist(dist, subpath) {
  const root = join(mkdtempSync(join(tmpdir(), 'skincheck-www-')), 'www');
  mkdirSync(root);
  symlinkSync(dist, join(root, subpath.replaceAll('/', '')));
  return serveStatic(root);
}

/** Records console errors, page errors and requests leaving `origin` on `page`. */
export function watchPage(page, origin) {
  const problems = { errors: [], foreign: [] };
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.foreign.push(r.url()); });
  return problems;
}

/**
 * Makes the page's inference worker throw on the next request it receives, as a wasm panic
 * does: its error event is all the page hears.
 */
export async function crashWorkerOnNextRequest(page) {
  const [worker] = page.workers();
  assert.ok(worker, 'no inference worker');
  await worker.evaluate(() => {
    const handle = self.onmessage;
    self.onmessage = () => {
      self.onmessage = handle;
      throw new Error('simulated crash');
    };
  });
}
