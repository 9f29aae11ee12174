import type { TraceEvent } from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/svg.ts';

const ev = (ms: number, actor: string, event: string, text?: string): TraceEvent => ({
  t: 5000 + ms,
  pid: 1,
  tid: 0,
  actor,
  event,
  ...(text === undefined ? {} : { text }),
});

const trace = [
  ev(0, 'main', 'start'),
  ev(10, 'worker-1', 'start', 'Worker 1 starting'),
  ev(50, 'worker-2', 'start'),
  ev(100, 'worker-1', 'finish', 'a < b & "c"'),
  ev(150, 'worker-2', 'finish'),
  ev(200, 'main', 'finish'),
];
const svg = renderSvg(trace, { title: 'demo: a run', subtitle: 'at scale 0.2' });
const all = (pattern: RegExp) => [...svg.matchAll(pattern)].map((m) => m[1]);

describe('renderSvg', () => {
  it('is one svg element with a title and subtitle', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*>\n[\s\S]*<\/svg>\n$/);
    expect(svg).toContain('>demo: a run</text>');
    expect(svg).toContain('>at scale 0.2</text>');
  });

  it('draws one labelled lane per actor, in order of first appearance, each in its own colour', () => {
    expect(all(/text-anchor="end">([^<]+)<\/text>/g)).toEqual(['main', 'worker-1', 'worker-2']);
    const bars = all(/rx="3" fill="(#[0-9a-f]{6})" fill-opacity="0.35"/g);
    expect(bars).toHaveLength(3);
    expect(new Set(bars).size).toBe(3);
  });

  it('puts a mark at every event, lane by lane, saying what happened when, with its text escaped', () => {
    const tips = all(/<title>([^<]+)<\/title>/g).filter((tip) => / at \d/.test(tip!));
    expect(tips).toEqual([
      'main start at 0.0 ms',
      'main finish at 200.0 ms',
      'worker-1 start at 10.0 ms: Worker 1 starting',
      'worker-1 finish at 100.0 ms: a &lt; b &amp; &quot;c&quot;',
      'worker-2 start at 50.0 ms',
      'worker-2 finish at 150.0 ms',
    ]);
  });

  it('labels the axis in round milliseconds from 0 to the end of the run', () => {
    const ticks = all(/text-anchor="middle">(\d+)<\/text>/g);
    expect(ticks).toEqual(['0', '50', '100', '150', '200']);
    expect(svg).toContain('milliseconds since the first event');
  });

  it('has a legend for the bar and for each event shape', () => {
    for (const entry of ['first to last event', 'start', 'finish']) {
      expect(svg).toContain(`font-size="11">${entry}</text>`);
    }
  });

  it('draws a run whose events all happen at once without dividing by zero', () => {
    const instant = renderSvg([ev(0, 'a', 'x'), ev(0, 'b', 'x')], { title: 't' });
    expect(instant).not.toMatch(/NaN|Infinity/);
  });
});
