import { peakConcurrency } from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { describe, expect, it } from 'vitest';
import { busySpans } from '../../../examples/cpu-bound/test/figure.ts';
import { workerSpans } from '../../../examples/threads/test/figure.ts';
import { MAX_LANES, renderSvg } from '../src/svg.ts';
import { fixture } from './fixture.ts';

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
    expect(all(/class="lane">([^<]+)<\/text>/g)).toEqual(['main', 'worker-1', 'worker-2']);
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

const peakLabel = (drawn: string) => drawn.match(/class="peak">peak (\d+) at once</)?.[1];
const lanesOf = (drawn: string) => [...drawn.matchAll(/class="lane">([^<]+)</g)].map((m) => m[1]);

describe('renderSvg on crowded runs', () => {
  it("labels the at-once chart's peak with what the harness counts for the example's claim", () => {
    const threads = fixture('threads');
    expect(Number(peakLabel(renderSvg(threads, { title: 't' })))).toBe(
      peakConcurrency(threads, workerSpans).peak,
    );
    // cpu-bound runs its versions one after another: the picture's peak is the highest.
    const cpu = fixture('cpu-bound');
    const versions = ['sequential', 'threads', 'processes'] as const;
    expect(Number(peakLabel(renderSvg(cpu, { title: 't' })))).toBe(
      Math.max(...versions.map((v) => peakConcurrency(cpu, busySpans(v)).peak)),
    );
  });

  it("names each part's own peak over it, as the harness counts each version (cpu-bound)", () => {
    const cpu = fixture('cpu-bound');
    const versions = cpu
      .filter((e) => e.event === 'part' && e.version !== undefined)
      .map((e) => e.version as Parameters<typeof busySpans>[0]);
    const drawn = [...renderSvg(cpu, { title: 't' }).matchAll(/class="part-peak">(\d+)</g)];
    expect(drawn.map((m) => Number(m[1]))).toEqual(
      versions.map((v) => peakConcurrency(cpu, busySpans(v)).peak),
    );
  });

  it(`draws a 200-actor run in at most ${MAX_LANES} lanes, workers in one lane with their count`, () => {
    const crowd: TraceEvent[] = [ev(0, 'main', 'part', '# many at once')];
    for (let i = 0; i < 200; i++) crowd.push(ev(1 + i / 10, `worker-${i}`, 'start'));
    for (let i = 0; i < 200; i++) crowd.push(ev(100 + i / 10, `worker-${i}`, 'finish'));
    crowd.push(ev(130, 'main', 'finish'));
    const drawn = renderSvg(crowd, { title: 'crowd' });
    expect(lanesOf(drawn)).toEqual(['main', 'worker-* (200)']);
    expect(peakLabel(drawn)).toBe('200');
    // 30 differently named actors: still no more lanes than that.
    const motley = Array.from({ length: 30 }, (_, i) =>
      ev(i, `actor${'abcdefghijklmnopqrstuvwxyzABCD'[i]}`, 'x'),
    );
    const lanes = lanesOf(renderSvg(motley, { title: 'm' }));
    expect(lanes).toHaveLength(MAX_LANES);
    expect(lanes.at(-1)).toBe('others (7)');
  });

  it('marks every kill and failure with a red cross and every retry with an arrow (task-queue)', () => {
    const trace = fixture('task-queue');
    const drawn = renderSvg(trace, { title: 't' });
    const faults = trace.filter((e) => /kill|fail|sigterm/.test(e.event));
    expect(faults.length).toBeGreaterThan(3);
    expect(drawn.match(/class="fault"/g)).toHaveLength(faults.length);
    const retries = trace.filter(
      (e) => typeof e.attempt === 'number' && e.attempt > 1 && !faults.includes(e),
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(drawn.match(/class="retry"/g)).toHaveLength(retries.length);
    expect(drawn).toContain('>kill, failure</text>');
  });

  it('labels a span where its name fits inside its bar, and only there', () => {
    const drawn = renderSvg(
      [
        { ...ev(0, 'w', 'start'), job: 'long-job' },
        { ...ev(1, 'v', 'start'), job: 'short-job' },
        { ...ev(3, 'v', 'finish'), job: 'short-job' },
        // Events every 100 ms: no quiet stretch to cut, the axis stays linear.
        ...[100, 200, 300].map((ms) => ev(ms, 'x', 'tick')),
        { ...ev(400, 'w', 'finish'), job: 'long-job' },
      ],
      { title: 's' },
    );
    expect([...drawn.matchAll(/class="span-label">([^<]+)</g)].map((m) => m[1])).toEqual([
      'long-job',
    ]);
    expect(drawn.match(/class="span"/g)).toHaveLength(2);
  });

  it('cuts a long quiet stretch down and says how long it was, so the work keeps the width', () => {
    const drawn = renderSvg(
      [ev(0, 'a', 'start'), ev(10, 'a', 'finish'), ev(5000, 'b', 'start'), ev(5010, 'b', 'finish')],
      { title: 'q', width: 820 },
    );
    expect(drawn.match(/class="quiet"/g)).toHaveLength(1);
    expect(drawn).toContain('>4990 ms</text>');
    const bars = [...drawn.matchAll(/width="([\d.]+)" height="14" rx="2"[^>]*class="span"/g)];
    // Each 10 ms span gets far more than its 1/500 share of the plot.
    for (const [, w] of bars) expect(Number(w)).toBeGreaterThan(100);
  });
});
