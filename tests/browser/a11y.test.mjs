// Accessibility: axe-core (npm, run inside the page) over every page of the app, in light and
// dark mode and in both languages, with a classified photo on the classifier: no violation of
// impact "serious" or "critical" against WCAG 2.1 A/AA. The crop editor and chart tables are
// reached and worked by keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURES } from './support.mjs';
import { SUBPATH, servedApp, visitRoute } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ROUTES = ['', 'batch', 'history', 'data', 'model', 'guide', 'about'];

const app = servedApp();

/** axe over the whole document; the serious and critical violations, summarised. */
async function seriousViolations(page) {
  // The app's CSP allows no injected script; the evaluation runs through DevTools instead.
  await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  // A run that checked nothing would pass vacuously.
  assert.ok(results.passes.length >= 15, `axe checked only ${results.passes.length} rules`);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const [colorScheme, locale] of [['light', 'en-US'], ['dark', 'en-US'], ['light', 'de-DE'], ['dark', 'de-DE']]) {
  test(`axe finds no serious violation on any page (${colorScheme}, ${locale})`, async () => {
    const context = await app.browser.newContext({ colorScheme, locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.origin + SUBPATH);
    await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
    await page.setInputFiles('#file-input', join(FIXTURES, 'mel_ISIC_0024310.png'));
    await page.waitForSelector('[data-testid=save-result]', { timeout: 60_000 });
    const found = {};
    for (const route of ROUTES) {
      if (route !== '') await visitRoute(page, route);
      const violations = await seriousViolations(page);
      if (violations.length) found[`/${route}`] = violations;
    }
    assert.deepEqual(found, {}, 'serious accessibility violations');
    console.log(`  ok ${ROUTES.length} pages, ${colorScheme}, ${locale}: no serious or critical violation`);
    await context.close();
  });
}

test('the crop editor and the charts work from the keyboard', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(app.origin + SUBPATH);
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
  await page.setInputFiles('#file-input', join(FIXTURES, 'mel_ISIC_0024310.png'));
  await page.waitForSelector('[data-testid=save-result]', { timeout: 60_000 });
  // Tab until the crop square has focus, then move and resize it with keys alone.
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.classList.contains('crop-box'));
  }
  assert.ok(reached, 'the crop square is reachable with Tab');
  assert.ok((await page.getAttribute('.crop-box', 'aria-label'))?.trim(), 'the crop square has a name');
  const before = await page.textContent('[data-testid=crop-text]');
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('[data-testid=crop-text]')?.textContent !== b, before);
  await page.keyboard.press('Home');
  console.log(`  ok crop by keyboard: "${before}" -> changed, Home centres`);
  await visitRoute(page, 'data');
  // Every chart has a name for screen readers, takes focus, and steps through its values
  // with the arrow keys, announcing each one (role=status).
  const charts = await page.$$eval('canvas[data-chart]', (all) => all.map((c) => ({
    name: c.dataset.chart, label: c.getAttribute('aria-label') ?? '', tab: c.tabIndex,
  })));
  assert.ok(charts.length >= 5, 'the data page draws its charts');
  for (const c of charts) {
    assert.ok(c.label.trim() && c.tab === 0, `chart ${c.name}: named and focusable`);
  }
  await page.focus(`canvas[data-chart="${charts[0].name}"]`);
  await page.keyboard.press('ArrowRight');
  const announced = await page.waitForSelector('[data-testid=chart-tooltip][role=status]');
  assert.ok((await announced.textContent()).trim(), 'the focused value is announced');
  await context.close();
});
