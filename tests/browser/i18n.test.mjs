// Browser test of the languages: a German browser gets the German app on every page (no
// English sentence left outside elements marked lang="en", such as cited titles), numbers and
// dates in German form, diagnoses in German on a result; the switch changes the language at
// once and is remembered over a reload, whatever the browser's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, watchPage } from './support.mjs';
import { SUBPATH, servedApp, visitRoute } from './harness.mjs';

const SHOTS = process.env.SKINCHECK_UPDATE_SCREENSHOTS === '1'
  ? join(ROOT, 'docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'skincheck-i18n-shots-'));
// Each page by its route, with the German h1 it must show.
const PAGES = [
  ['', 'SkinCheck'], ['batch', null], ['history', null], ['data', null], ['model', null],
  ['guide', 'Selbst hinsehen lernen'], ['about', null],
];
// Words that only an English sentence has (not "was", "not": German words too).
const ENGLISH = /\b(the|and|of|with|your|this|is|are|from|photos?|which|could|been|cannot|should)\b/gi;

const app = servedApp();

async function open(locale) {
  const context = await app.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchPage(page, app.origin);
  await page.goto(app.origin + SUBPATH);
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
  return { context, page, problems };
}

/** Follows the nav link to `route`; async parts (figures, charts, storage) settle. */
async function visit(page, route) {
  await visitRoute(page, route);
  await page.waitForFunction(() => !document.querySelector('main')?.innerText.match(/…\s*$/m), null, { timeout: 30_000 })
    .catch(() => {});
}

/** The visible text of the page outside elements marked as English. */
function textOutsideEnglish(page, selector = 'body') {
  return page.evaluate((selector) => {
    const keep = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) { keep.push(node.textContent); return; }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (node.closest('[lang]')?.getAttribute('lang') === 'en') return;
      const style = getComputedStyle(node);
      if (style.display === 'none' || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(node.tagName)) return;
      for (const child of node.childNodes) walk(child);
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        if (node.hasAttribute(attr)) keep.push(node.getAttribute(attr));
      }
    };
    walk(document.querySelector(selector));
    return keep.join(' ');
  }, selector);
}

test('a German browser gets every page in German, with nothing left in English', async () => {
  const { context, page, problems } = await open('de-DE');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.equal(await page.inputValue('[data-testid=language]'), 'de');
  for (const [route, heading] of PAGES) {
    if (route !== '') await visit(page, route);
    if (heading) assert.match(await page.textContent('main h1'), new RegExp(heading));
    const text = await textOutsideEnglish(page);
    const english = [...text.matchAll(ENGLISH)].map((m) => {
      const at = m.index;
      return text.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, ' ');
    });
    assert.deepEqual(english, [], `/${route}: English left in the German page`);
    await page.screenshot({ path: join(SHOTS, `de-${route || 'classifier'}-1280.png`), fullPage: true });
    console.log(`  ok /${route}: German, ${text.length} characters, no English words`);
  }
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test('numbers, dates and diagnoses follow the language', async () => {
  const { context, page } = await open('de-DE');
  await visit(page, 'model');
  const main = await page.textContent('main');
  assert.match(main, /\d+,\d+\s?%/, 'a German decimal comma in the model figures');
  assert.doesNotMatch(main, /\d+\.\d+\s?%/, 'no English decimal point before a percent sign');
  await visit(page, '');
  await page.setInputFiles('#file-input', join(FIXTURES, 'mel_ISIC_0024310.png'));
  await page.waitForSelector('[data-testid=save-result]', { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=results]')?.getAttribute('aria-busy') === 'false');
  const result = await textOutsideEnglish(page, '[data-testid=results]');
  assert.match(result, /Melanom/);
  assert.match(result, /Nävus/);
  assert.doesNotMatch(result, /Melanocytic|Basal cell/);
  await page.screenshot({ path: join(SHOTS, 'de-result-1280.png'), fullPage: true });
  await context.close();
});

test('the switch changes the language at once and is remembered', async () => {
  const { context, page } = await open('de-DE');
  await page.selectOption('[data-testid=language]', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('nav'), /Classifier/);
  await page.reload();
  await page.waitForSelector('[data-testid=model-status][data-state=ready]', { timeout: 120_000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the English choice outlives a reload');
  assert.match(await page.textContent('nav'), /Classifier/);
  await page.selectOption('[data-testid=language]', 'de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.match(await page.textContent('nav'), /Klassifikator/);
  // Stored in this browser only: no cookie carries it to the server.
  assert.deepEqual(await context.cookies(), []);
  await context.close();
  // An English browser without a stored choice gets English.
  const english = await open('en-GB');
  assert.equal(await english.page.getAttribute('html', 'lang'), 'en');
  await english.context.close();
});
