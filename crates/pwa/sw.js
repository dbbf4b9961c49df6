// SkinCheck's service worker: the whole app, offline, one build at a time.
//
// This file is a template: `skincheck-pwa` (the trunk post_build hook, crates/pwa) writes
// dist/sw.js with BUILD = every file of the build, its sha256 and size. So each build is a
// byte-different worker, which the browser installs beside the running one as an update.
//
// - install: download every file of the build into the cache named after its version,
//   refusing any whose sha256 differs from the build's (a half-deployed server, a stale
//   HTTP cache or a tampered file): the install fails, its cache is deleted, nothing is used.
// - fetch: files of the build come from this version's cache only (cache first), so an old
//   page never gets a new model or wasm and vice versa; navigations inside the app's folder
//   (deep links such as ./about) get the cached index.html.
// - an update waits until the page asks for it ('skip-waiting', the page's "Reload" button);
//   on activation this deployment's caches of other versions are deleted (never another
//   deployment's on the same origin) and the open pages reload (a page running a batch
//   first finishes it).
// - share target: a photo shared to the installed app (the manifest's share_target, a POST
//   of multipart form data to ./share-target) is answered here, with no server: the photo is
//   put into a cache of its own and the page is sent to ./?shared=1, which takes it from there
//   (src/shared_photo.rs). The photo never reaches the network.
'use strict';

const BUILD = __SKINCHECK_BUILD__;

// The worker sits at the top of the build, so its folder is the app's folder.
const SCOPE = new URL('./', self.location.href).href;
// "skincheck /a/ <version>": the deployment's folder is part of the name, so deployments
// sharing an origin (user.github.io/a/ and /b/) never touch each other's caches. The page
// reads the same names (src/offline.rs, cache_name).
const CACHE_PREFIX = `skincheck ${new URL(SCOPE).pathname} `;
const CACHE = CACHE_PREFIX + BUILD.version;
const FILES = new Map(BUILD.files.map((file) => [new URL(file.url, SCOPE).href, file]));
const INDEX = new URL('index.html', SCOPE).href;
// Some static servers send no (or a generic) type; wasm streaming compilation needs it.
const TYPES = {
  html: 'text/html; charset=utf-8', js: 'text/javascript', mjs: 'text/javascript',
  wasm: 'application/wasm', css: 'text/css', json: 'application/json',
  webmanifest: 'application/manifest+json', svg: 'image/svg+xml', png: 'image/png',
  ico: 'image/x-icon', txt: 'text/plain; charset=utf-8', log: 'text/plain; charset=utf-8',
};
// Parallel downloads while installing.
const CONCURRENCY = 4;
// The share target and its hand-over to the page (the same names as src/share_target.rs).
// The cache's name ends in two words, so the page never lists it as a build
// (src/offline.rs, version_of_cache); an update's clean-up deletes a photo no page took.
const SHARE_TARGET = new URL('share-target', SCOPE).href;
const SHARE_FIELD = 'photo';
const SHARE_CACHE = `${CACHE_PREFIX}shared photo`;
const SHARED_PHOTO = new URL('shared-photo', SCOPE).href;
const SHARED_NAME_HEADER = 'X-SkinCheck-Name';
// What the core decodes, for a shared file that comes without a type.
const IMAGE_NAME = /\.(jpe?g|jfif|png|webp|gif|bmp|tiff?)$/i;

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function contentType(file, response) {
  const extension = file.url.split('.').pop().toLowerCase();
  return TYPES[extension] ?? response.headers.get('Content-Type') ?? 'application/octet-stream';
}

// Where to look for a file, in order: the HTTP cache's copy, for index.html also under the
// app's folder (the address a first visit opens, the same file on every static host), then
// the server past the cache.
function sources(url) {
  const cached = url === INDEX ? [SCOPE, url] : [url];
  return [...cached.map((address) => [address, 'force-cache']), [url, 'reload']];
}

// One file of this build, checked against its sha256. The HTTP cache's copy is taken first,
// fresh or stale ('force-cache'): on a first visit the page has just downloaded the same
// bytes (the page registers this worker only once its model is in, src/sw_client.rs), and a
// server that sends `Cache-Control: no-cache` without validators would otherwise make every
// file download twice. The hash decides, not the cache: a copy that does not match (an old
// deployment's) is fetched again past the cache before the file is declared wrong.
async function fetchVerified(file) {
  const url = new URL(file.url, SCOPE).href;
  let problem = '';
  for (const [source, cache] of sources(url)) {
    const response = await fetch(source, { cache });
    if (!response.ok) {
      problem = `${file.url}: the server answered ${response.status}`;
      continue;
    }
    const body = await response.arrayBuffer();
    const got = await sha256Hex(body);
    if (got === file.sha256) {
      return new Response(body, {
        status: 200,
        headers: { 'Content-Type': contentType(file, response), 'Content-Length': String(body.byteLength) },
      });
    }
    problem = `${file.url} does not match build ${BUILD.version} (expected sha256 ${file.sha256}, got ${got}); not installing it`;
  }
  throw new Error(problem);
}

async function precache() {
  const cache = await caches.open(CACHE);
  const queue = [...BUILD.files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const url = new URL(file.url, SCOPE).href;
      // An install interrupted by closing the browser keeps what it had verified.
      if (await cache.match(url)) continue;
      await cache.put(url, await fetchVerified(file));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

self.addEventListener('install', (event) => {
  // A failed install leaves nothing behind: no half-stored build that looks like an offline
  // copy; the browser tries again on the next visit.
  event.waitUntil(precache().catch(async (error) => {
    await caches.delete(CACHE);
    throw error;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// From this version's cache; if the entry is missing (storage cleared while the worker
// runs) the network, exactly as without a worker.
async function fromCache(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  return hit ?? fetch(request);
}

function isImageFile(value) {
  if (!value || typeof value === 'string') return false;
  return value.type ? value.type.startsWith('image/') : IMAGE_NAME.test(value.name ?? '');
}

// A share: the first image of the form (the manifest's field first, then any other) replaces
// whatever an earlier share left; the page is told by ?shared= what arrived: 1 (a photo),
// no-image (nothing it could open), failed (the form or the storage failed).
async function receiveShare(request) {
  let outcome = 'failed';
  try {
    const form = await request.formData();
    const photo = [...form.getAll(SHARE_FIELD), ...form.values()].find(isImageFile);
    const cache = await caches.open(SHARE_CACHE);
    await cache.delete(SHARED_PHOTO);
    if (photo) {
      await cache.put(SHARED_PHOTO, new Response(photo, {
        headers: {
          'Content-Type': photo.type || 'application/octet-stream',
          [SHARED_NAME_HEADER]: encodeURIComponent(photo.name ?? ''),
        },
      }));
      outcome = '1';
    } else {
      outcome = 'no-image';
    }
  } catch (error) {
    console.warn('SkinCheck could not receive the shared photo:', error);
  }
  return Response.redirect(new URL(`./?shared=${outcome}`, SCOPE).href, 303);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method === 'POST' && request.url === SHARE_TARGET) {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  if (FILES.has(url.href)) {
    event.respondWith(fromCache(url.href, request));
  } else if (request.mode === 'navigate' && url.href.startsWith(SCOPE)) {
    event.respondWith(fromCache(INDEX, request));
  }
  // Anything else (there is nothing else in the app) goes to the network untouched.
});
