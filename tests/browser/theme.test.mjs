// Browser test of dark mode: the built dist/ served under a sub-path, in the system Chromium
// with `prefers-color-scheme` emulated. The page follows the system, the header's theme menu
// overrides it (and is remembered over a reload), every text on every page keeps WCAG AA
// contrast against what lies behind it in dark mode, and the charts' canvases take the page's
// background and redraw when the scheme changes, without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveDist, watchPage } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.SKINCHECK_DIST ?? join(ROOT, 'dist');
// Screenshots go to docs/ only when asked, so a test run leaves the tree clean.
const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1'
  ? join(ROOT, 'docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'skincheck-theme-shots-'));
const SUBPATH = '/skincheck/';
// Nav link, screenshot name, something the page shows once it is drawn. The report needs
// saved entries (the diary test covers it).
const PAGES = [
  ['Classifier', 'classifier', '[data-testid=model-status][data-state=ready]'],
  ['Batch', 'batch', 'main h1'],
  ['History', 'history', 'main h1'],
  ['Data', 'data', 'canvas[data-chart="confirmation"]'],
  ['Model', 'model', 'canvas[data-chart="training"]'],
  ['Guide', 'guide', 'main h1'],
  ['About', 'about', 'main h1'],
];
// A chart per page whose background shows around its bars and lines.
const CHARTS = [['Data', 'images-per-class'], ['Model', 'roc']];

let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), 'dist/index.html missing: run `trunk build` at the repo root first');
  server = await serveDist(DIST, SUBPATH);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** A fresh profile whose system prefers `colorScheme`, on the app's start page. */
async function openApp(colorScheme) {
  const context = await browser.newContext({ colorScheme, locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = watchPage(page, server.origin);
  await page.goto(server.origin + SUBPATH);
  await page.waitForSelector('[data-testid=theme]');
  return { context, page, problems };
}

/** Follows the nav link `link` and waits for the page's heading, then for `ready`. */
async function goTo(page, link, ready) {
  const before = await page.textContent('main h1').catch(() => null);
  await page.click(`nav >> text=${link}`);
  if (link !== 'Classifier') {
    await page.waitForFunction((old) => (document.querySelector('main h1')?.textContent ?? old) !== old, before);
  }
  await page.waitForSelector(ready, { timeout: 120_000 });
}

/** In the page: WCAG relative luminance and contrast of CSS colours (`rgb(…)`/`rgba(…)`). */
const WCAG = `
  const rgba = (s) => { const v = s.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (top, under) => top.map((c, i) => (i < 3 ? c * top[3] + under[i] * (1 - top[3]) : 1));
`;

/** Body text and background: their colours, luminance and contrast, and `data-theme`. */
function bodyColours(page) {
  return page.evaluate(`(() => {${WCAG}
    const style = getComputedStyle(document.body);
    const fg = rgba(style.color);
    const bg = rgba(style.backgroundColor);
    return { fg, bg, fgLum: lum(fg), bgLum: lum(bg), ratio: ratio(fg, bg),
      theme: document.documentElement.dataset.theme ?? null,
      scheme: getComputedStyle(document.documentElement).colorScheme };
  })()`);
}

/**
 * Every visible element with text of its own: its colour against the background behind it
 * (the first opaque one up the tree, translucent ones blended in). Returns the lowest ratio
 * and every pair under `min`. Disabled controls are exempt (WCAG 1.4.3).
 */
function textContrast(page, min) {
  return page.evaluate(`(() => {${WCAG}
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    let lowest = Infinity;
    let where = '';
    const failures = [];
    for (const el of document.querySelectorAll('body *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      const box = el.getBoundingClientRect();
      if (!own || el.closest('[disabled], svg, noscript') || box.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const style = getComputedStyle(el);
      const bg = background(el);
      const fg = over(rgba(style.color), bg);
      const r = ratio(fg, bg);
      const what = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') +
        ' "' + el.textContent.trim().slice(0, 30) + '"';
      if (r < lowest) { lowest = r; where = what; }
      if (r < ${min}) failures.push(what + ' ' + r.toFixed(2) + ':1 (' + style.color + ' on rgb(' + bg.slice(0, 3) + '))');
    }
    return { lowest, where, failures };
  })()`);
}

/** The most frequent colour of a chart's canvas (its background) as [r, g, b]. */
function canvasBackground(page, name) {
  return page.$eval(`canvas[data-chart="${name}"]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4 * 7) {
      const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const [key] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    return [key >> 16, (key >> 8) & 255, key & 255];
  });
}

const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 2);
const isDark = (rgb) => rgb.slice(0, 3).every((v) => v < 60);
const isLight = (rgb) => rgb.slice(0, 3).every((v) => v > 230);

/** Waits until `name`'s canvas background satisfies `want` (it redraws asynchronously). */
async function expectCanvas(page, name, want, label) {
  const deadline = Date.now() + 10_000;
  let bg;
  while (Date.now() < deadline) {
    bg = await canvasBackground(page, name);
    if (want(bg)) break;
    await page.waitForTimeout(100);
  }
  assert.ok(want(bg), `${label}: ${name}'s background is rgb(${bg})`);
  const body = await bodyColours(page);
  assert.ok(near(bg, body.bg), `${label}: ${name}'s background rgb(${bg}) is not the page's rgb(${body.bg.slice(0, 3)})`);
  return bg;
}

test('a system that prefers dark gets a dark page with AA contrast on every page', async () => {
  const { context, page, problems } = await openApp('dark');
  const body = await bodyColours(page);
  assert.equal(body.theme, null, 'no choice yet: the page follows the system');
  assert.ok(body.bgLum < 0.05 && body.fgLum > 0.6, `body rgb(${body.fg}) on rgb(${body.bg})`);
  assert.ok(body.ratio >= 4.5, `body text contrast ${body.ratio.toFixed(2)}:1`);
  assert.equal(body.scheme, 'dark', 'form controls follow (color-scheme)');
  assert.equal(await page.inputValue('[data-testid=theme]'), 'system');
  console.log(`  ok dark body text rgb(${body.fg.slice(0, 3)}) on rgb(${body.bg.slice(0, 3)}): ${body.ratio.toFixed(2)}:1`);
  for (const [link, name, ready] of PAGES) {
    await goTo(page, link, ready);
    const { lowest, where, failures } = await textContrast(page, 4.5);
    assert.deepEqual(failures, [], `${link}: text under 4.5:1 in dark mode`);
    console.log(`  ok ${link}: lowest text contrast ${lowest.toFixed(2)}:1 (${where})`);
    await page.screenshot({ path: join(SHOTS, `dark-${name}-1280.png`), fullPage: true });
  }
  assert.deepEqual(problems.errors, [], 'errors in the page console');
  assert.deepEqual(problems.foreign, [], 'requests to other origins');
  console.log(`  ok dark screenshots in ${SHOTS}`);
  await context.close();
});

test('choosing Light overrides a dark system and survives a reload', async () => {
  const { context, page, problems } = await openApp('dark');
  await page.selectOption('[data-testid=theme]', 'light');
  let body = await bodyColours(page);
  assert.equal(body.theme, 'light');
  assert.ok(body.bgLum > 0.9 && body.ratio >= 4.5, `light body rgb(${body.fg}) on rgb(${body.bg})`);
  assert.equal(body.scheme, 'light');
  await page.reload();
  await page.waitForSelector('[data-testid=theme]');
  body = await bodyColours(page);
  assert.equal(body.theme, 'light', 'the choice is remembered');
  assert.ok(body.bgLum > 0.9, `after reload: rgb(${body.bg})`);
  assert.equal(await page.inputValue('[data-testid=theme]'), 'light');
  // Light everywhere, in light's contrast too.
  const { lowest, failures } = await textContrast(page, 4.5);
  assert.deepEqual(failures, [], 'text under 4.5:1 in light mode');
  console.log(`  ok Light chosen on a dark system, kept over a reload (lowest text contrast ${lowest.toFixed(2)}:1)`);
  // Back to the system: the attribute goes and the page is dark again.
  await page.selectOption('[data-testid=theme]', 'system');
  body = await bodyColours(page);
  assert.equal(body.theme, null);
  assert.ok(body.bgLum < 0.05, `system again: rgb(${body.bg})`);
  // Dark chosen on a light system.
  const light = await openApp('light');
  assert.ok((await bodyColours(light.page)).bgLum > 0.9, 'a light system gets a light page');
  await light.page.selectOption('[data-testid=theme]', 'dark');
  assert.ok((await bodyColours(light.page)).bgLum < 0.05, 'Dark chosen on a light system');
  assert.deepEqual([...problems.errors, ...light.problems.errors], [], 'errors in the page console');
  await light.context.close();
  await context.close();
});

test('charts take the page background and redraw when the scheme changes', async () => {
  const { context, page, problems } = await openApp('dark');
  for (const [link, chart] of CHARTS) {
    await goTo(page, link, `canvas[data-chart="${chart}"]`);
    const dark = await expectCanvas(page, chart, isDark, `${link} in dark mode`);
    await page.selectOption('[data-testid=theme]', 'light');
    const light = await expectCanvas(page, chart, isLight, `${link} after choosing Light`);
    await page.selectOption('[data-testid=theme]', 'dark');
    await expectCanvas(page, chart, isDark, `${link} after choosing Dark`);
    // Following the system: the system switching redraws too.
    await page.selectOption('[data-testid=theme]', 'system');
    await page.emulateMedia({ colorScheme: 'light' });
    await expectCanvas(page, chart, isLight, `${link} when the system turns light`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectCanvas(page, chart, isDark, `${link} when the system turns dark`);
    console.log(`  ok ${link}: ${chart} drawn on rgb(${dark}) in dark, rgb(${light}) in light, redrawn without a reload`);
  }
  assert.deepEqual(problems.errors, [], 'errors in the page console');
  await context.close();
});
