// The size gate itself: scripts/budget.mjs measures the release build in DIST_DIR, fails
// above its ceiling and passes under it, and says where the build stands against the
// 280 KB goal. (The gate on the real ceiling runs in scripts/test.sh.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { DIST_DIR, REPO_ROOT } from './harness.mjs';

const budget = (...args) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'budget.mjs'), DIST_DIR, ...args], {
    encoding: 'utf8',
  });

/** The measured brotli total in bytes, read back from the report line ("… 123.4 KB …"). */
const measured = (out) => Math.round(Number(/brotli transfer ([\d.]+) KB/.exec(out)[1]) * 1000);

test('the budget fails a build over its ceiling and names the ceiling file', () => {
  const r = budget('--ceiling', '1000');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /over the ceiling of 1\.0 KB \(scripts\/size-ceiling\)/);
});

test('the budget passes a build under its ceiling and reports the goal either way', () => {
  const total = measured(budget('--ceiling', '100000000').stdout);
  assert.ok(total > 10_000, `a release build weighs more than 10 KB, measured ${total}`);
  const under = budget('--ceiling', String(total + 200), '--goal', String(total + 200));
  assert.equal(under.status, 0, under.stdout + under.stderr);
  assert.match(under.stdout, /goal [\d.]+ KB met/);
  const over = budget('--ceiling', String(total + 200), '--goal', String(Math.max(1, total - 5_000)));
  assert.equal(over.status, 0, over.stdout + over.stderr);
  assert.match(over.stdout, /NOT met: [\d.]+ KB over/);
});
