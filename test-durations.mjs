// `pnpm test:durations`: write test-durations.json from the durations vitest recorded in
// its cache on the last full run (node_modules/.vite/vitest/*/results.json). The root
// vitest.config.ts starts the longest files first; on a cold run, with no cache, this
// file is all it knows of them. A stale entry only costs some seconds, never a result.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const cache = new URL('./node_modules/.vite/vitest/', import.meta.url);
const durations = {};
for (const hash of readdirSync(cache)) {
  const { results } = JSON.parse(readFileSync(new URL(`${hash}/results.json`, cache), 'utf8'));
  for (const [key, { duration }] of results) {
    durations[key.slice(key.indexOf(':') + 1)] = Math.round(duration / 100) / 10;
  }
}
const sorted = Object.entries(durations).sort(([, a], [, b]) => b - a);
writeFileSync(
  new URL('./test-durations.json', import.meta.url),
  `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`,
);
console.log(`test-durations.json: ${sorted.length} files`);
