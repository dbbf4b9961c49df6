// Photos from other apps (issue 16), in headless Chromium over a plain static server:
// a share to the app (the manifest's share_target: a multipart POST navigation, answered by
// the service worker, never by the server) and a file opened with the installed app
// (file_handlers: Chromium's own launch through the DevTools PWA domain, delivered by
// window.launchQueue). Each ends in the classifier as a chosen photo does, or in a message.
// Run after `trunk build` (scripts/test.sh does both); SKINCHECK_CLI is the native CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  CLI, DIST, FIXTURES, cliProbabilities, expectProbabilities, launchChromium, serveDist,
} from './support.mjs';

const SUBPATH = '/skincheck/';
// A phone-sized JPEG for the share, a PNG for the launch: two decoders, two sizes.
const SHARED = join(FIXTURES, 'mel_ISIC_0024315_1600x1200.jpg');
const LAUNCHED = join(FIXTURES, 'nv_ISIC_0024306.png');
const SHARE_CACHE = `skincheck ${SUBPATH} shared photo`;
const tmp = mkdtempSync(join(tmpdir(), 'skincheck-share-'));
let server;
let url;
let context;
// Every request the browser made (page, workers, service worker), with what answered it.
const requests = [];
const errors = [];

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  assert.ok(existsSync(CLI), `native CLI ${CLI} missing: run \`cargo build -p skincheck-cli\` first`);
  server = await serveDist(DIST, SUBPATH);
  url = server.origin + SUBPATH;
  // A persistent profile: Chromium installs web apps only outside incognito.
  context = await launchChromium({ userDataDir: join(tmp, 'profile') });
  context.on('request', (r) => requests.push(r));
  watchErrors(context);
  for (const page of context.pages()) await page.close();
});

after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function watchErrors(ctx) {
  ctx.on('page', (page) => {
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });
}

/** A page on the app with its model loaded and the service worker in control. */
async function openApp(ctx = context) {
  const page = await ctx.newPage();
  await page.goto(url);
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 180_000 });
  return page;
}

async function waitForApp(page) {
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
}

/**
 * Shares to the app as Android's share sheet does: a top-level POST navigation of
 * multipart form data to the manifest's action, from outside the app (the app's own CSP,
 * `form-action 'none'`, forbids its pages to post forms). `file` goes in the field
 * the manifest names, `fields` as text. Resolves once the page has landed on `?shared=…`.
 */
async function share(page, { file, fields = {} }) {
  const action = await manifestShareAction(page);
  await page.goto('about:blank');
  await page.evaluate(({ action, fields }) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.enctype = 'multipart/form-data';
    form.action = action;
    for (const [name, value] of Object.entries(fields)) {
      const input = Object.assign(document.createElement('input'), { type: 'hidden', name, value });
      form.append(input);
    }
    form.append(Object.assign(document.createElement('input'), { type: 'file', name: 'photo', id: 'photo' }));
    document.body.append(form);
  }, { action, fields });
  if (file) await page.setInputFiles('#photo', file);
  const landed = page.waitForURL((u) => u.searchParams.has('shared'), { waitUntil: 'commit' });
  await page.evaluate(() => document.querySelector('form').submit());
  await landed;
  const flag = new URL(page.url()).searchParams.get('shared');
  await waitForApp(page);
  // The flag leaves the address, so a reload never asks for the photo again.
  await page.waitForFunction((u) => location.href === u, url);
  return flag;
}

let shareAction;
/** The share target's URL as Chromium parsed it from the manifest (and a parse without errors). */
async function manifestShareAction(page) {
  if (shareAction) return shareAction;
  const cdp = await page.context().newCDPSession(page);
  const { errors: problems, manifest } = await cdp.send('Page.getAppManifest');
  await cdp.detach();
  assert.deepEqual(problems, [], 'manifest parse errors');
  assert.equal(manifest?.shareTarget?.action, `${url}share-target`, 'Chromium\'s share_target');
  assert.match(manifest.shareTarget.method, /post/i);
  assert.match(manifest.launchHandler?.clientMode ?? '', /navigate-?new/i, 'launch_handler');
  shareAction = manifest.shareTarget.action;
  return shareAction;
}

async function inputError(page) {
  await page.waitForSelector('[data-testid=input-error]', { timeout: 20_000 });
  return (await page.textContent('[data-testid=input-error]')).trim();
}

/** The open photo: its name, size in the crop text and whether its preview has pixels. */
async function shownPhoto(page) {
  await page.waitForSelector('.crop-editor canvas.preview');
  return page.evaluate(() => {
    const canvas = document.querySelector('.crop-editor canvas.preview');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
    return {
      name: document.querySelector('.crop-editor .file-name')?.textContent,
      crop: document.querySelector('[data-testid=crop-text]')?.textContent,
      drawn,
    };
  });
}

async function storedShares(page) {
  return page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), SHARE_CACHE);
}

test('a shared photo opens in the classifier, and neither it nor its POST ever reaches the server', async () => {
  const page = await openApp();
  const served = server.requests.length;
  const seen = requests.length;

  assert.equal(await share(page, { file: SHARED }), '1');
  await expectProbabilities(page, cliProbabilities(SHARED), 'shared JPEG');
  const photo = await shownPhoto(page);
  assert.equal(photo.name, basename(SHARED));
  assert.match(photo.crop, /1600 x 1200/);
  assert.ok(photo.drawn > 0, 'the photo is not drawn');
  assert.deepEqual(await storedShares(page), [], 'the shared photo was left in Cache Storage');

  // Server side: nothing but the browser's check for a new sw.js (and no POST at all).
  const toServer = server.requests.slice(served);
  assert.deepEqual(toServer.filter((r) => r.method !== 'GET' || r.path !== `${SUBPATH}sw.js`), [],
    'the static server was asked for something during the share');
  // Browser side: the one POST is the share itself, answered by the service worker.
  const posts = requests.slice(seen).filter((r) => r.method() !== 'GET');
  assert.deepEqual(posts.map((r) => `${r.method()} ${r.url()}`), [`POST ${url}share-target`]);
  const answer = await posts[0].response();
  assert.ok(answer?.fromServiceWorker(), 'the share was not answered by the service worker');
  assert.equal(answer.status(), 303);
  console.log(`  ok share: POST ${basename(SHARED)} answered by the worker (303 to ./?shared=1), `
    + `photo classified as the CLI does; the server saw ${toServer.length} request(s), `
    + `${toServer.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`);

  // A reload of the cleaned address opens nothing again.
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.$('.crop-editor canvas.preview'), null, 'the shared photo came back on reload');
  await page.close();
});

test('a share without an image, or a stale ?shared=1, explains itself in the page\'s language', async () => {
  const page = await openApp();
  const served = server.requests.length;

  assert.equal(await share(page, { fields: { title: 'A link', text: 'https://example.org/mole' } }), 'no-image');
  assert.match(await inputError(page), /^Shared item: The other app sent no photo, and SkinCheck opens only photos \(JPEG, PNG, WebP, GIF, BMP or TIFF\)/);

  const notes = join(tmp, 'notes.txt');
  writeFileSync(notes, 'this is not a photo\n');
  assert.equal(await share(page, { file: notes }), 'no-image');
  assert.match(await inputError(page), /sent no photo/);

  // Opened from an old bookmark or history entry: nothing is stored.
  await page.goto(`${url}?shared=1`);
  await waitForApp(page);
  assert.match(await inputError(page), /^Shared item: The shared photo did not arrive in SkinCheck on this device/);
  await page.waitForFunction((u) => location.href === u, url);

  // In German: a browser whose language is German gets the message in German.
  const german = await launchChromium();
  try {
    const de = await german.newContext({ locale: 'de-DE' });
    watchErrors(de);
    const dePage = await openApp(de);
    assert.equal(await share(dePage, { fields: { text: 'Hallo' } }), 'no-image');
    assert.match(await inputError(dePage), /^Geteilter Inhalt: Die andere App hat kein Foto gesendet, und SkinCheck öffnet nur Fotos/);
  } finally {
    await german.close();
  }

  assert.deepEqual(server.requests.slice(served).filter((r) => r.method !== 'GET'), [], 'a POST reached the server');
  console.log('  ok shares without a photo (text only, a text file) and a stale ?shared=1: a message each; in German for a German browser');
  await page.close();
});

test('a file opened with the installed app (file_handlers) arrives through launchQueue', async (t) => {
  const page = await openApp();
  const cdp = await context.newCDPSession(page);
  const { manifest } = await cdp.send('Page.getAppManifest');
  try {
    await cdp.send('PWA.install', { manifestId: manifest.id });
  } catch (e) {
    // Chromium builds without the DevTools PWA domain cannot launch files headless.
    console.log(`  SKIPPED: this Chromium cannot install the app over DevTools (${e.message})`);
    t.skip('PWA.install unavailable');
    return;
  }
  const { fileHandlers } = await cdp.send('PWA.getOsAppState', { manifestId: manifest.id });
  assert.equal(fileHandlers?.[0]?.action, url, 'Chromium registered no file handler at ./');
  const types = fileHandlers[0].accepts.map((a) => a.mediaType);
  for (const type of ['image/jpeg', 'image/png', 'image/webp']) assert.ok(types.includes(type), `file_handlers lack ${type}`);

  const opened = context.waitForEvent('page');
  await cdp.send('PWA.launchFilesInApp', { manifestId: manifest.id, files: [LAUNCHED] });
  // launch_handler navigate-new: a window of its own, the open one keeps what it shows.
  const app = await opened;
  await waitForApp(app);
  await expectProbabilities(app, cliProbabilities(LAUNCHED), 'file opened with the app');
  const photo = await shownPhoto(app);
  assert.equal(photo.name, basename(LAUNCHED));
  assert.ok(photo.drawn > 0, 'the launched photo is not drawn');
  assert.equal(await page.$('.crop-editor canvas.preview'), null, 'the launch replaced the open window\'s photo');
  console.log(`  ok launch: ${basename(LAUNCHED)} opened with the installed app in a new window, classified as the CLI does`);
  await cdp.send('PWA.uninstall', { manifestId: manifest.id });
  await app.close();
  await page.close();
});

test('no page error on the way', () => {
  assert.deepEqual(errors, [], 'errors in the pages');
});
