import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLES_VAR, bundleExample } from './example-bundle.ts';

// vitest runs this once per package's test run, before any test file: an example's
// `src/main.ts` is bundled here, and every run of it in the tests starts from that.
// Test workers are forked after this, so they inherit the variable.
export default async function setup({ config }: { config: { root: string } }): Promise<void> {
  const root = config.root;
  const entry = 'src/main.ts';
  if (!existsSync(join(root, entry)) || process.env.CONCURRENCY_NO_BUNDLE) return;
  const bundle = await bundleExample(root, entry);
  process.env[BUNDLES_VAR] = JSON.stringify({ [`${join(root)}#${entry}`]: bundle });
}
