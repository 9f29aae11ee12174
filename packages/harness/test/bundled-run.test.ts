import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledEntry } from '../src/example-bundle.ts';

// The harness's own package has no src/main.ts, so the question is asked for an
// example's: inside a vitest run the global setup made it for that package only.
const threads = fileURLToPath(new URL('../../../examples/threads/', import.meta.url));

describe('runExample inside a test run', () => {
  it('finds no bundle for a package this run did not bundle, and falls back to tsx', () => {
    expect(bundledEntry(threads, 'src/main.ts')).toBeUndefined();
  });

  it('finds the bundle named for a package, with or without a trailing slash', () => {
    const saved = process.env.CONCURRENCY_EXAMPLE_BUNDLES;
    try {
      process.env.CONCURRENCY_EXAMPLE_BUNDLES = JSON.stringify({
        [`${threads.replace(/\/$/, '')}#src/main.ts`]: '/bundle.mjs',
      });
      expect(bundledEntry(threads, 'src/main.ts')).toBe('/bundle.mjs');
      expect(bundledEntry(threads.replace(/\/$/, ''), 'src/main.ts')).toBe('/bundle.mjs');
    } finally {
      if (saved === undefined) delete process.env.CONCURRENCY_EXAMPLE_BUNDLES;
      else process.env.CONCURRENCY_EXAMPLE_BUNDLES = saved;
    }
  });
});
