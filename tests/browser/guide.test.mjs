// Browser test of "learn to look" and the honest limits: a result shows what the model cannot
// know, with the melanoma sensitivity measured in the shipped evaluation.json written out as
// counts, and links to the ABCDE guide, which covers the five letters, the ugly duckling sign,
// the seven diagnoses and its sources; the About page shows the same limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, FIXTURES, watchPage } from './support.mjs';
import { SUBPATH, servedApp } from './harness.mjs';

const evaluation = JSON.parse(readFileSync(join(DIST, 'assets/evaluation.json'), 'utf8'));
const melanomas = evaluation.melanoma.support;
const found = Math.round(evaluation.melanoma.sensitivity * melanomas);

const app = servedApp();

test('a result states the limits in counts and links to the guide', async () => {
  const context = await app.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const problems = watchPage(page, app.origin);
  await page.goto(app.origin + SUBPATH);
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
  await page.setInputFiles('#file-input', join(FIXTURES, 'nv_ISIC_0024306.png'));
  await page.waitForSelector('[data-testid=results] [data-testid=honest-limits]', { timeout: 60_000 });
  const sentence = `recognised ${found} of ${melanomas} melanomas`;
  await page.waitForFunction((s) => document.querySelector('[data-testid=limits-sensitivity]')?.textContent.includes(s), sentence);
  const limits = await page.textContent('[data-testid=results] [data-testid=honest-limits]');
  for (const needed of [/two centres/, /Fitzpatrick types I–III/, /phone photo/, /darker skin/, /14 dermatofibromas and 17 vascular/]) {
    assert.match(limits, needed);
  }
  console.log(`  ok result limits: "${sentence}"`);

  await page.click('[data-testid=guide-link]');
  await page.waitForSelector('[data-testid=guide]');
  assert.equal(await page.locator('[data-testid=abcde] dt').count(), 5);
  assert.deepEqual(await page.$$eval('[data-testid=class-looks] li', (l) => l.map((e) => e.dataset.code)),
    evaluation.classes);
  assert.match(await page.textContent('[data-testid=guide]'), /ugly duckling/i);
  assert.equal(await page.locator('[data-testid=guide-sources] cite[lang=en]').count(), 4);

  await page.click(`nav a[href$="${SUBPATH}about"]`);
  await page.waitForSelector('main [data-testid=honest-limits]');
  await page.waitForFunction((s) => document.querySelector('main [data-testid=limits-sensitivity]')?.textContent.includes(s), sentence);
  assert.deepEqual(problems.errors, []);
  await context.close();
});
