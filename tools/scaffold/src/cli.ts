// The flags of `pnpm new-example`: parseArgs options and the `--help` text, declared once.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'new-example',
  summary: 'copy an example as a new one, in the workspace or (--out) as a package of its own.',
  usage: 'pnpm new-example <name> --from <example> [flags]',
  options: {
    from: { type: 'string', help: 'the example to copy, e.g. threads (required)' },
    out: {
      type: 'string',
      help: 'write a standalone npm package to this folder, outside the workspace',
    },
    bare: {
      type: 'boolean',
      help: 'with --out: the lesson alone (src/ and a small shim), run with npm start, no tests',
    },
    'no-install': { type: 'boolean', help: 'in the workspace: do not run pnpm install after' },
  },
});
