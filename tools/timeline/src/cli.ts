// The flags of `pnpm timelines`: parseArgs options and the `--help` text, declared once.
import { toolCommandLine } from '@concurrency/trace';

export const cli = toolCommandLine({
  program: 'timelines',
  summary:
    'run each example of the course and draw it as examples/<name>/timeline.svg, or write it as a Chrome trace for Perfetto.',
  usage: 'pnpm timelines [flags]',
  options: {
    only: { type: 'string', help: 'draw only this example (repeatable)' },
    scale: { type: 'string', default: '0.2', help: 'multiply every sleep of the runs by this' },
    'chrome-trace': {
      type: 'boolean',
      help: 'write examples/<name>/out/trace.chrome.json (open it in ui.perfetto.dev) instead of the SVG',
    },
    redraw: {
      type: 'boolean',
      help: 'draw the SVGs again from the runs kept beside them, running nothing (after a change to the drawing)',
    },
    out: {
      type: 'string',
      help: 'with --chrome-trace and one --only: write the trace to this path',
    },
  },
});
