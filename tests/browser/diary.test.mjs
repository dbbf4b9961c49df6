// Browser test of the lesion diary: a pin on the body map sets the classifier's body site
// (by pointer and by keyboard); two entries saved with their photos are drawn side by side;
// the storage figures and persistence are shown; a re-check plan downloads an .ics whose
// date is the last entry's plus the plan; the report for the doctor shows both photos and
// the model's figures, and its print view (emulated print media) leaves only the report;
// the export is version 2 with photos, pins and plans, and a version-1 file still imports;
// a diary in the version-1 database survives the upgrade.
// Run after `trunk build` and `cargo build -p skincheck-cli` (see scripts/test.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SUBPATH, download, goTo, openApp, start } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests/fixtures/images');
const V1_EXPORT = join(ROOT, 'crates/history/tests/fixtures/history_v1.json');
const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : null;
const LESION = 'mole on my arm';

let app;
let context;
let page;
let problems;

before(async () => {
  app = await start();
  context = await app.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openApp(context, app.origin));
});

after(async () => {
  await app?.close();
});

/** Clicks a point inside the body-map region named `name` (its SVG title) on `side`. */
async function tapRegion(side, name) {
  const point = await page.evaluate(([side, name]) => {
    const polygon = [...document.querySelectorAll(`[data-testid=body-map-${side}] polygon`)]
      .find((p) => p.querySelector('title')?.textContent === name);
    if (!polygon) return null;
    const svg = polygon.ownerSVGElement;
    const box = polygon.getBBox();
    // A point well inside the region: scan its box for one in the fill.
    for (let fy = 0.5; fy < 1; fy += 0.05) {
      for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
        const p = svg.createSVGPoint();
        p.x = box.x + box.width * f;
        p.y = box.y + box.height * fy;
        if (polygon.isPointInFill(p)) {
          const screen = p.matrixTransform(svg.getScreenCTM());
          return { x: screen.x, y: screen.y, id: polygon.dataset.region };
        }
      }
    }
    return null;
  }, [side, name]);
  assert.ok(point, `no region "${name}" on the ${side} figure`);
  await page.mouse.click(point.x, point.y);
  return point.id;
}

async function classify(file) {
  await page.setInputFiles('#file-input', join(FIXTURES, file));
  await page.waitForSelector(`[data-testid=save-result][data-file="${file}"]`, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') === 'false');
}

test('a pin on the body map sets the body site, by pointer and by keyboard', async () => {
  await classify('nv_ISIC_0024306.png');
  await page.click('.body-map-place summary');
  await tapRegion('front', 'face');
  assert.equal(await page.inputValue('#site'), 'face');
  assert.match(await page.textContent('[data-testid=pin-placed]'), /face/);
  // The keyboard: a region is a button; Enter places the pin at its centre.
  const forearm = page.locator('[data-testid=body-map-back] polygon', { has: page.locator('title', { hasText: /^back of left forearm$/ }) });
  await forearm.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#site'), 'upper extremity');
  assert.match(await page.textContent('[data-testid=pin-placed]'), /back of left forearm/);
  assert.equal(await page.locator('[data-testid=body-map-back] .body-pin.current').count(), 1);
  assert.equal(await page.locator('[data-testid=body-map-front] .body-pin').count(), 0);
  // The pin's site is what the model gets: the classification ran again with it.
  await page.waitForFunction(() => document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') === 'false');
  // A site chosen from the list that the pin is not on removes the pin.
  await page.selectOption('#site', 'scalp');
  assert.equal(await page.locator('[data-testid=pin-placed]').count(), 0);
  await tapRegion('back', 'back of left forearm');
  assert.equal(await page.inputValue('#site'), 'upper extremity');
  if (SHOTS) await (await page.$('.metadata')).screenshot({ path: join(SHOTS, 'diary-body-map-place-1280.png') });
  console.log('  ok tap and Enter place the pin; its site fills the form');
});

test('two entries with photos: storage shown, drawn side by side', async () => {
  for (const file of ['nv_ISIC_0024306.png', 'mel_ISIC_0024310.png']) {
    await classify(file);
    await page.fill('#lesion-label', LESION);
    await page.check('[data-testid=keep-photo]');
    assert.match(await page.textContent('[data-testid=save-pin]'), /back of left forearm/);
    await page.click('[data-testid=save-result]');
    const status = await page.waitForSelector('[data-testid=save-status]', { timeout: 20_000 });
    assert.match(await status.textContent(), /with its photo/);
    await page.waitForTimeout(5);
  }
  await goTo(page, 'History');
  const size = await page.waitForSelector('[data-testid=diary-size]');
  assert.equal(await size.getAttribute('data-photos'), '2');
  assert.equal(await size.getAttribute('data-entries'), '2');
  assert.ok(Number(await size.getAttribute('data-bytes')) > 2000, 'the photos take space');
  assert.match(await size.textContent(), /2 kept photos/);
  assert.match(await page.textContent('[data-testid=diary-persistence]'), /browser/);
  // The lesion is listed under its region and pinned on the map.
  assert.equal(await page.locator('.lesion-group[data-region="back of left forearm"] [data-lesion]').count(), 1);
  const pin = page.locator(`[data-testid=body-map-back] .body-pin[data-pin="${LESION}"]`);
  assert.equal(await pin.count(), 1);
  assert.match(await pin.getAttribute('aria-label'), /back of left forearm, 2 entries/);
  await page.waitForSelector(`[data-testid=lesion][data-lesion="${LESION}"]`);
  assert.match(await page.textContent('[data-testid=lesion-region]'), /back of left forearm/);
  for (const box of await page.$$('[data-testid=entry-pick]')) await box.check();
  await page.click('[data-testid=compare-open]');
  await page.waitForSelector('[data-testid=compare-photo][data-kept=true] >> nth=1');
  const drawn = await page.$$eval('[data-testid=compare-photo]', (imgs) => Promise.all(imgs.map(async (img) => {
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const { data } = g.getImageData(0, 0, c.width, c.height);
    let min = 255, max = 0;
    for (let i = 0; i < data.length; i += 4) { min = Math.min(min, data[i]); max = Math.max(max, data[i]); }
    const r = img.getBoundingClientRect();
    return { w: img.naturalWidth, h: img.naturalHeight, shownW: r.width, shownH: r.height, spread: max - min };
  })));
  assert.equal(drawn.length, 2);
  for (const d of drawn) {
    assert.equal(d.w, d.h, 'the kept photo is the square classified');
    assert.ok(d.w >= 150, `photo ${d.w} px`);
    assert.ok(d.spread > 40, 'a photo, not a blank');
  }
  assert.deepEqual([drawn[0].shownW, drawn[0].shownH], [drawn[1].shownW, drawn[1].shownH], 'shown at the same size');
  assert.match(await page.textContent('[data-testid=compare-change]'), /^The same day: malignant probability [+-]\d+\.\d points, (same|top class changed)/);
  // The wipe: the later photo covers the part right of the slider.
  await page.fill('[data-testid=wipe-split]', '30');
  assert.match(await page.getAttribute('.wipe-top', 'style'), /inset\(0 0 0 30%\)/);
  await page.click('[data-testid=blink]');
  await page.waitForFunction(() => /inset\(0 0 0 0\)/.test(document.querySelector('.wipe-top').getAttribute('style')));
  await page.click('[data-testid=blink]');
  if (SHOTS) {
    await (await page.$('.diary-overview')).screenshot({ path: join(SHOTS, 'diary-body-map-1280.png') });
    await (await page.$('[data-testid=compare]')).screenshot({ path: join(SHOTS, 'diary-compare-1280.png') });
  }
  console.log(`  ok 2 kept photos (${drawn[0].w} px) drawn side by side at ${drawn[0].shownW} px`);
});

test('a re-check plan downloads a calendar file with the due date', async () => {
  await page.selectOption('[data-testid=recheck-weeks]', '4');
  const due = await page.waitForSelector('[data-testid=recheck-due]');
  const expected = await page.evaluate(() => {
    const last = Math.max(...[...document.querySelectorAll('[data-testid=history-entries] .entry')].map((e) => Number(e.dataset.id.split('-')[0])));
    const d = new Date(last + 28 * 864e5);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  assert.equal(await due.getAttribute('data-date'), expected);
  assert.match(await due.textContent(), /due in 2[78] days/);
  assert.equal(await page.locator(`[data-testid=due-list] li[data-lesion="${LESION}"]`).count(), 1);
  const { name, text } = await download(page, () => page.click('[data-testid=recheck-ics]'));
  assert.match(name, /^skincheck-recheck-mole-on-my-arm\.ics$/);
  assert.ok(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0'));
  assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 1);
  assert.ok(lines.includes(`DTSTART;VALUE=DATE:${expected.replaceAll('-', '')}`), text);
  assert.ok(lines.some((l) => l.startsWith('SUMMARY:') && l.includes(LESION)), text);
  assert.ok(lines.some((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l)), text);
  console.log(`  ok .ics due ${expected}`);
});

test('the report for the doctor shows both photos and prints alone', async () => {
  for (const box of await page.$$('[data-testid=entry-pick]')) await box.check();
  await page.click('[data-testid=report-open]');
  const report = await page.waitForSelector('[data-testid=report][data-rows="2"]', { timeout: 20_000 });
  assert.match(await report.textContent(), new RegExp(`Lesion report: ${LESION}`));
  assert.equal(await page.locator('[data-testid=report-photo][data-kept=true]').count(), 2);
  assert.match(await page.textContent('[data-testid=report-measured]'), /sensitivity/);
  assert.match(await page.textContent('[data-testid=report-model]'), /sha256 [0-9a-f]{64}/);
  assert.match(await report.textContent(), /Not a diagnosis/);
  // Share only where the browser shares files.
  const canShare = await page.evaluate(() => Boolean(navigator.canShare?.({ files: [new File(['x'], 'x.txt', { type: 'text/plain' })] })));
  assert.equal(await page.locator('[data-testid=report-share]').count(), canShare ? 1 : 0);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.$eval('.site-header', (e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.$eval('.report-actions', (e) => getComputedStyle(e).display), 'none');
  assert.notEqual(await page.$eval('[data-testid=report]', (e) => getComputedStyle(e).display), 'none');
  const shots = SHOTS ?? join(app.tmp, 'shots');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'diary-report-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdf.length > 20_000, `the PDF holds the photos (${pdf.length} bytes)`);
  await page.emulateMedia({ media: 'screen' });
  // The report on screen in dark mode (the print view above stays light).
  await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
  const background = await page.$eval('body', (e) => getComputedStyle(e).backgroundColor);
  assert.equal(background, 'rgb(21, 25, 29)', 'the report follows the dark scheme on screen');
  await page.screenshot({ path: join(shots, 'dark-report-1280.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  console.log(`  ok report with 2 photos; print view alone; PDF ${pdf.length} bytes; dark on screen`);
  await page.goBack();
  await page.waitForSelector('[data-testid=diary-size]');
});

test('the export is version 2 with photos, pins and plans; a version 1 file imports', async () => {
  const { text } = await download(page, () => page.click('[data-testid=history-export]'));
  const file = JSON.parse(text);
  assert.equal(file.version, 2);
  assert.equal(file.entries.length, 2);
  assert.ok(file.entries.every((e) => e.photo?.startsWith('data:image/jpeg;base64,') && e.pin?.side === 'back'));
  assert.deepEqual(file.rechecks, [{ lesion: LESION, every_weeks: 4 }]);
  const v2 = join(app.tmp, 'diary-v2.json');
  writeFileSync(v2, text);
  await page.click('[data-testid=history-clear]');
  await page.click('[data-testid=history-clear-confirm]');
  await page.waitForSelector('[data-testid=history-empty]');
  await page.setInputFiles('#history-import', V1_EXPORT);
  const notice = await page.waitForSelector('[data-testid=history-notice]');
  assert.match(await notice.textContent(), /added.*version 1 file/);
  const v1 = JSON.parse(readFileSync(V1_EXPORT, 'utf8'));
  await page.waitForSelector(`[data-testid=history-count][data-count="${v1.entries.length}"]`);
  await page.setInputFiles('#history-import', v2);
  await page.waitForSelector(`[data-testid=history-count][data-count="${v1.entries.length + 2}"]`);
  await page.waitForSelector('[data-testid=diary-size][data-photos="2"]');
  await page.waitForSelector(`[data-testid=due-list] li[data-lesion="${LESION}"]`);
  assert.deepEqual(problems, []);
  console.log(`  ok v2 export round-trips photos and plans; the v1 file (${v1.entries.length} entries) imports`);
});

test('a diary stored by the version 1 database is kept when the app upgrades it', async () => {
  const fresh = await app.browser.newContext();
  const before = await fresh.newPage();
  // A page of the app's origin that does not start the app: the v1 database, as the app wrote it.
  await before.goto(app.origin + SUBPATH + 'manifest.webmanifest');
  const v1 = JSON.parse(readFileSync(V1_EXPORT, 'utf8'));
  await before.evaluate((entries) => new Promise((ok, fail) => {
    const open = indexedDB.open('skincheck', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('history');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('history', 'readwrite');
      for (const e of entries) tx.objectStore('history').put(JSON.stringify(e), e.id);
      tx.oncomplete = () => { open.result.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  }), v1.entries);
  await before.close();
  const { page: upgraded, problems: upgradeProblems } = await openApp(fresh, app.origin);
  await goTo(upgraded, 'History');
  await upgraded.waitForSelector(`[data-testid=history-count][data-count="${v1.entries.length}"]`);
  const stores = await upgraded.evaluate(() => new Promise((ok) => {
    const open = indexedDB.open('skincheck');
    open.onsuccess = () => { ok({ version: open.result.version, names: [...open.result.objectStoreNames] }); open.result.close(); };
  }));
  assert.deepEqual(stores, { version: 2, names: ['history', 'photos', 'rechecks'] });
  assert.deepEqual(upgradeProblems, []);
  await fresh.close();
  console.log(`  ok the v1 database's ${v1.entries.length} entries are listed after the upgrade to version 2`);
});
