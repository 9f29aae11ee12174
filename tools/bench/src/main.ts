// `pnpm bench`: every figure in a fixed order, then the results as Markdown, SVG and
// JSON (see bench.ts). The measuring modules load only once the flags are parsed, so
// `--help` and a mistyped flag answer without loading piscina, BullMQ or undici.
import { parseArgs } from 'node:util';
import { runTool } from '@concurrency/trace';
import { cli } from './cli.ts';

runTool(cli, async (args) => {
  const { values: flags } = parseArgs({ args, options: cli.options, strict: true });
  if (flags.redraw) {
    const { redrawChart } = await import('./report/write.ts');
    redrawChart(new URL('../results', import.meta.url).pathname);
    return;
  }
  const { bench } = await import('./bench.ts');
  await bench(flags);
});
