// SkinCheck's benchmark (a command, not a test: it prints figures). Run via scripts/bench.sh,
// which builds what is measured. One run measures, on the same machine and the same bytes:
//   - tract-wasm inside the app's real worker (per dist variant given with --variant),
//   - onnxruntime-web (wasm backend; 1 thread and all cores) in the same headless Chromium,
//   - tract native (`skincheck bench`, release) and Python onnxruntime,
// then the app's cold start (empty cache -> first probabilities shown, from performance
// marks), each further photo, Long Tasks during classification and the bytes fetched by file;
// and writes docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { coldStart, launch, ortWeb, tractWorker } from './browser.mjs';
import { serve } from './server.mjs';
import { gzipBytes, maxAbsDiff, summarise } from './stats.mjs';
import { render, splice } from './report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

const { values: opts } = parseArgs({
  options: {
    cli: { type: 'string', default: join(ROOT, 'target/release/skincheck') },
    image: { type: 'string', default: join(ROOT, 'tests/fixtures/images/mel_ISIC_0024310.png') },
    variant: { type: 'string', multiple: true },
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    cold: { type: 'string', default: '3' },
    // Extra tract-wasm runs (and its model load) recorded by Chromium's sampling profiler, in
    // the build wasm-opt-off if given (the only one whose worker keeps its function names), else the first.
    profile: { type: 'string', default: '15' },
    out: { type: 'string', default: join(ROOT, 'docs/benchmarks.md') },
    json: { type: 'string' },
    command: { type: 'string', default: 'scripts/bench.sh' },
  },
});
const runs = Number(opts.runs);
const warmup = Number(opts.warmup);
const cold = Number(opts.cold);
// name=dist pairs; the first is the build the app ships.
const variants = (opts.variant ?? [`shipped=${join(ROOT, 'dist')}`]).map((v) => {
  const at = v.indexOf('=');
  return { name: v.slice(0, at), dist: resolve(v.slice(at + 1)) };
});
const FIXTURES = join(ROOT, 'tests/fixtures/images');
// Each further photo: the other fixtures (224 x 224 PNGs), one after another.
const further = readdirSync(FIXTURES).filter((f) => f.endsWith('.png')).sort()
  .map((f) => join(FIXTURES, f)).filter((f) => resolve(f) !== resolve(opts.image));
const rel = (p) => relative(ROOT, p) || '.';
const say = (...a) => console.error('==>', ...a);

const tmp = mkdtempSync(join(tmpdir(), 'skincheck-bench-'));
const inputs = join(tmp, 'inputs');

// ---------- native ----------
// Native runtimes are measured at the start and again at the end of the run; the better of the
// two is reported (other work on a shared machine only ever makes a run slower).
const nativeTract = (dump) => JSON.parse(execFileSync(opts.cli, ['bench', opts.image, '--json', '--warmup',
  String(warmup), '--runs', String(runs), ...(dump ? ['--dump-inputs', inputs] : [])], { cwd: ROOT, encoding: 'utf8' }));
const nativeOrt = (threads) => JSON.parse(execFileSync('python3', [join(HERE, 'ort_native.py'), '--model',
  join(ROOT, 'assets/model.onnx'), '--inputs', inputs, '--threads', String(threads), '--warmup', String(warmup),
  '--runs', String(runs)], { cwd: ROOT, encoding: 'utf8' }));
const faster = (a, b, p50) => (p50(b) < p50(a) ? b : a);
say(`tract native: ${rel(opts.cli)} bench (${warmup} warm-ups, ${runs} runs), writing the input tensors`);
let native = nativeTract(true);
const manifest = JSON.parse(readFileSync(join(inputs, 'inputs.json'), 'utf8'));
const reference = manifest.tract_logits;
const threadCounts = [...new Set([1, cpus().length])];
let ortNative = threadCounts.map((threads) => {
  say(`onnxruntime (Python), ${threads} thread(s)`);
  return nativeOrt(threads);
});

// ---------- browser ----------
const harness = join(tmp, 'harness');
mkdirSync(harness);
writeFileSync(join(harness, 'index.html'), '<!doctype html><meta charset="utf-8"><title>SkinCheck bench</title>\n');
const mounts = {
  '/harness/': harness,
  '/inputs/': inputs,
  '/ort/': join(HERE, 'node_modules/onnxruntime-web/dist'),
};
for (const v of variants) mounts[`/v/${v.name}/`] = v.dist;
const server = await serve(mounts);
const browser = await launch();
const results = { variants: [], ortWeb: [] };
try {
  const profiled = variants.find((v) => v.name === 'wasm-opt-off') ?? variants[0];
  for (const v of variants) {
    say(`tract-wasm in the app's worker: ${v.name} (${rel(v.dist)})`);
    const tract = await tractWorker(browser, {
      origin: server.origin, app: `/v/${v.name}/`, runs, warmup, profile: v === profiled ? Number(opts.profile) : 0,
    });
    results.variants.push({ ...v, tract });
  }
  for (const threads of threadCounts) {
    say(`onnxruntime-web (wasm), ${threads} thread(s)`);
    results.ortWeb.push(await ortWeb(browser, {
      origin: server.origin, modelUrl: `/v/${variants[0].name}/assets/model.onnx`, threads, runs, warmup,
    }));
  }
  // Round-robin over the builds, so a burst of load on the (shared) machine hits them alike.
  for (const v of results.variants) v.cold = [];
  for (let i = 0; i < cold; i++) {
    for (const v of results.variants) {
      say(`cold start ${i + 1}/${cold}: ${v.name}, then ${further.length} further photos`);
      v.cold.push(await coldStart({
        origin: server.origin, app: `/v/${v.name}/`, image: opts.image, further, serverLog: server.log,
      }));
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
}

say('native runtimes again (the better of the two runs is reported)');
native = faster(native, nativeTract(false), (r) => r.inference.p50);
ortNative = ortNative.map((o) => faster(o, nativeOrt(o.threads), (r) => summarise(r.times).p50));

// ---------- figures ----------
const gzipCache = new Map();
const gz = (file) => {
  if (!gzipCache.has(file)) gzipCache.set(file, gzipBytes(readFileSync(file)));
  return gzipCache.get(file);
};
for (const v of results.variants) {
  v.bytes = v.cold[0].transfers.map((t) => ({
    path: t.path.replace(`/v/${v.name}/`, '') || 'index.html', raw: t.bytes, gzip: gz(t.file),
  }));
  v.tract.agreement = maxAbsDiff(v.tract.logits, reference);
}
const figures = {
  date: new Date().toISOString(),
  command: opts.command,
  machine: {
    cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: totalmem() / 2 ** 30,
    loadavgAfter: loadavg(), chromium: await chromiumVersion(), node: process.version,
    rustc: process.env.SKINCHECK_RUSTC ?? '', image: rel(opts.image),
  },
  runs, warmup, cold,
  native: { ...native, agreement: 0 },
  ortNative: ortNative.map((o) => ({ ...o, summary: summarise(o.times), agreement: maxAbsDiff(o.logits, reference) })),
  ortWeb: results.ortWeb.map((o) => ({ ...o, summary: summarise(o.times), agreement: maxAbsDiff(o.logits, reference) })),
  variants: results.variants,
};
if (opts.json) writeFileSync(opts.json, JSON.stringify(figures, null, 1));
const generated = render(figures);
writeFileSync(opts.out, splice(existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : null, generated));
console.log(generated);
say(`wrote ${rel(opts.out)}`);

async function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
