import { fileURLToPath } from 'node:url';
import { expectToolCommandLine } from '@concurrency/harness';
import { it } from 'vitest';
import { cli } from '../src/cli.ts';

const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));

it('--help prints every flag and exits 0 (-h is the same branch); an unknown flag points to --help', () => {
  expectToolCommandLine(entry, cli);
});
