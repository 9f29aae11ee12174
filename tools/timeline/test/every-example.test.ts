import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { course } from '@concurrency/tour/course';
import { describe, expect, it } from 'vitest';
import { toChromeTrace } from '../src/chrome-trace.ts';
import { fixturePath, timelineSvg } from '../src/drawn.ts';
import { SPAN_PAIRS } from '../src/pairs.ts';
import { formatProblems } from './chrome-format.ts';
import { fixture } from './fixture.ts';

// Every example of the course keeps the run its timeline.svg was drawn from: the
// picture must be that run drawn by today's code, and the run must make a Chrome
// trace that Perfetto opens. `pnpm timelines --only <name>` renews both.
const svgOf = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../../examples/${name}/timeline.svg`, import.meta.url)),
    'utf8',
  );

describe.each(course.map((lesson) => lesson.name))('%s', (name) => {
  it('keeps the run its timeline was drawn from', () => {
    expect(existsSync(fixturePath(name)), `run pnpm timelines --only ${name}`).toBe(true);
  });

  it('shows that run, drawn by the code as it is now', () => {
    const svg = svgOf(name);
    const scale = Number(/every sleep scaled by ([\d.e-]+)/.exec(svg)?.[1]);
    expect(
      svg === timelineSvg(name, fixture(name), scale),
      `run pnpm timelines --only ${name}`,
    ).toBe(true);
  });

  it('makes a Chrome trace the trace event format accepts, every event of the run in it', () => {
    const trace = fixture(name);
    const file = toChromeTrace(trace);
    expect(formatProblems(file)).toEqual([]);
    // Each event of the run is a span's start or end, or an instant, at its own moment.
    const t0 = trace[0]!.t;
    const moments = new Set<number>();
    for (const e of file.traceEvents) {
      if (e.ph === 'i') moments.add(e.ts!);
      if (e.ph === 'X') moments.add(e.ts!);
      if (e.ph === 'X' && e.args.end) moments.add(Math.round((e.ts! + e.dur!) * 1000) / 1000);
    }
    const missing = trace.filter((e) => !moments.has(Math.round((e.t - t0) * 1e6) / 1000));
    expect(missing.map((e) => `${e.actor} ${e.event}`)).toEqual([]);
    // A run that opens spans (a start, a busy, a request...) shows them as spans.
    if (trace.some((e) => e.event in SPAN_PAIRS)) {
      expect(file.traceEvents.some((e) => e.ph === 'X')).toBe(true);
    }
  });
});
