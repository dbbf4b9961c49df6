// Browser test of the classifier page: the built dist/ served on 127.0.0.1 (under a
// sub-path, as a deployment would), driven in the system Chromium, compared with the native
// CLI. Run: `trunk build` at the repo root, then `npm test` here (node --test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { once } from 'node:events';
import { createDeflate, deflateSync } from 'node:zlib';
import {
  CLI, DIST, FIXTURES, ROOT, cliProbabilities, crashWorkerOnNextRequest, domProbabilities, expectProbabilities, launchChromium,
  maxDiff, serveDist,
} from './support.mjs';

const HAM = resolve(ROOT, '../shared/data/ham10000/images');
// Screenshots go to docs/ only when asked (SKINCHECK_UPDATE_SCREENSHOTS=1), so a test run
// leaves the tree clean.
const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1'
  ? join(ROOT, 'docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'skincheck-shots-'));
const SUBPATH = '/skincheck/';

let server;
let origin;
let browser;
let page;
const pageErrors = [];
const foreignRequests = [];
const tmp = mkdtempSync(join(tmpdir(), 'skincheck-browser-'));

// ---------- helpers ----------

async function upload(file) {
  await page.setInputFiles('#file-input', file);
}

async function setMetadata({ age = '', sex = '', site = '' } = {}) {
  await page.fill('#age', String(age));
  await page.selectOption('#sex', sex);
  await page.selectOption('#site', site);
}

async function expectInputError(pattern, label) {
  await page.waitForSelector('[data-testid=input-error]', { timeout: 20_000 });
  const text = await page.textContent('[data-testid=input-error]');
  assert.match(text, pattern, `${label}: shown "${text}"`);
  console.log(`  ok ${label}: "${text.trim()}"`);
}

/** Dispatches a real drop / paste event carrying a file built in the page. */
async function dispatchFile(kind, name, bytes, type) {
  await page.evaluate(({ kind, name, b64, type }) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name, { type }));
    const event = kind === 'drop'
      ? new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
      : new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
  }, { kind, name, b64: Buffer.from(bytes).toString('base64'), type });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** One PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  let c = 0xffffffff;
  for (const b of body) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const sum = Buffer.alloc(4); sum.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return Buffer.concat([len, body, sum]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(w, h, depth, colourType) {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(w, 0); data.writeUInt32BE(h, 4);
  data[8] = depth; data[9] = colourType;
  return pngChunk('IHDR', data);
}

/** A valid PNG header declaring `w` x `h` pixels, with a token of data: "huge image". */
function pngClaiming(w, h) {
  return Buffer.concat([
    PNG_SIGNATURE, ihdr(w, h, 8, 2), // 8-bit RGB
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Writes a `w` x `h` 16-bit RGBA PNG (w*h*8 bytes decoded) with EXIF orientation 6 to
 * `path`, deflated row by row so the test never holds it: every row is the same skin-toned
 * gradient, "Up"-filtered to zeros after the first, so it is a few MB on disk.
 */
async function rgba16PngRotated(path, w, h) {
  const first = Buffer.alloc(1 + 8 * w); // filter byte 0 (None), then the pixels
  for (let x = 0; x < w; x++) {
    const t = x % 2048;
    [48_000 + 4 * t, 32_000 + 2 * t, 26_000 + t, 65_535].forEach((v, c) => first.writeUInt16BE(v, 1 + 8 * x + 2 * c));
  }
  const up = Buffer.alloc(1 + 8 * w);
  up[0] = 2; // Up: the same pixels as the row above
  const deflate = createDeflate({ level: 1 });
  const parts = [];
  deflate.on('data', (c) => parts.push(c));
  const done = once(deflate, 'end');
  deflate.write(first);
  for (let y = 1; y < h; y++) if (!deflate.write(up)) await once(deflate, 'drain');
  deflate.end();
  await done;
  // eXIf: a big-endian TIFF block with one entry, Orientation (0x0112) = 6.
  const exif = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
  writeFileSync(path, Buffer.concat([
    PNG_SIGNATURE, ihdr(w, h, 16, 6), pngChunk('eXIf', exif),
    pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0)),
  ]));
}

/**
 * Bytes of the inference worker's wasm memory, which it publishes as `skincheckWasmMemory`
 * (wasm-bindgen's glue keeps its instance private). wasm memory never shrinks, so its
 * growth over a photo is the most that photo cost.
 */
async function workerWasmBytes(on = page) {
  const workers = on.workers();
  assert.equal(workers.length, 1, 'one inference worker');
  return workers[0].evaluate(() => self.skincheckWasmMemory.buffer.byteLength);
}

async function heatmapPixels() {
  return page.$eval('#cam-overlay', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let visible = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) visible++;
    return { width: c.width, height: c.height, visible };
  });
}

// ---------- setup ----------

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  assert.ok(existsSync(CLI), `native CLI ${CLI} missing: run \`cargo build -p skincheck-cli\` first`);
  // Serve dist/ under a sub-path, as a real deployment might: every URL must be relative.
  server = await serveDist(DIST, SUBPATH);
  origin = server.origin;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Keeps the page's wasm memory reachable, for the soak test.
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => {
    window.__pageWasmMemory = e.detail.wasm.memory;
  }));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) foreignRequests.push(r.url()); });
  await page.goto(origin + SUBPATH);
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---------- tests ----------

test('fixture images without metadata match the CLI', async () => {
  const images = readdirSync(FIXTURES).filter((f) => f.endsWith('.png')).sort();
  assert.ok(images.length >= 6);
  await setMetadata();
  for (const name of images) {
    const file = join(FIXTURES, name);
    await upload(file);
    await expectProbabilities(page, cliProbabilities(file), name);
  }
});

test('metadata changes update the result and match the CLI', async () => {
  const file = join(FIXTURES, 'mel_ISIC_0024310.png');
  await setMetadata();
  await upload(file);
  await expectProbabilities(page, cliProbabilities(file), 'mel, no metadata');
  await setMetadata({ age: 55, sex: 'male', site: 'back' });
  await expectProbabilities(page, cliProbabilities(file, { age: 55, sex: 'male', site: 'back' }), 'mel, 55 male back');
  // The details stay in the form for the next photo.
  const next = join(FIXTURES, 'bcc_ISIC_0024345.png');
  await upload(next);
  await expectProbabilities(page, cliProbabilities(next, { age: 55, sex: 'male', site: 'back' }), 'bcc, details kept');
  await setMetadata({ age: 30, sex: 'female', site: 'lower extremity' });
  await expectProbabilities(page, cliProbabilities(next, { age: 30, sex: 'female', site: 'lower extremity' }), 'bcc, 30 female lower extremity');
});

test('HAM10000 JPEGs match the CLI (resize path)', async (t) => {
  if (!existsSync(HAM)) {
    console.log(`  SKIPPED: ${HAM} does not exist, no HAM10000 JPEGs compared`);
    t.skip('HAM10000 images not available');
    return;
  }
  const jpegs = readdirSync(HAM).filter((f) => f.endsWith('.jpg')).sort().slice(0, 2);
  assert.equal(jpegs.length, 2);
  const meta = { age: 70, sex: 'female', site: 'face' };
  await setMetadata();
  await upload(join(HAM, jpegs[0]));
  await expectProbabilities(page, cliProbabilities(join(HAM, jpegs[0])), `${jpegs[0]} (HAM JPEG)`);
  await setMetadata(meta);
  await upload(join(HAM, jpegs[1]));
  await expectProbabilities(page, cliProbabilities(join(HAM, jpegs[1]), meta), `${jpegs[1]} (HAM JPEG, 70 female face)`);
});

test('the activation map is drawn', async () => {
  await page.waitForSelector('#cam-overlay');
  const first = await heatmapPixels();
  assert.ok(first.width > 0 && first.visible > 0, `blank heatmap: ${JSON.stringify(first)}`);
  // Another class can be chosen, and still gives a map.
  await page.click('[data-testid=probabilities] li:last-child button');
  const other = await heatmapPixels();
  assert.ok(other.visible > 0, `blank heatmap for the last class: ${JSON.stringify(other)}`);
  console.log(`  ok heatmap: ${first.visible} of ${first.width * first.height} pixels visible`);
});

test('the square zooms and moves (keyboard, drag, wheel), and the result follows', async () => {
  const file = join(FIXTURES, 'bkl_ISIC_0024312.png');
  await setMetadata();
  await upload(file);
  const centred = cliProbabilities(file);
  await expectProbabilities(page, centred, 'bkl, centred square');
  const before = await page.textContent('[data-testid=crop-text]');
  await page.focus('.crop-box');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const after = await page.textContent('[data-testid=crop-text]');
  assert.notEqual(after, before, 'the square did not change');
  assert.match(after, /square 159 x 159 px at \(19, 19\) of 192 x 192/);
  // The result is recomputed for the new square: it differs from the centred one.
  const deadline = Date.now() + 20_000;
  let shown = {};
  while (Date.now() < deadline) {
    shown = await domProbabilities(page);
    const busy = await page.getAttribute('[data-testid=results]', 'aria-busy');
    if (busy === 'false' && maxDiff(shown, centred) > 1e-4) break;
    await page.waitForTimeout(100);
  }
  assert.ok(maxDiff(shown, centred) > 1e-4, 'the result did not follow the square');
  // Dragging moves it (by photo pixels = CSS pixels x photo/display scale).
  const box = await page.locator('.crop-box').boundingBox();
  const stage = await page.locator('.crop-stage').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx - stage.width / 4, cy - stage.height / 4, { steps: 5 });
  await page.mouse.up();
  assert.match(await page.textContent('[data-testid=crop-text]'), /square 159 x 159 px at \(0, 0\)/);
  // The wheel over the photo zooms (wheel up: a smaller square).
  await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction(() => /square 145 x 145/.test(document.querySelector('[data-testid=crop-text]').textContent));
  // Home centres it again, and the result returns to the CLI's.
  await page.focus('.crop-box');
  await page.keyboard.press('Home');
  await expectProbabilities(page, centred, 'bkl, re-centred with Home');
  console.log(`  ok keyboard: "${before}" -> "${after}"`);
});

test('bad inputs show a clear message and the next photo still works', async () => {
  const good = join(FIXTURES, 'nv_ISIC_0024306.png');
  const goodBytes = readFileSync(good);
  await setMetadata();
  const cases = [
    ['empty.png', Buffer.alloc(0), /empty \(0 bytes\)/, 'empty file'],
    ['notes.txt', Buffer.from('this is not a photo\n'), /not an image SkinCheck can read/, 'text file'],
    ['truncated.png', goodBytes.subarray(0, 2000), /damaged or incomplete/, 'truncated PNG'],
    ['huge.png', pngClaiming(12000, 9000), /too large \(12000x9000/, 'huge image (108 MP)'],
  ];
  for (const [name, bytes, pattern, label] of cases) {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    await upload(path);
    await expectInputError(pattern, label);
    await upload(good);
    await expectProbabilities(page, cliProbabilities(good), `good photo after ${label}`);
  }
  // A non-image dropped on the page, then a photo pasted from the clipboard.
  await dispatchFile('drop', 'report.pdf', Buffer.from('%PDF-1.4 not an image'), 'application/pdf');
  await expectInputError(/not an image SkinCheck can read/, 'dropped PDF');
  await dispatchFile('paste', 'pasted.png', goodBytes, 'image/png');
  await expectProbabilities(page, cliProbabilities(good), 'pasted photo after the dropped PDF');
});

test('a photo small on disk but large decoded: over the limit it is refused before the worker allocates it, just inside it is classified within the limit', async () => {
  const MB = 1e6;
  const good = join(FIXTURES, 'nv_ISIC_0024306.png');
  await setMetadata();
  await upload(good);
  await expectProbabilities(page, cliProbabilities(good), 'good photo before the large ones');
  const start = await workerWasmBytes();
  // 9236x6928 (63.99 MP, inside the pixel limit) at 8 bytes a pixel: 512 MB decoded, over
  // the 384 MB decode limit (before the limit it was decoded, turned and converted: the CLI
  // peaked at 1049 MB on it).
  const over = join(tmp, 'rgba16_64mp_exif6.png');
  await rgba16PngRotated(over, 9236, 6928);
  await upload(over);
  await expectInputError(/9236x6928 pixels in 16-bit RGBA, 512 MB decoded; save it as an 8-bit JPEG/,
    '64 MP 16-bit RGBA PNG with EXIF 6');
  const refused = await workerWasmBytes();
  console.log(`  ok worker wasm memory ${(start / MB).toFixed(0)} MB -> ${(refused / MB).toFixed(0)} MB over the refused photo`);
  // Its file's bytes (2 MB) and the decoder's header buffers at most: nothing photo-sized.
  assert.ok(refused - start <= 16 * MB, `the refused photo grew the worker by ${(refused - start) / MB} MB`);
  // 8000x6000 at 8 bytes a pixel: 384 MB decoded, exactly the limit. Its 8-bit copy (made
  // over the decoded bytes) and the quarter turn fit in the memory the decode already took.
  const inside = join(tmp, 'rgba16_48mp_exif6.png');
  await rgba16PngRotated(inside, 8000, 6000);
  const expected = cliProbabilities(inside);
  const started = Date.now();
  await upload(inside);
  // A 48 MP decode in wasm takes a while: wait for the photo to open (or be refused), then
  // for its verdict, before comparing.
  await page.waitForFunction(() => {
    const crop = document.querySelector('[data-testid=crop-text]')?.textContent ?? '';
    const error = document.querySelector('[data-testid=input-error]')?.textContent ?? '';
    return /of 6000 x 8000/.test(crop) || error.includes('rgba16_48mp');
  }, null, { timeout: 120_000 });
  assert.equal(await page.$('[data-testid=input-error]'), null, '48 MP photo refused');
  const opened = Date.now();
  // A synthetic gradient is no lesion: the gate's notice (the CLI's verdict) comes first, the
  // estimate on request.
  await page.waitForFunction(() => document.querySelector('[data-testid=check], [data-testid=probabilities] li')
    && document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
  console.log(`  ok 48 MP photo opened in the worker in ${((opened - started) / 1000).toFixed(1)} s, classified in ${((Date.now() - opened) / 1000).toFixed(1)} s`);
  const notice = await page.$('[data-testid=check]');
  const status = notice ? await notice.getAttribute('data-status') : 'ok';
  assert.equal(status, cliCheck(inside).status, 'wasm and native checks differ');
  const showAnyway = await page.$('[data-testid=show-anyway]');
  if (showAnyway && await showAnyway.getAttribute('aria-expanded') === 'false') await showAnyway.click();
  await expectProbabilities(page, expected, '48 MP 16-bit RGBA PNG with EXIF 6');
  assert.match(await page.textContent('[data-testid=crop-text]'), /square 6000 x 6000 px at \(0, 1000\) of 6000 x 8000/);
  const classified = await workerWasmBytes();
  console.log(`  ok worker wasm memory ${(refused / MB).toFixed(0)} MB -> ${(classified / MB).toFixed(0)} MB over the 48 MP photo`);
  assert.ok(classified - refused <= 384 * MB + 32 * MB,
    `the 48 MP photo grew the worker by ${(classified - refused) / MB} MB`);
});

/** The CLI's quality-gate check for one file: { status, reasons }. */
function cliCheck(file) {
  const out = JSON.parse(execFileSync(CLI, ['classify', '--json', file], { cwd: ROOT, encoding: 'utf8' }));
  assert.equal(out.results.length, 1, `CLI failed on ${file}: ${JSON.stringify(out.errors)}`);
  const { status, reasons } = out.results[0].check;
  return { status, reasons };
}

/** Waits for the gate's notice of a new photo (its text differs from `before`), returns it. */
async function shownCheck(label, before = '') {
  await page.waitForFunction((prev) => {
    const notice = document.querySelector('[data-testid=check]');
    const busy = document.querySelector('[data-testid=results]')?.getAttribute('aria-busy');
    return notice && busy === 'false' && notice.textContent !== prev;
  }, before, { timeout: 30_000 });
  const status = await page.getAttribute('[data-testid=check]', 'data-status');
  const reasons = await page.$$eval('[data-testid=check] [data-reason]', (els) => els.map((e) => e.dataset.reason));
  const text = await page.textContent('[data-testid=check]');
  console.log(`  ok ${label}: ${status} (${reasons.join(', ')}): "${text.trim().slice(0, 90)}…"`);
  return { status, reasons, text };
}

test('the quality gate: a non-lesion picture, a blurred photo and a screenshot show their reason first, without triage; the next good photo is judged', async () => {
  await setMetadata();
  // A cat photo (scikit-image, CC0): not a lesion. The reason comes first, no estimate, no triage.
  const cat = join(ROOT, 'tests/fixtures/non_lesion/skimage_chelsea.jpg');
  await upload(cat);
  const catCheck = await shownCheck('cat photo');
  assert.deepEqual({ status: catCheck.status, reasons: catCheck.reasons }, cliCheck(cat), 'wasm and native checks differ');
  assert.equal(catCheck.status, 'not_a_lesion');
  assert.match(catCheck.text, /does not look like a dermatoscopic photo of a skin lesion/);
  assert.equal(await page.$('[data-testid=probabilities]'), null, 'probabilities shown before asking');
  assert.equal(await page.$('[data-testid=triage]'), null, 'a triage for a refused photo');
  // "Show the estimate anyway": the CLI's probabilities, still without a triage colour.
  await page.click('[data-testid=show-anyway]');
  await expectProbabilities(page, cliProbabilities(cat), 'cat photo, estimate shown anyway');
  assert.equal(await page.$('[data-testid=triage]'), null, 'a triage after "show anyway"');
  assert.ok(await page.$('[data-testid=no-triage]'), 'no "no triage" line');

  // A lesion photo blurred in the page's canvas (blur 6 px): too blurry to judge.
  const lesion = readFileSync(join(FIXTURES, 'mel_ISIC_0024310.png')).toString('base64');
  const blurred = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.filter = 'blur(6px)';
    ctx.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png').split(',')[1];
  }, lesion);
  const blurredFile = join(tmp, 'mel_blurred.png');
  writeFileSync(blurredFile, Buffer.from(blurred, 'base64'));
  await upload(blurredFile);
  const blurCheck = await shownCheck('blurred lesion', catCheck.text);
  assert.deepEqual({ status: blurCheck.status, reasons: blurCheck.reasons }, cliCheck(blurredFile), 'wasm and native checks differ');
  assert.equal(blurCheck.status, 'poor_quality');
  assert.equal(blurCheck.reasons[0], 'too_blurry');
  assert.match(blurCheck.text, /too blurry to judge: hold the camera still/);

  // A screenshot of this page, given as a photo.
  const shot = join(tmp, 'screenshot.png');
  await page.screenshot({ path: shot });
  await upload(shot);
  const shotCheck = await shownCheck('screenshot of the app', blurCheck.text);
  assert.notEqual(shotCheck.status, 'ok');
  assert.deepEqual({ status: shotCheck.status, reasons: shotCheck.reasons }, cliCheck(shot), 'wasm and native checks differ');

  // The next good photo: judged as usual, with its triage and no notice.
  const good = join(FIXTURES, 'nv_ISIC_0024306.png');
  assert.deepEqual(cliCheck(good), { status: 'ok', reasons: [] });
  await upload(good);
  await expectProbabilities(page, cliProbabilities(good), 'good photo after the refused ones');
  assert.ok(await page.$('[data-testid=triage]'), 'no triage for a good photo');
  assert.equal(await page.$('[data-testid=check]'), null, 'a notice for a good photo');
});

test('screenshots of the result view (1280x800, 360x740)', async () => {
  const file = join(FIXTURES, 'mel_ISIC_0024310.png');
  await setMetadata({ age: 55, sex: 'male', site: 'back' });
  await upload(file);
  await expectProbabilities(page, cliProbabilities(file, { age: 55, sex: 'male', site: 'back' }), 'screenshot photo');
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(0, 0); // no hover highlight in the pictures
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'classifier-1280.png') });
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 360 px by ${overflow} px`);
  await page.$eval('[data-testid=results]', (el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(SHOTS, 'classifier-360.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  console.log(`  ok screenshots in ${SHOTS}`);
});

// The tampered-model case (hash mismatch) and the full request record live in
// offline.test.mjs, where they also cover the service worker.

test('500 classifications in a row: the page\'s and the worker\'s wasm memory grow by at most 16 MB after the first 20', async () => {
  const SOAK = 500;
  const MB = 1048576;
  const file = join(FIXTURES, 'nv_ISIC_0024306.png');
  await setMetadata();
  await upload(file);
  await expectProbabilities(page, cliProbabilities(file), 'soak: first photo');
  const classified = () => page.evaluate(() => performance.getEntriesByName('skincheck:classified').length);
  const memory = async () => ({
    page: await page.evaluate(() => window.__pageWasmMemory.buffer.byteLength),
    worker: await workerWasmBytes(page),
  });
  const base = await classified();
  let warm;
  const started = Date.now();
  for (let i = 1; i <= SOAK; i++) {
    // Each new age is one classification; the next waits for its result.
    await page.fill('#age', String(20 + (i % 60)));
    await page.waitForFunction((n) => performance.getEntriesByName('skincheck:classified').length >= n, base + i, { timeout: 60_000 });
    if (i === 20) warm = await memory();
  }
  const end = await memory();
  const seconds = (Date.now() - started) / 1000;
  await expectProbabilities(page, cliProbabilities(file, { age: 20 + (SOAK % 60) }), `soak: after ${SOAK}`);
  const growth = { page: (end.page - warm.page) / MB, worker: (end.worker - warm.worker) / MB };
  console.log(`  measured after 20 → ${SOAK} classifications (${seconds.toFixed(0)} s): page wasm ${(warm.page / MB).toFixed(1)} → ${(end.page / MB).toFixed(1)} MB, ` +
    `worker wasm ${(warm.worker / MB).toFixed(1)} → ${(end.worker / MB).toFixed(1)} MB`);
  assert.ok(growth.page <= 16, `the page's wasm memory grew ${growth.page.toFixed(1)} MB`);
  assert.ok(growth.worker <= 16, `the worker's wasm memory grew ${growth.worker.toFixed(1)} MB`);
  await setMetadata();
});

test('other pages render and nothing left the origin', async () => {
  for (const [link, heading] of [['About', /About SkinCheck/], ['Data', /Training data/], ['Model', /The model/]]) {
    await page.click(`nav >> text=${link}`);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('main h1')?.textContent ?? ''),
      heading.source);
    if (link === 'About') {
      const text = await page.textContent('main');
      assert.match(text, /doi:10\.1038\/sdata\.2018\.161/);
      assert.match(text, /CC BY-NC-SA 4\.0|BY-NC-SA 4\.0/);
      assert.match(text, /Not a diagnosis/);
    }
    if (link === 'Model') {
      // The headline figures are the shipped evaluation.json's, not numbers typed into the page.
      const report = JSON.parse(readFileSync(join(DIST, 'assets/evaluation.json'), 'utf8'));
      await page.waitForSelector('[data-testid=balanced-accuracy]');
      const shown = await page.textContent('[data-testid=balanced-accuracy]');
      const [lo, hi] = report.intervals.balanced_accuracy.map((v) => (100 * v).toFixed(1));
      assert.equal(
        shown.trim(),
        `${(100 * report.balanced_accuracy).toFixed(1)} % (95 % CI ${lo}–${hi})`,
      );
      // The rare classes' caveat is computed from the same report (14 df photos here).
      assert.match(await page.textContent('[data-testid=small-class-caveat]'), /only 14 df and 17 vasc photos/);
      assert.match(await page.textContent('[data-testid=headline-figures]'), new RegExp(`${report.images} images`));
      // The gate's figures: flagged test photos and the non-lesion detection rate.
      const gate = report.quality_gate;
      const flagged = Object.values(gate.flagged).reduce((a, b) => a + b, 0);
      assert.match(await page.textContent('[data-testid=gate-flagged]'),
        new RegExp(`^${flagged} of ${report.images} photos \\(${(100 * gate.flagged_fraction).toFixed(1)} %\\)`));
      const nl = report.non_lesion;
      assert.match(await page.textContent('[data-testid=gate-non-lesion]'),
        new RegExp(`^${nl.flagged} of ${nl.photos} \\(${(100 * nl.detection_rate).toFixed(1)} %\\)`));
    }
  }
  await page.click('nav >> text=Classifier');
  await page.waitForSelector('[data-testid=probabilities]');
  assert.deepEqual(foreignRequests, [], 'requests to other origins');
  assert.deepEqual(pageErrors, [], 'errors in the page console');
});

test('a worker that crashes mid-classification is replaced: the photo is reopened and classified again', async () => {
  // A page of its own: the crash is logged as an error, which the test above forbids.
  const own = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await own.goto(origin + SUBPATH);
  await own.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 60_000 });
  const file = join(FIXTURES, 'mel_ISIC_0024310.png');
  await own.setInputFiles('#file-input', file);
  await expectProbabilities(own, cliProbabilities(file), 'before the crash');
  await crashWorkerOnNextRequest(own);
  await own.fill('#age', '55');
  await own.waitForSelector('[data-testid=result-error]', { timeout: 30_000 });
  const error = await own.textContent('[data-testid=result-error]');
  assert.match(error, /background worker stopped \(.*simulated crash\)/);
  // The fresh worker gets the model and the photo again; the new details' result follows.
  await expectProbabilities(own, cliProbabilities(file, { age: 55 }), 'after the restart, age 55');
  assert.equal(await own.getAttribute('[data-testid=model-status]', 'data-state'), 'ready');
  assert.equal(await own.$('[data-testid=result-error]'), null, 'the error is gone with the new result');
  assert.equal(own.workers().length, 1, 'the broken worker was terminated');
  console.log(`  ok crash shown as "${error.trim()}", then the photo was classified again`);
  await own.close();
});
