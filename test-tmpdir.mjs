// `node test-tmpdir.mjs <command...>`: run the test suite with a private TMPDIR and
// fail it if anything is left there when it ends (issue 24.3: a test run leaves
// nothing in TMPDIR). Caches meant to be reused stay out of the count: tsx's compile
// cache, Node's module compile cache and the bundles of a read-only checkout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

// What examples still leave behind, by prefix, until their own fixes land: each
// example's branch makes it clean, and the coordinator then empties this list.
export const notYetClean = [];

// node-compile-cache: Node 22+'s module compile cache, which tsx turns on there.
const caches = [
  `tsx-${userInfo().uid}`,
  `concurrency-cache-${userInfo().uid}`,
  'node-compile-cache',
];

/** What a run left in `dir`, less the caches and the names still exempt. */
export function leftIn(dir, exempt = notYetClean) {
  return readdirSync(dir)
    .filter((name) => !caches.includes(name))
    .filter((name) => !exempt.some((prefix) => name.startsWith(prefix)))
    .sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, ...args] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'concurrency-suite-'));
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: dir } });
  const left = leftIn(dir);
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    console.error(
      `FAIL the test run left ${left.length} entries in its TMPDIR: ${left.join(', ')}`,
    );
  }
  process.exit(left.length > 0 ? 1 : (run.status ?? 1));
}
