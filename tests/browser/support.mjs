// Shared by the browser tests: serve the built dist/ under a sub-path (every URL must be
// relative) and launch the system Chromium, as tests/browser/classifier.test.mjs does.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Serves `dist` at `${origin}${subpath}` with python's http.server; returns { origin, stop }. */
export async function serveDist(dist, subpath) {
  const root = join(mkdtempSync(join(tmpdir(), 'skincheck-www-')), 'www');
  mkdirSync(root);
  symlinkSync(dist, join(root, subpath.replaceAll('/', '')));
  const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const origin = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('http.server did not start')), 10_000);
    server.stdout.on('data', (chunk) => {
      const m = /port (\d+)/.exec(String(chunk));
      if (m) { clearTimeout(timer); ok(`http://127.0.0.1:${m[1]}`); }
    });
  });
  return { origin, stop: () => server.kill() };
}

/** Debian's chromium, headless, with nothing reaching outside. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Records console errors, page errors and requests leaving `origin` on `page`. */
export function watchPage(page, origin) {
  const problems = { errors: [], foreign: [] };
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.foreign.push(r.url()); });
  return problems;
}
