// What `pnpm timelines` draws for an example, and the run it keeps beside the picture:
// one function, so a test can draw the kept run again and compare with the picture.
import { fileURLToPath } from 'node:url';
import type { Trace } from '@concurrency/trace';
import { renderSvg } from './svg.ts';

/** Where the run behind an example's timeline.svg is kept (JSON Lines, one event a line). */
export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../test/fixtures/${name}.jsonl`, import.meta.url));

/** An example's timeline.svg, from one run at `scale`. */
export function timelineSvg(name: string, trace: Trace, scale: number): string {
  const actors = new Set(trace.map((event) => event.actor)).size;
  const ms = trace.at(-1)!.t - trace[0]!.t;
  return renderSvg(trace, {
    title: `${name}: one run, every sleep scaled by ${scale}`,
    subtitle: `${trace.length} events by ${actors} actors over ${ms.toFixed(0)} ms; each lane is one actor`,
  });
}
