// The flags of `pnpm site`: parseArgs options and the `--help` text, declared once.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'site',
  summary:
    'the course as a website, made from the examples: serve it locally, or build static files.',
  usage: 'pnpm site [flags]',
  options: {
    build: { type: 'boolean', help: 'write static files (pnpm site:build) instead of serving' },
    out: { type: 'string', help: 'where the static files go (default tools/site/out/dist)' },
    pages: {
      type: 'string',
      help: 'where the generated markdown goes, inside tools/site (default tools/site/out/pages)',
    },
    port: { type: 'string', default: '5173', help: 'the port pnpm site serves on' },
  },
});
