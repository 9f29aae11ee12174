import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleExample } from './example-bundle.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON: `{ "<packageDir>#<entry>": "<bundle path>" }`, read by runExample. */
    concurrencyExampleBundles: string;
    /** JSON: the package folders a project tests, when it tests more than its root. */
    concurrencyPackageDirs: string;
  }
}

interface Project {
  config: { root: string; provide?: { concurrencyPackageDirs?: string } };
  provide(key: 'concurrencyExampleBundles', value: string): void;
}

// vitest runs this once per project's test run, before any test file: an example's
// `src/main.ts` is bundled here, and every run of it in the tests starts from that.
// A project is one package (`pnpm --filter <example> test`) or, in the root's run,
// every example at once (the root vitest.config.ts names their folders).
// The test workers learn where the bundles are through vitest's provide/inject (see
// inject-bundles.ts): they do not inherit this process's environment.
export default async function setup(project: Project): Promise<void> {
  if (process.env.CONCURRENCY_NO_BUNDLE) return;
  const listed = project.config.provide?.concurrencyPackageDirs;
  const packageDirs: string[] = listed ? JSON.parse(listed) : [project.config.root];
  const entry = 'src/main.ts';
  const bundles: Record<string, string> = {};
  await Promise.all(
    packageDirs
      .filter((dir) => existsSync(join(dir, entry)))
      .map(async (dir) => {
        bundles[`${resolve(dir)}#${entry}`] = await bundleExample(dir, entry);
      }),
  );
  if (Object.keys(bundles).length > 0) {
    project.provide('concurrencyExampleBundles', JSON.stringify(bundles));
  }
}
