// Browser test of the Data and Model pages' charts: the built dist/ served under a sub-path,
// in the system Chromium, at desktop and phone sizes. Every chart canvas must be drawn
// (non-blank, sized to its box × device pixel ratio), hovering shows the value from the
// shipped JSON, each chart has its table, resizing redraws, and the console stays clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveDist, watchPage } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.SKINCHECK_DIST ?? join(ROOT, 'dist');
// Screenshots go to docs/ only when asked, so a test run leaves the tree clean.
const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1'
  ? join(ROOT, 'docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'skincheck-chart-shots-'));
const SUBPATH = '/skincheck/';
const DATA_CHARTS = ['images-per-class', 'age', 'sex', 'body-site', 'confirmation'];
const MODEL_CHARTS = ['confusion-counts', 'confusion-shares', 'per-class', 'roc', 'reliability', 'training'];

let server;
let browser;
const json = (file) => JSON.parse(readFileSync(join(DIST, 'assets', file), 'utf8'));
const thousands = (n) => n.toLocaleString('en-US');

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  server = await serveDist(DIST, SUBPATH);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** A page at `viewport` and `dpr` showing the nav link `link`, with its problems recorded. */
async function openPage(link, viewport, dpr) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: dpr });
  const page = await context.newPage();
  const problems = watchPage(page, server.origin);
  await page.goto(server.origin + SUBPATH);
  await page.click(`nav >> text=${link}`);
  return { page, problems, context };
}

/** Per canvas: its backing size, CSS size and how much of it is drawn. */
async function canvasStats(page, name) {
  return page.$eval(`canvas[data-chart="${name}"]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) drawn++;
      if (i % 64 === 0) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    const box = c.getBoundingClientRect();
    return { width: c.width, height: c.height, cssWidth: box.width, cssHeight: box.height,
      drawn: drawn / (c.width * c.height), colours: colours.size };
  });
}

async function expectChartsDrawn(page, names, dpr, label) {
  for (const name of names) {
    await page.waitForSelector(`canvas[data-chart="${name}"]`, { timeout: 30_000 });
    const s = await canvasStats(page, name);
    assert.ok(s.drawn > 0.03 && s.colours >= 4,
      `${label} ${name}: only ${(100 * s.drawn).toFixed(1)} % drawn in ${s.colours} colours`);
    assert.ok(Math.abs(s.width - s.cssWidth * dpr) <= 2 && Math.abs(s.height - s.cssHeight * dpr) <= 2,
      `${label} ${name}: backing store ${s.width}x${s.height} for ${s.cssWidth}x${s.cssHeight} CSS px at x${dpr}`);
    const rows = await page.$$eval(`[data-testid="chart-${name}"] details table tbody tr`, (r) => r.length);
    assert.ok(rows > 0, `${label} ${name}: no table rows`);
    const takeaway = await page.textContent(`[data-testid="chart-${name}"] .takeaway`);
    assert.ok(takeaway.trim().length > 20, `${label} ${name}: no takeaway`);
  }
  console.log(`  ok ${label}: ${names.length} charts drawn at x${dpr}, each with a takeaway and a table`);
}

/** Moves the pointer down the canvas at `xFraction` of its width until a tooltip shows. */
async function hoverUntilTooltip(page, name, xFraction, match) {
  const canvas = await page.$(`canvas[data-chart="${name}"]`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  for (let y = 4; y < box.height; y += 6) {
    await page.mouse.move(box.x + box.width * xFraction, box.y + y);
    const tip = await page.$(`[data-testid="chart-${name}"] [data-testid=chart-tooltip]`);
    if (tip) {
      const text = (await tip.textContent()).trim();
      if (!match || match.test(text)) return text;
    }
  }
  assert.fail(`${name}: no tooltip found hovering at ${xFraction} of the width`);
}

test('the Data page draws every chart, with values on hover and tables', async () => {
  const { page, problems, context } = await openPage('Data', { width: 1280, height: 800 }, 1);
  await expectChartsDrawn(page, DATA_CHARTS, 1, 'Data page');
  const stats = json('dataset_stats.json');
  const big = stats.classes.reduce((a, b) => (stats.images_per_class[a] >= stats.images_per_class[b] ? a : b));
  // The first bar is the first class; its tooltip gives the count from the JSON.
  const tip = await hoverUntilTooltip(page, 'images-per-class', 0.3, /images/);
  const first = stats.classes[0];
  assert.match(tip, new RegExp(`^${first} \\(.*\\): ${thousands(stats.images_per_class[first])} images`));
  console.log(`  ok hover: "${tip}"`);
  const takeaway = await page.textContent('[data-testid="chart-images-per-class"] .takeaway');
  const share = Math.round(100 * stats.images_per_class[big] / stats.total_images);
  assert.match(takeaway, new RegExp(`^${share} % of the images are ${big}`));
  // The table agrees with the JSON.
  const cells = await page.$$eval('[data-testid="chart-images-per-class"] tbody tr', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)));
  for (const code of stats.classes) {
    const row = cells.find((r) => r[0] === code);
    assert.equal(row[2], thousands(stats.images_per_class[code]));
  }
  // The tooltip of a heatmap cell.
  const site = await hoverUntilTooltip(page, 'body-site', 0.5, /of \d[\d,]* images/);
  console.log(`  ok hover: "${site}"`);
  await page.screenshot({ path: join(SHOTS, 'data-1280.png'), fullPage: true });
  assert.deepEqual(problems.errors, [], 'errors in the page console');
  assert.deepEqual(problems.foreign, [], 'requests to other origins');
  await context.close();
});

test('the Model page draws every chart; a confusion cell shows its count', async () => {
  const { page, problems, context } = await openPage('Model', { width: 1280, height: 800 }, 1);
  await expectChartsDrawn(page, MODEL_CHARTS, 1, 'Model page');
  const report = json('evaluation.json');
  const tip = await hoverUntilTooltip(page, 'confusion-counts', 0.55, /^true /);
  const m = /^true (\w+), predicted (\w+): (\d+) of (\d+)/.exec(tip);
  assert.ok(m, tip);
  const [t, p] = [report.classes.indexOf(m[1]), report.classes.indexOf(m[2])];
  assert.equal(Number(m[3]), report.confusion_matrix[t][p], tip);
  assert.equal(Number(m[4]), report.confusion_matrix[t].reduce((a, b) => a + b, 0), tip);
  console.log(`  ok hover: "${tip}"`);
  // The chart with its tooltip, for the docs (a full-page shot resizes and hides it).
  await (await page.$('[data-testid="chart-confusion-counts"]')).screenshot({ path: join(SHOTS, 'model-hover-1280.png') });
  const training = json('training.json');
  const epoch = await hoverUntilTooltip(page, 'training', 0.5, /^epoch \d+/);
  const n = Number(/^epoch (\d+)/.exec(epoch)[1]);
  const h = training.history.find((e) => e.epoch === n);
  assert.match(epoch, new RegExp(`training loss ${h.train_loss.toFixed(3)}`));
  console.log(`  ok hover: "${epoch.slice(0, 80)}…"`);
  // The keyboard steps through the same values: the first region is the first class' recall.
  await page.focus('canvas[data-chart="per-class"]');
  await page.keyboard.press('ArrowRight');
  const first = report.per_class[0];
  const keyed = (await page.textContent('[data-testid="chart-per-class"] [data-testid=chart-tooltip]')).trim();
  assert.equal(keyed.split(' (')[0], `${first.code} recall: ${(100 * first.recall).toFixed(1)} %`);
  console.log(`  ok keyboard: "${keyed}"`);
  // The headline figures stay, with what they were measured on.
  assert.match(await page.textContent('[data-testid=headline-figures]'), new RegExp(`${report.images} images`));
  await page.screenshot({ path: join(SHOTS, 'model-1280.png'), fullPage: true });
  // Leaving and coming back, then resizing: the old pages' resize listeners are gone.
  await page.click('nav >> text=Data');
  await page.waitForSelector('canvas[data-chart="age"]');
  await page.click('nav >> text=Model');
  await expectChartsDrawn(page, MODEL_CHARTS, 1, 'Model page again');
  await page.setViewportSize({ width: 700, height: 800 });
  await page.waitForFunction(() => document.querySelector('canvas[data-chart="roc"]').width <= 700);
  assert.deepEqual(problems.errors, [], 'errors in the page console');
  assert.deepEqual(problems.foreign, [], 'requests to other origins');
  await context.close();
});

test('on a phone (360 px, x3) the charts are sharp and redraw when the window resizes', async () => {
  for (const [link, names, shot] of [['Data', DATA_CHARTS, 'data-360.png'], ['Model', MODEL_CHARTS, 'model-360.png']]) {
    const { page, problems, context } = await openPage(link, { width: 360, height: 740 }, 3);
    await expectChartsDrawn(page, names, 3, `${link} page at 360 px`);
    const narrow = await canvasStats(page, names[0]);
    await page.setViewportSize({ width: 900, height: 740 });
    await page.waitForFunction(({ name, width }) =>
      document.querySelector(`canvas[data-chart="${name}"]`).width > width, { name: names[0], width: narrow.width });
    await expectChartsDrawn(page, names, 3, `${link} page resized to 900 px`);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForFunction(({ name, width }) =>
      document.querySelector(`canvas[data-chart="${name}"]`).width === width, { name: names[0], width: narrow.width });
    // Touch shows a value too.
    const canvas = await page.$(`canvas[data-chart="${names[0]}"]`);
    const box = await canvas.boundingBox();
    await canvas.scrollIntoViewIfNeeded();
    await page.dispatchEvent(`canvas[data-chart="${names[0]}"]`, 'pointerdown',
      { clientX: box.x + box.width * 0.6, clientY: box.y + box.height * 0.4, pointerType: 'touch', bubbles: true });
    // One image pixel per CSS pixel keeps the committed PNGs small.
    await page.screenshot({ path: join(SHOTS, shot), fullPage: true, scale: 'css' });
    assert.deepEqual(problems.errors, [], `${link}: errors in the page console`);
    await context.close();
  }
  console.log(`  ok screenshots in ${SHOTS}`);
});
