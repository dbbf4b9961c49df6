// Browser test of the batch page: 20 fixture photos give the CLI's probabilities, the CSV
// export has the CLI's columns and values, sorting and the heat map work, cancel stops the
// queue, 500 photos grow neither the JS heap (50 MB) nor the page's or the worker's wasm
// memory (16 MB) beyond a bound after the first 20, and a
// worker that crashes mid-batch fails only its row while a fresh worker finishes the rest.
// Run after `trunk build` and `cargo build -p skincheck-cli` (see scripts/test.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  HAM, ROOT, TOLERANCE, cli, download, fixturePhotos, goTo, heapUsed, openApp, parseCsv, start,
} from './harness.mjs';
import { crashWorkerOnNextRequest } from './support.mjs';

// Screenshots go to docs/ only when asked (SKINCHECK_UPDATE_SCREENSHOTS=1), so a test run
// leaves the tree clean.
const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : null;

let app;
let page;
let problems;
const photos = fixturePhotos();

before(async () => {
  app = await start();
  const context = await app.browser.newContext({ acceptDownloads: true });
  // Keeps the page's wasm memory reachable, to report its size beside the JS heap.
  await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => {
    window.__pageWasmMemory = e.detail.wasm.memory;
  }));
  ({ page, problems } = await openApp(context, app.origin));
  await goTo(page, 'Batch');
});

after(async () => {
  await app?.close();
});

async function progress() {
  return page.$eval('[data-testid=batch-progress]', (e) => ({
    finished: Number(e.dataset.finished),
    total: Number(e.dataset.total),
    running: e.dataset.running === 'true',
    cancelled: Number(e.dataset.cancelled),
    text: e.textContent,
  }));
}

async function waitFinished(n, timeout = 600_000, pg = page) {
  await pg.waitForFunction((n) => {
    const e = document.querySelector('[data-testid=batch-progress]');
    return Number(e?.dataset.finished) >= n && e.dataset.running === 'false';
  }, n, { timeout, polling: 250 });
}

async function clearBatch() {
  if (await page.isEnabled('[data-testid=batch-clear]')) await page.click('[data-testid=batch-clear]');
  await page.waitForFunction(() => document.querySelector('[data-testid=batch-progress]').dataset.total === '0');
}

/** The table's rows as { file, status, top, text, probabilities: {code: p} }. */
async function tableRows(pg = page) {
  return pg.$$eval('[data-testid=batch-table] tbody tr', (trs) => trs.map((tr) => ({
    file: tr.dataset.file,
    status: tr.dataset.status,
    top: tr.dataset.top,
    text: tr.textContent,
    probabilities: tr.dataset.probabilities ? Object.fromEntries(JSON.parse(tr.dataset.probabilities)) : null,
  })));
}

function maxDiff(a, b) {
  const codes = Object.keys(b);
  if (Object.keys(a).length !== codes.length) return Infinity;
  return Math.max(...codes.map((c) => (c in a ? Math.abs(a[c] - b[c]) : Infinity)));
}

test('20 fixture photos give the CLI\'s probabilities, row by row', async () => {
  assert.equal(photos.length, 20, `expected 20 committed fixture photos, found ${photos.length}`);
  const expected = Object.fromEntries(JSON.parse(cli('json', photos)).results
    .map((r) => [basename(r.file), Object.fromEntries(r.probabilities)]));
  const started = Date.now();
  await page.setInputFiles('#batch-files', photos);
  await waitFinished(20);
  const seconds = (Date.now() - started) / 1000;
  const rows = await tableRows();
  assert.equal(rows.length, 20);
  let worst = 0;
  for (const row of rows) {
    assert.equal(row.status, 'done', `${row.file} not classified`);
    const diff = maxDiff(row.probabilities, expected[row.file]);
    assert.ok(diff <= TOLERANCE, `${row.file}: page ${JSON.stringify(row.probabilities)} vs CLI ${JSON.stringify(expected[row.file])}`);
    worst = Math.max(worst, diff);
  }
  const p = await progress();
  assert.match(p.text, /^20 of 20/);
  console.log(`  ok 20 photos in ${seconds.toFixed(1)} s, all 7 probabilities within ${worst.toExponential(2)} of the CLI`);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'batch-1280.png'), fullPage: true });
});

test('the CSV export has the CLI\'s columns and values', async () => {
  const { name, text } = await download(page, () => page.click('[data-testid=batch-export]'));
  assert.match(name, /^skincheck-batch-\d{4}-\d{2}-\d{2}\.csv$/);
  const got = parseCsv(text);
  const want = parseCsv(cli('csv', photos));
  assert.deepEqual(got[0], want[0], 'header differs from `skincheck classify --csv`');
  assert.ok(got[0].includes('p_mel') && got[0].includes('model_sha256') && got[0].includes('age'));
  assert.equal(got.length, want.length, 'one line per photo');
  const byFile = Object.fromEntries(want.slice(1).map((r) => [basename(r[0]), r]));
  const numeric = (s) => s !== '' && !Number.isNaN(Number(s));
  for (const row of got.slice(1)) {
    const ref = byFile[row[0]];
    assert.ok(ref, `${row[0]} not in the CLI's CSV`);
    for (let i = 1; i < row.length; i++) {
      const col = got[0][i];
      if (numeric(ref[i]) && !col.startsWith('crop')) {
        assert.ok(Math.abs(Number(row[i]) - Number(ref[i])) <= TOLERANCE, `${row[0]} ${col}: ${row[i]} vs ${ref[i]}`);
      } else {
        assert.equal(row[i], ref[i], `${row[0]} ${col}`);
      }
    }
  }
  console.log(`  ok CSV: ${got.length - 1} rows x ${got[0].length} columns match the CLI`);
});

test('sorting by probability and opening a row\'s heat map', async () => {
  await page.click('button[data-sort=TopProbability]');
  let ps = await page.$$eval('[data-testid=batch-table] tbody td[data-probability]', (tds) => tds.map((t) => Number(t.dataset.probability)));
  assert.deepEqual(ps, [...ps].sort((a, b) => b - a), 'not highest first');
  await page.click('button[data-sort=TopProbability]');
  ps = await page.$$eval('[data-testid=batch-table] tbody td[data-probability]', (tds) => tds.map((t) => Number(t.dataset.probability)));
  assert.deepEqual(ps, [...ps].sort((a, b) => a - b), 'not lowest first');
  await page.click('button[data-sort=File]');
  const files = (await tableRows()).map((r) => r.file);
  assert.deepEqual(files, [...files].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

  await page.click('[data-testid=batch-table] tbody tr[data-status=done] >> nth=0');
  await page.waitForSelector('#cam-overlay', { timeout: 60_000 });
  await page.waitForFunction(() => {
    const c = document.querySelector('#cam-overlay');
    if (!c || !c.width) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
    return false;
  }, null, { timeout: 60_000 });
  const first = (await tableRows())[0];
  const shown = await page.$$eval('[data-testid=batch-detail] [data-testid=probabilities] li', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.class, Number(e.dataset.probability)])));
  assert.ok(maxDiff(shown, first.probabilities) <= 1e-6, 'the detail shows another result than its row');
  console.log(`  ok sorted 3 ways; ${first.file}: heat map drawn, detail matches its row`);
});

test('cancel stops the queue', async () => {
  await clearBatch();
  const queued = [...photos, ...photos, ...photos];
  await page.setInputFiles('#batch-files', queued);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=batch-progress]').dataset.finished) >= 2,
    null, { polling: 'raf', timeout: 120_000 });
  await page.click('[data-testid=batch-cancel]');
  await page.waitForFunction(() => document.querySelector('[data-testid=batch-progress]').dataset.running === 'false');
  const stopped = await progress();
  await page.waitForTimeout(2000);
  const later = await progress();
  assert.ok(stopped.finished < queued.length && stopped.cancelled > 0, JSON.stringify(stopped));
  assert.equal(later.finished, stopped.finished, 'photos were classified after cancel');
  assert.equal(stopped.finished + stopped.cancelled, queued.length);
  const statuses = (await tableRows()).map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 'cancelled').length, stopped.cancelled);
  console.log(`  ok cancelled after ${stopped.finished} of ${queued.length}: "${stopped.text.trim()}"`);
});

test('a chosen folder and dropped photos are queued; other files are left out', async () => {
  await clearBatch();
  const dir = join(app.tmp, 'moles');
  mkdirSync(dir, { recursive: true });
  copyFileSync(photos[0], join(dir, basename(photos[0])));
  copyFileSync(photos[19], join(dir, basename(photos[19])));
  writeFileSync(join(dir, 'notes.txt'), 'not a photo');
  await page.setInputFiles('#batch-folder', dir);
  await waitFinished(2);
  let rows = await tableRows();
  assert.deepEqual(rows.map((r) => r.file).sort(), [basename(photos[0]), basename(photos[19])].map((f) => `moles/${f}`).sort());
  const skipped = await page.textContent('[data-testid=batch-skipped]');
  assert.match(skipped, /notes\.txt/);

  // A drop of two photos (built in the page, as a drag from the desktop would bring them).
  const dropped = [photos[1], photos[2]].map((f) => ({ name: basename(f), b64: readFileSync(f).toString('base64') }));
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of files) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, dropped);
  await waitFinished(4);
  rows = await tableRows();
  assert.equal(rows.length, 4);
  assert.ok(dropped.every((d) => rows.some((r) => r.file === d.name && r.status === 'done')), JSON.stringify(rows.map((r) => r.file)));
  console.log(`  ok folder (2 photos + notes.txt left out) and a drop of 2 photos: ${rows.length} rows classified`);
});

/** The inference worker's wasm memory in bytes, which it publishes as `skincheckWasmMemory`. */
async function workerWasmBytes(pg) {
  const [worker] = pg.workers();
  return worker.evaluate(() => self.skincheckWasmMemory.buffer.byteLength);
}

// The soak test: memory does not grow with use. Wasm memory never shrinks, so a leak shows as
// growth between the warm state (after 20 photos) and the end.
const SOAK = 500;
const MB = 1048576;
test(`${SOAK} photos: the JS heap grows by at most 50 MB, the page's and the worker's wasm memory by at most 16 MB, after the first 20`, async () => {
  await clearBatch();
  let files;
  let source;
  if (existsSync(HAM)) {
    files = readdirSync(HAM).filter((f) => f.endsWith('.jpg')).sort().slice(0, SOAK).map((f) => join(HAM, f));
    source = `the first ${SOAK} JPEGs of ${HAM}`;
  } else {
    // The 20 fixtures 25 times over, under distinct names.
    const dir = join(app.tmp, 'soak');
    mkdirSync(dir, { recursive: true });
    files = [];
    for (let i = 0; files.length < SOAK; i++) {
      for (const f of photos) {
        const copy = join(dir, `${i}_${basename(f, extname(f))}${extname(f)}`);
        copyFileSync(f, copy);
        files.push(copy);
      }
    }
    source = `the 20 committed fixtures repeated ${SOAK / 20} times (../shared not present)`;
  }
  assert.equal(files.length, SOAK);
  const cdp = await page.context().newCDPSession(page);
  const started = Date.now();
  await page.setInputFiles('#batch-files', files);
  // Warm: 20 done while the rest still run (waitFinished waits for the queue to stop).
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=batch-progress]')?.dataset.finished) >= 20,
    null, { timeout: 600_000, polling: 250 });
  const heap20 = await heapUsed(cdp);
  const wasm20 = await page.evaluate(() => window.__pageWasmMemory?.buffer.byteLength ?? NaN);
  const worker20 = await workerWasmBytes(page);
  await waitFinished(SOAK, 1_800_000);
  const seconds = (Date.now() - started) / 1000;
  const heapEnd = await heapUsed(cdp);
  const wasmEnd = await page.evaluate(() => window.__pageWasmMemory?.buffer.byteLength ?? NaN);
  const workerEnd = await workerWasmBytes(page);
  const rows = await tableRows();
  assert.equal(rows.filter((r) => r.status === 'done').length, SOAK);
  const growth = { heap: (heapEnd - heap20) / MB, page: (wasmEnd - wasm20) / MB, worker: (workerEnd - worker20) / MB };
  console.log(`  measured after 20 → ${SOAK} photos: JS heap ${(heap20 / MB).toFixed(1)} → ${(heapEnd / MB).toFixed(1)} MB; ` +
    `page wasm ${(wasm20 / MB).toFixed(1)} → ${(wasmEnd / MB).toFixed(1)} MB; worker wasm ${(worker20 / MB).toFixed(1)} → ${(workerEnd / MB).toFixed(1)} MB; ` +
    `${SOAK} photos in ${seconds.toFixed(0)} s; source: ${source}`);
  assert.ok(growth.heap <= 50, `heap grew ${growth.heap.toFixed(1)} MB between photo 20 and ${SOAK}`);
  assert.ok(growth.page <= 16, `the page's wasm memory grew ${growth.page.toFixed(1)} MB`);
  assert.ok(growth.worker <= 16, `the worker's wasm memory grew ${growth.worker.toFixed(1)} MB`);
  assert.deepEqual(problems, [], 'page errors or foreign requests');
});

test('a worker that crashes mid-batch fails its row; a fresh worker finishes the rest', async () => {
  // A page of its own: the crash is logged as an error, which the other tests forbid.
  const context = await app.browser.newContext();
  const { page: crashing } = await openApp(context, app.origin);
  await goTo(crashing, 'Batch');
  await crashWorkerOnNextRequest(crashing);
  const six = photos.slice(0, 6);
  await crashing.setInputFiles('#batch-files', six);
  await waitFinished(6, 300_000, crashing);
  const rows = await tableRows(crashing);
  const failed = rows.filter((r) => r.status === 'failed');
  assert.equal(failed.length, 1, JSON.stringify(rows.map((r) => [r.file, r.status])));
  assert.equal(failed[0].file, basename(six[0]), 'the row in flight at the crash is the one that fails');
  assert.match(failed[0].text, /background worker stopped \(.*simulated crash\)/);
  assert.equal(rows.filter((r) => r.status === 'done').length, 5, 'the rest finish in the fresh worker');
  const expected = Object.fromEntries(JSON.parse(cli('json', six.slice(1))).results
    .map((r) => [basename(r.file), Object.fromEntries(r.probabilities)]));
  for (const row of rows.filter((r) => r.status === 'done')) {
    assert.ok(maxDiff(row.probabilities, expected[row.file]) <= TOLERANCE, `${row.file} after the restart`);
  }
  const state = await crashing.getAttribute('[data-testid=model-status]', 'data-state');
  assert.equal(state, 'ready', 'the model is loaded again in the fresh worker');
  assert.equal(crashing.workers().length, 1, 'the broken worker was terminated');
  console.log(`  ok crash on ${failed[0].file}: "${failed[0].text.trim()}"; the other 5 rows match the CLI`);
  await context.close();
});
