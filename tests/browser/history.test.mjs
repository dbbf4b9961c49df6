// Browser test of the history: nothing is saved without the user's action; saved results
// survive a reload; a lesion's timeline is charted; delete one / all; export → clear → import
// restores identical entries; a corrupt import changes nothing; a file over the size limit is
// refused unread; importing an export twice adds nothing and a changed entry is kept as a
// copy, never replacing the stored one; storage failures (no IndexedDB, quota exceeded) give
// clear messages.
// Run after `trunk build` and `cargo build -p skincheck-cli` (see scripts/test.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, download, goTo, openApp, start } from './harness.mjs';

let app;
let context;
let page;
let problems;
const FIXTURES = join(ROOT, 'tests/fixtures/images');

before(async () => {
  app = await start();
  context = await app.browser.newContext({ acceptDownloads: true });
  ({ page, problems } = await openApp(context, app.origin));
});

after(async () => {
  await app?.close();
});

/** Classifies a fixture on the classifier page and saves it under `label`; returns its top class. */
async function classifyAndSave(file, label) {
  await page.setInputFiles('#file-input', join(FIXTURES, file));
  // The result shown is this photo's: the record to save carries its name.
  await page.waitForSelector(`[data-testid=save-result][data-file="${file}"]`, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') === 'false');
  const top = await page.$eval('[data-testid=probabilities] li', (li) => li.dataset.class);
  await page.fill('#lesion-label', label);
  await page.click('[data-testid=save-result]');
  await page.waitForSelector('[data-testid=save-status]', { timeout: 20_000 });
  return top;
}

async function historyCount() {
  await page.waitForSelector('[data-testid=history-count], [data-testid=history-empty], [data-testid=storage-error]');
  const n = await page.$('[data-testid=history-count]');
  return n ? Number(await n.getAttribute('data-count')) : 0;
}

async function exportHistory() {
  const { name, text } = await download(page, () => page.click('[data-testid=history-export]'));
  assert.match(name, /^skincheck-history-\d{4}-\d{2}-\d{2}\.json$/);
  return JSON.parse(text);
}

async function importFile(path) {
  await page.setInputFiles('#history-import', path);
  await page.waitForSelector('[data-testid=history-notice], [data-testid=history-error]');
}

test('nothing is saved until the user saves', async () => {
  await page.setInputFiles('#file-input', join(FIXTURES, 'nv_ISIC_0024306.png'));
  await page.waitForSelector('[data-testid=save-result][data-file="nv_ISIC_0024306.png"]', { timeout: 60_000 });
  await goTo(page, 'History');
  await page.waitForSelector('[data-testid=history-empty]');
  console.log('  ok a classified photo is not in the history until saved');
  await goTo(page, 'Classifier');
});

let saved;
test('saved results survive a reload and form a timeline per lesion', async () => {
  saved = [];
  for (const [file, label] of [
    ['nv_ISIC_0024306.png', 'left shoulder mole'],
    ['mel_ISIC_0024310.png', 'left shoulder mole'],
    ['bkl_ISIC_0024312.png', 'left shoulder mole'],
    ['df_ISIC_0024318.png', 'right knee'],
  ]) {
    saved.push({ file, label, top: await classifyAndSave(file, label) });
    await page.waitForTimeout(5); // distinct save times
  }
  await page.reload();
  await page.waitForSelector('[data-testid=model-status]');
  await goTo(page, 'History');
  assert.equal(await historyCount(), 4, 'not all saved entries survived the reload');
  await page.click('button[data-lesion="left shoulder mole"]');
  await page.waitForSelector('[data-testid=timeline-chart][data-points="3"]');
  const entries = await page.$$eval('[data-testid=history-entries] li', (lis) => lis.map((li) => li.dataset.top));
  assert.deepEqual(entries.sort(), saved.slice(0, 3).map((s) => s.top).sort());
  const chart = await page.$eval('[data-testid=timeline-chart]', (c) => {
    // The plot only (the key with its colour swatches is the right third).
    const d = c.getContext('2d').getImageData(0, 0, Math.floor(c.width * 0.6), c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return { width: c.width, colours: colours.size, blue: colours.has('0,114,178'), orange: colours.has('213,94,0') };
  });
  assert.ok(chart.blue && chart.orange, `class lines missing from the chart: ${JSON.stringify(chart)}`);
  console.log(`  ok 4 entries after reload; timeline of 3 points drawn (${chart.colours} colours)`);
});

test('delete one, export, clear, import restores identical entries', async () => {
  await page.click('[data-testid=history-delete] >> nth=0');
  await page.waitForFunction(() => document.querySelector('[data-testid=history-count]')?.dataset.count === '3');
  const exported = await exportHistory();
  assert.equal(exported.format, 'skincheck-history');
  assert.equal(exported.version, 2);
  assert.deepEqual(exported.rechecks, []);
  assert.equal(exported.entries.length, 3);
  for (const e of exported.entries) {
    assert.match(e.thumbnail, /^data:image\/jpeg;base64,/);
    assert.equal(e.record.probabilities.length, 7);
    assert.match(e.record.model_sha256, /^[0-9a-f]{64}$/);
  }
  const file = join(app.tmp, 'history.json');
  writeFileSync(file, JSON.stringify(exported));

  await page.click('[data-testid=history-clear]');
  await page.click('[data-testid=history-clear-confirm]');
  await page.waitForSelector('[data-testid=history-empty]');

  await importFile(file);
  assert.equal(await historyCount(), 3);
  const again = await exportHistory();
  assert.deepEqual(again.entries, exported.entries, 'imported entries differ from the exported ones');
  console.log('  ok delete → 3; export → clear → import gives identical entries');
});

test('a corrupt import is refused with its reason and changes nothing', async () => {
  const before = await exportHistory();
  const cases = [
    ['truncated', JSON.stringify(before).slice(0, 200), /not valid JSON/],
    ['bad probability', JSON.stringify({ ...before, entries: [...before.entries.slice(0, 2), { ...before.entries[2], record: { ...before.entries[2].record, probabilities: before.entries[2].record.probabilities.map(([c, p], i) => [c, i === 0 ? 7 : p]) } }] }), /entry 3 is invalid/],
    ['other version', JSON.stringify({ ...before, version: 99 }), /version 99/],
    ['duplicate id', JSON.stringify({ ...before, entries: [before.entries[0], before.entries[0]] }), /same id/],
  ];
  for (const [label, text, reason] of cases) {
    const file = join(app.tmp, `corrupt-${label.replaceAll(' ', '-')}.json`);
    writeFileSync(file, text);
    await importFile(file);
    const shown = await page.textContent('[data-testid=history-error]');
    assert.match(shown, /Import refused/);
    assert.match(shown, reason, `${label}: "${shown}"`);
    assert.match(shown, /Nothing was changed/);
    console.log(`  ok ${label}: "${shown.trim()}"`);
  }
  const after = await exportHistory();
  assert.deepEqual(after.entries, before.entries, 'a refused import changed the history');
  assert.deepEqual(problems, [], 'page errors or foreign requests');
});

test('a damaged stored entry is reported; the others stay listed and exportable', async () => {
  await page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('skincheck');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('history', 'readwrite');
      tx.objectStore('history').put('{"id": "broken', 'broken-1');
      tx.oncomplete = () => { open.result.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  }));
  await goTo(page, 'Classifier');
  await goTo(page, 'History');
  const shown = await (await page.waitForSelector('[data-testid=history-damaged]')).textContent();
  assert.match(shown, /^1 stored entries are damaged/);
  assert.equal(await historyCount(), 3);
  assert.equal((await exportHistory()).entries.length, 3);
  console.log(`  ok damaged record: "${shown.trim()}"`);
});

/**
 * Imports `path` and returns the status line it leads to, as { text, error }. The line before
 * must read differently (an export's "Exported …" does), so the new one is told apart.
 */
async function importAndRead(path) {
  const status = '[data-testid=history-notice], [data-testid=history-error]';
  const before = await page.evaluate((s) => document.querySelector(s)?.textContent ?? '', status);
  await page.setInputFiles('#history-import', path);
  const line = await page.waitForFunction(([s, prev]) => {
    const el = document.querySelector(s);
    return el && el.textContent !== prev ? { text: el.textContent.trim(), error: el.dataset.testid === 'history-error' } : null;
  }, [status, before], { timeout: 30_000 });
  return line.jsonValue();
}

async function waitForCount(n) {
  await page.waitForFunction((want) => document.querySelector('[data-testid=history-count]')?.dataset.count === want, String(n));
}

test('a file over the size limit is refused before it is read', async () => {
  const max = Number(await page.getAttribute('#history-import', 'data-max-bytes'));
  assert.ok(max >= 1 << 20, `no import limit on the page: ${max}`);
  const before = await exportHistory();
  // Sparse: a byte over the limit on disk without writing it all.
  const big = join(app.tmp, 'huge-history.json');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, max + 1);
  closeSync(fd);
  // Counts every read of a file's contents the page starts.
  await page.evaluate(() => {
    window.fileReads = 0;
    window.restoreReads = [];
    const spy = (proto, names) => {
      for (const name of names) {
        const original = proto[name];
        proto[name] = function read(...args) { window.fileReads += 1; return original.apply(this, args); };
        window.restoreReads.push(() => { proto[name] = original; });
      }
    };
    spy(Blob.prototype, ['text', 'arrayBuffer', 'stream', 'slice']);
    spy(FileReader.prototype, ['readAsText', 'readAsArrayBuffer', 'readAsDataURL', 'readAsBinaryString']);
  });
  const status = await importAndRead(big);
  const reads = await page.evaluate(() => { window.restoreReads.forEach((restore) => restore()); return window.fileReads; });
  assert.equal(status.error, true, status.text);
  const limitMb = max / (1 << 20);
  assert.match(status.text, new RegExp(`^Import refused: the file is ${limitMb}\\.1 MB, larger than the ${limitMb} MB a history export can be\\. Nothing was changed\\.$`));
  assert.equal(reads, 0, 'the page read the file before refusing it');
  assert.equal(await historyCount(), 3);
  assert.deepEqual((await exportHistory()).entries, before.entries);
  console.log(`  ok ${max + 1} bytes refused unread: "${status.text}"`);
});

test('importing an export twice adds nothing; a changed entry is kept as a copy', async () => {
  const exported = await exportHistory();
  assert.equal(exported.entries.length, 3);
  const perEntry = JSON.stringify(exported, null, 2).length / exported.entries.length;
  const max = Number(await page.getAttribute('#history-import', 'data-max-bytes'));
  assert.ok(perEntry * 10_000 < max, `10,000 entries of ${perEntry} bytes do not fit the import limit`);
  const same = join(app.tmp, 'history-again.json');
  writeFileSync(same, JSON.stringify(exported));
  let status = await importAndRead(same);
  assert.equal(status.text, 'Imported: 0 added, 3 already there.');
  assert.equal(await historyCount(), 3);
  assert.deepEqual((await exportHistory()).entries, exported.entries, 'a second import changed the history');

  // The first entry relabelled (same id), a new one, and one with the damaged record's id.
  const [first, second, third] = exported.entries;
  const changed = { ...first, lesion: 'renamed mole' };
  const fresh = { ...second, id: 'fresh-1', saved_at_ms: second.saved_at_ms + 1 };
  const onDamaged = { ...third, id: 'broken-1', saved_at_ms: third.saved_at_ms + 2 };
  const edited = join(app.tmp, 'history-edited.json');
  writeFileSync(edited, JSON.stringify({ ...exported, entries: [changed, second, third, fresh, onDamaged] }));
  status = await importAndRead(edited);
  assert.equal(status.text, 'Imported: 1 added, 2 already there, 2 kept as copies. A different saved entry has the same id, '
    + `so both are kept: ${first.record.file}, ${third.record.file}.`);
  await waitForCount(6);
  const damaged = await page.textContent('[data-testid=history-damaged]');
  assert.match(damaged, /^1 stored entries are damaged/, 'the damaged record was overwritten');
  const after = Object.fromEntries((await exportHistory()).entries.map((e) => [e.id, e]));
  assert.deepEqual(after[first.id], first, 'the stored entry was replaced');
  assert.deepEqual(after[`${first.id}-copy`], { ...changed, id: `${first.id}-copy` });
  assert.deepEqual(after['fresh-1'], fresh);
  assert.deepEqual(after['broken-1-copy'], { ...onDamaged, id: 'broken-1-copy' });

  status = await importAndRead(edited);
  assert.equal(status.text, 'Imported: 0 added, 5 already there.');
  assert.equal(await historyCount(), 6);
  console.log(`  ok twice: "Imported: 0 added, 3 already there."; edited: 6 entries, stored ones unchanged (${Math.round(perEntry)} bytes an entry)`);
});

test('no IndexedDB (private mode) and a full quota give clear messages', async () => {
  const noStorage = await app.browser.newContext();
  await noStorage.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }));
  const { page: p } = await openApp(noStorage, app.origin);
  await p.click('nav >> text=History');
  const msg = await (await p.waitForSelector('[data-testid=storage-error]')).textContent();
  assert.match(msg, /no storage/);
  console.log(`  ok no IndexedDB: "${msg.trim()}"`);
  await noStorage.close();

  const full = await app.browser.newContext();
  await full.addInitScript(() => {
    IDBObjectStore.prototype.put = function put() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  const { page: q } = await openApp(full, app.origin);
  await q.setInputFiles('#file-input', join(FIXTURES, 'nv_ISIC_0024306.png'));
  await q.waitForSelector('[data-testid=save-result]', { timeout: 60_000 });
  await q.click('[data-testid=save-result]');
  const quota = await (await q.waitForSelector('[data-testid=save-error]')).textContent();
  assert.match(quota, /storage for this site is full/);
  console.log(`  ok quota exceeded: "${quota.trim()}"`);
  await full.close();
});
