// The in-browser measurements, all in one headless Chromium (Debian's /usr/bin/chromium):
// tract-wasm inside the app's own worker, onnxruntime-web's wasm backend, and the app's cold
// start (navigation -> first probabilities shown) with the Long Tasks seen meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** Same launch flags as tests/browser/classifier.test.mjs. */
export function launch() {
  return chromium.launch(CHROMIUM);
}

/** A fresh context (empty cache) on the blank harness page. */
async function harnessPage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/harness/`);
  return { context, page, errors };
}

/**
 * tract-wasm in the app's worker (`<app>worker_loader.js`), spoken to with the app's own
 * protocol: start -> ready, load_model (WebCrypto hash, parse, optimise), then `run_tensors` on the
 * benchmark's tensors. Times are the page's round trips (what the app waits for) and the
 * worker's own `run_ms` around the network call. With `profile`, a further `profile` runs
 * are recorded by Chromium's sampling profiler (all threads) and summarised by function.
 */
export async function tractWorker(browser, { origin, app, runs, warmup, profile = 0 }) {
  const { context, page, errors } = await harnessPage(browser, origin);
  try {
    const setup = await page.evaluate(async ({ app }) => {
      const inbox = [];
      const waiters = [];
      const next = () => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise((r) => waiters.push(r)));
      const deliver = (m) => { if (waiters.length) waiters.shift()(m); else inbox.push(m); };
      const t0 = performance.now();
      const worker = new Worker(`${app}worker_loader.js`);
      worker.onmessage = (e) => deliver({ header: JSON.parse(e.data.header), bytes: e.data.bytes });
      worker.onerror = (e) => deliver({ header: { kind: 'error', message: e.message } });
      const ready = await next();
      if (ready.header.kind !== 'ready') throw new Error(JSON.stringify(ready.header));
      const startMs = performance.now() - t0;
      const get = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
      const cardJson = await (await fetch(`${app}assets/model.json`)).text();
      const model = await get(`${app}assets/model.onnx`);
      const image = await get('/inputs/image.f32');
      const metadata = await get('/inputs/metadata.f32');
      const tensors = new Uint8Array(image.length + metadata.length);
      tensors.set(image, 0);
      tensors.set(metadata, image.length);
      const post = (header, bytes) => worker.postMessage(
        bytes ? { header: JSON.stringify(header), bytes } : { header: JSON.stringify(header) },
        bytes ? [bytes.buffer] : []);
      // One model load (parse + hash check + optimise); the first is timed by the caller
      // (optionally under the profiler), a second in the same worker shows how much of the
      // first was the engine warming up its code rather than work.
      // As the app does: the page hashes the model with WebCrypto, the worker checks the
      // digest against the card and builds the plan.
      window.__load = async () => {
        const copy = model.slice();
        const t = performance.now();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', copy));
        const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        post({ kind: 'load_model', card_json: cardJson, sha256 }, copy);
        const loaded = await next();
        if (loaded.header.kind !== 'model_loaded') throw new Error(JSON.stringify(loaded.header));
        return { ms: performance.now() - t, workerMs: loaded.header.load_ms };
      };
      // n runs of the network; round trips and the worker's own times.
      window.__tract = async (n, skip) => {
        const roundTrip = [];
        const inWorker = [];
        let last;
        for (let i = 0; i < n; i++) {
          const copy = tensors.slice();
          const t = performance.now();
          post({ kind: 'run_tensors', seq: i }, copy);
          last = (await next()).header;
          const dt = performance.now() - t;
          if (last.kind !== 'tensors_run') throw new Error(JSON.stringify(last));
          if (i >= skip) { roundTrip.push(dt); inWorker.push(last.run_ms); }
        }
        return { roundTrip, inWorker, logits: last.logits, camSum: last.cam_sum };
      };
      return { workerStartMs: startMs, crossOriginIsolated: self.crossOriginIsolated };
    }, { app });
    const traced = async (fn) => {
      if (!profile) return { value: await fn() };
      await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8'] });
      const value = await fn();
      return { value, hotspots: selfTimeByFunction(JSON.parse(String(await browser.stopTracing()))) };
    };
    const load = await traced(() => page.evaluate(() => window.__load()));
    const first = await page.evaluate(() => window.__tract(1, 0));
    const timed = await page.evaluate(([n, skip]) => window.__tract(n, skip), [warmup + runs, warmup]);
    const reload = await page.evaluate(() => window.__load());
    const hot = profile ? await traced(() => page.evaluate((n) => window.__tract(n, 0), profile)) : {};
    return {
      ...setup, ...timed, loadMs: load.value.ms, workerLoadMs: load.value.workerMs,
      firstRunMs: first.roundTrip[0], reloadMs: reload.ms,
      loadHotspots: load.hotspots, hotspots: hot.hotspots,
    };
  } finally {
    if (errors.length) console.error('  page errors:', errors);
    await context.close();
  }
}

/**
 * Self time by function from a Chromium trace's sampling-profiler chunks, busiest thread
 * first: [{ thread, samples, functions: [{ name, share }] }] (top 15 per thread).
 */
export function selfTimeByFunction(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const threads = new Map();
  for (const e of events) {
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name);
  }
  const profiles = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    if (!profiles.has(key)) profiles.set(key, { thread: threads.get(`${e.pid}:${e.tid}`) ?? `tid ${e.tid}`, nodes: new Map(), counts: new Map() });
    const p = profiles.get(key);
    const cpu = e.args?.data?.cpuProfile ?? {};
    for (const n of cpu.nodes ?? []) p.nodes.set(n.id, n.callFrame?.functionName || '(anonymous)');
    for (const id of cpu.samples ?? []) p.counts.set(id, (p.counts.get(id) ?? 0) + 1);
  }
  const out = [];
  for (const p of profiles.values()) {
    const byName = new Map();
    let total = 0;
    for (const [id, count] of p.counts) {
      const name = p.nodes.get(id) ?? `node ${id}`;
      if (name === '(idle)') continue;
      byName.set(name, (byName.get(name) ?? 0) + count);
      total += count;
    }
    const functions = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)
      .map(([name, count]) => ({ name, share: count / total }));
    out.push({ thread: p.thread, samples: total, functions });
  }
  return out.sort((a, b) => b.samples - a.samples);
}

/**
 * onnxruntime-web, wasm backend (its only wasm build is SIMD + threads), `threads` intra-op
 * threads, on the page's main thread (no proxy worker), on the same tensors.
 */
export async function ortWeb(browser, { origin, modelUrl, threads, runs, warmup }) {
  const { context, page, errors } = await harnessPage(browser, origin);
  try {
    return await page.evaluate(async ({ modelUrl, threads, runs, warmup }) => {
      const ort = await import('/ort/ort.wasm.min.mjs');
      ort.env.wasm.wasmPaths = '/ort/';
      ort.env.wasm.numThreads = threads;
      ort.env.wasm.proxy = false;
      const get = async (url) => (await fetch(url)).arrayBuffer();
      const model = new Uint8Array(await get(modelUrl));
      const meta = await (await fetch('/inputs/inputs.json')).json();
      const image = new Float32Array(await get('/inputs/image.f32'));
      const metadata = new Float32Array(await get('/inputs/metadata.f32'));
      const t0 = performance.now();
      const session = await ort.InferenceSession.create(model, {
        executionProviders: ['wasm'], graphOptimizationLevel: 'all',
      });
      const createMs = performance.now() - t0;
      const feeds = {
        [meta.image.name]: new ort.Tensor('float32', image, meta.image.shape),
        [meta.metadata.name]: new ort.Tensor('float32', metadata, meta.metadata.shape),
      };
      const times = [];
      let out;
      for (let i = 0; i < warmup + runs; i++) {
        const t = performance.now();
        out = await session.run(feeds);
        const dt = performance.now() - t;
        if (i >= warmup) times.push(dt);
      }
      // One row per test-time view: the photo's logits are the rows' mean (as in tract);
      // the cam sum is the same over the views' maps turned back or not.
      const cam = out.cam.data;
      const views = meta.image.shape[0];
      let camSum = 0;
      for (let i = 0; i < cam.length; i++) camSum += cam[i] / views;
      const k = out.logits.data.length / views;
      const logits = Array.from({ length: k }, (_, j) => {
        let s = 0;
        for (let v = 0; v < views; v++) s += out.logits.data[v * k + j];
        return s / views;
      });
      return {
        createMs, times, logits, camSum,
        crossOriginIsolated: self.crossOriginIsolated, threads: ort.env.wasm.numThreads,
        version: ort.env.versions?.web ?? ort.env.versions?.common,
      };
    }, { modelUrl, threads, runs, warmup });
  } finally {
    if (errors.length) console.error('  page errors:', errors);
    await context.close();
  }
}

// Installed before the app's scripts: Long Tasks, the moment a photo is given (the file
// input's change event) and the moment its probabilities are shown (7 bars in the DOM, the
// result panel no longer busy, after the previous result was cleared), as performance marks.
const OBSERVERS = () => {
  const bench = { longtasks: [], given: null, shown: null, cleared: false };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    if (bench.given === null || bench.shown !== null) return;
    const bars = document.querySelectorAll('[data-testid=probabilities] li[data-probability]').length;
    const busy = document.querySelector('[data-testid=results]')?.getAttribute('aria-busy');
    if (bars === 0) bench.cleared = true;
    else if (bench.cleared && bars >= 7 && busy === 'false') {
      performance.mark('bench:probabilities-shown');
      bench.shown = performance.now();
    }
  };
  document.addEventListener('change', (e) => {
    if (e.target?.id !== 'file-input') return;
    performance.mark('bench:photo-given');
    bench.given = performance.now();
    bench.shown = null;
    bench.cleared = false;
    check();
  }, true);
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-probability', 'aria-busy'],
  });
};

/**
 * The app's cold start: a fresh browser profile (empty cache, on disk as a person's: an
 * incognito context's in-memory HTTP cache does not keep the 17 MB worker wasm, so the offline
 * copy would download it again) opens `app`; the photo is given as soon as the file input
 * exists; we wait for its probabilities. Then `further` more photos, one at a time (each:
 * photo given -> probabilities shown). Returns the performance marks, the Long Tasks and the
 * server's responses of the whole first visit: until the offline copy is stored.
 */
export async function coldStart({ origin, app, image, further, serverLog }) {
  const profile = mkdtempSync(join(tmpdir(), 'skincheck-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM, viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(OBSERVERS);
  const logStart = serverLog.length;
  try {
    await page.goto(`${origin}${app}`, { waitUntil: 'commit' });
    await page.waitForSelector('#file-input', { state: 'attached', timeout: 60_000 });
    await page.setInputFiles('#file-input', image);
    await page.waitForFunction(() => window.__bench.shown !== null, null, { timeout: 120_000, polling: 50 });
    const first = await page.evaluate(() => ({
      marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
      given: window.__bench.given,
      shown: window.__bench.shown,
      workerMs: Number(document.querySelector('[data-testid=timing] strong')?.dataset.ms),
    }));
    const again = [];
    for (let i = 0; i < further.length; i++) {
      await page.setInputFiles('#file-input', further[i]);
      await page.waitForFunction(() => window.__bench.shown !== null, null, { timeout: 60_000, polling: 20 });
      again.push(await page.evaluate(() => ({
        given: window.__bench.given,
        shown: window.__bench.shown,
        workerMs: Number(document.querySelector('[data-testid=timing] strong')?.dataset.ms),
      })));
    }
    const longtasks = await page.evaluate(() => window.__bench.longtasks);
    // The first visit ends when its offline copy is stored (the worker activated).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForTimeout(1000);
    const transfers = serverLog.slice(logStart);
    return { first, again, longtasks, transfers, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
