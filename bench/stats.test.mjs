// Smoke check of the benchmark's pure parts (not part of scripts/test.sh: `node --test bench/`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmt, gzipBytes, maxAbsDiff, percentile, ratio, summarise, table, tasksWithin } from './stats.mjs';

test('nearest-rank percentiles', () => {
  const v = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  assert.equal(percentile(v, 0.5), 5);
  assert.equal(percentile(v, 0.9), 9);
  assert.deepEqual(summarise([3, 1, 2]), { n: 3, p50: 2, p90: 3, min: 1, max: 3 });
  assert.ok(Number.isNaN(percentile([], 0.5)));
});

test('ratios, diffs and long tasks', () => {
  assert.equal(ratio(3, 4), 0.75);
  assert.ok(Number.isNaN(ratio(3, NaN)));
  assert.equal(maxAbsDiff([1, 2], [1.5, 1]), 1);
  assert.equal(maxAbsDiff([1], [1, 2]), Infinity);
  const tasks = [{ start: 0, duration: 60 }, { start: 100, duration: 120 }, { start: 400, duration: 51 }];
  assert.deepEqual(tasksWithin(tasks, 150, 300), [tasks[1]]);
});

test('gzip shrinks repetitive bytes; tables and cells', () => {
  assert.ok(gzipBytes(Buffer.alloc(100_000)) < 1_000);
  assert.equal(fmt(NaN), '–');
  assert.equal(table(['a', 'b'], [[1, 2]]), '| a | b |\n| --- | --- |\n| 1 | 2 |');
});
