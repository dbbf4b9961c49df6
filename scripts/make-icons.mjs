// Renders the app icons the web app manifest names from assets/icons/skincheck.svg, with the
// same Chromium the browser tests use. The PNGs are committed; re-run after changing the SVG:
//
//   npm ci --prefix tests/browser && node scripts/make-icons.mjs
//
// icon-192.png / icon-512.png: the SVG as drawn (rounded square, transparent corners).
// maskable-192.png / maskable-512.png: full-bleed brand colour with the SVG scaled to 70 %,
// inside the 80 % circle that platforms may crop a maskable icon to.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(ROOT, 'tests/browser/package.json'))('playwright-core');
const ICONS = join(ROOT, 'assets/icons');
const svg = readFileSync(join(ICONS, 'skincheck.svg'), 'utf8');
const BRAND = '#0f5e63';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false], ['icon-512.png', 512, false],
  ['maskable-192.png', 192, true], ['maskable-512.png', 512, true],
]) {
  const inner = maskable ? Math.round(size * 0.7) : size;
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? BRAND : 'transparent'}">
    <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`);
  await page.screenshot({ path: join(ICONS, name), omitBackground: !maskable });
  console.log(`${name}: ${size}x${size}${maskable ? ' (maskable)' : ''}`);
}
await browser.close();
