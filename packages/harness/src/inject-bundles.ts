import { inject } from 'vitest';
import { BUNDLES_VAR } from './example-bundle.ts';

// In each test worker, before its tests: where global-setup.ts put this package's
// bundled example, for runExample to start instead of going through tsx.
const bundles = inject('concurrencyExampleBundles');
if (bundles) process.env[BUNDLES_VAR] = bundles;
