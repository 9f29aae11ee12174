import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleExample } from './example-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON: `{ "<packageDir>#<entry>": "<bundle path>" }`, read by runExample. */
    concurrencyExampleBundles: string;
  }
}

interface Project {
  config: { root: string };
  provide(key: 'concurrencyExampleBundles', value: string): void;
}

// vitest runs this once per package's test run, before any test file: an example's
// `src/main.ts` is bundled here, and every run of it in the tests starts from that.
// The test workers learn where it is through vitest's provide/inject (see
// inject-bundles.ts): they do not inherit this process's environment.
export default async function setup(project: Project): Promise<void> {
  const root = project.config.root;
  const entry = 'src/main.ts';
  if (!existsSync(join(root, entry)) || process.env.CONCURRENCY_NO_BUNDLE) return;
  const bundle = await bundleExample(root, entry);
  project.provide(
    'concurrencyExampleBundles',
    JSON.stringify({ [`${resolve(root)}#${entry}`]: bundle }),
  );
}
