// The flags of the conformance check: parseArgs options and the `--help` text.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'conformance',
  summary: 'check every example against the rules of docs/writing-an-example.md.',
  usage: 'pnpm --filter @concurrency/conformance start [flags]',
  options: {
    only: { type: 'string', help: 'check only this example folder (repeatable)' },
    sizes: {
      type: 'boolean',
      help: "print each example's lesson lines, comment share, longest file, proof lines",
    },
  },
});
