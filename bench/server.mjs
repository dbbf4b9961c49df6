// A static file server for the benchmark: mounts folders under URL prefixes, logs every
// response (path, bytes sent) so a cold start's transfers can be listed by file, and sends
// cross-origin isolation headers everywhere so onnxruntime-web may use threads
// (SharedArrayBuffer) and performance.now() has its fine resolution. No compression: on
// localhost it would only cost CPU; gzip sizes are computed separately.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.onnx': 'application/octet-stream',
};

/** Starts serving `mounts` ({ '/prefix/': folder }); resolves to { origin, log, close }. */
export function serve(mounts) {
  const log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const prefix = Object.keys(mounts).filter((p) => path.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    };
    if (!prefix) { res.writeHead(404, headers).end(); return; }
    let rel = normalize(path.slice(prefix.length));
    if (rel.startsWith('..')) { res.writeHead(403, headers).end(); return; }
    if (rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    const file = join(mounts[prefix], rel);
    let size;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, headers).end();
      return;
    }
    log.push({ path, file, bytes: size });
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        log,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
