import { niceStep, type Trace, type TraceEvent } from '@concurrency/trace';
import { FAULT, type PairedSpan, pairSpans, spanName } from './pairs.ts';

// A run's timeline as a picture for a README: on top, how many spans were open at once
// over time with its peak labelled; then one lane per actor in its own colour, a faint
// bar from the actor's first event to its last, a solid bar for each span (labelled
// where the label fits), a mark at every event (its shape says which event), red marks
// for kills and failures, a curved arrow for a retry, a hatched band over a long quiet
// stretch; a millisecond axis with grid lines, and a legend. Hovering a mark shows the
// event and its text. Too many actors to draw share a lane per name prefix (`worker-*`).

export interface SvgOptions {
  title: string;
  /** A second line under the title, e.g. the scale the run was made at. */
  subtitle?: string;
  width?: number;
}

// Tableau 10: distinct hues that survive print and most colour blindness.
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'down', 'bar'] as const;
type Shape = (typeof SHAPES)[number];

const LANE = 26;
const TOP = 58;
/** The at-once chart's height, above the lanes. */
const CHART = 68;
/** More actors than this share lanes. */
export const MAX_LANES = 24;
const RIGHT = 24;
const FONT = 'font-family="ui-sans-serif, system-ui, sans-serif"';

export function renderSvg(trace: Trace, options: SvgOptions): string {
  const width = options.width ?? 820;
  const lanes = lanesOf(trace);
  const names = [...lanes.keys()];
  const longest = Math.max(
    13,
    ...names.map((n) => n.length + (lanes.get(n)!.actors.size > 1 ? 6 : 0)),
  );
  const left = 24 + Math.min(150, 7.2 * longest);
  const plot = width - left - RIGHT;
  const start = trace[0]?.t ?? 0;
  const total = Math.max(0, (trace.at(-1)?.t ?? 0) - start);
  const gaps = quietGaps(trace, total);
  const x = axis(start, total, gaps, left, plot);
  const shapeOf = shapesByEvent(trace);
  const { spans } = pairSpans(trace);
  const counted = atOnce(spans);
  const laneTop = TOP + (counted.length > 0 ? CHART : 0);
  const plotBottom = laneTop + names.length * LANE;

  const parts: string[] = [];
  parts.push(
    text(16, 24, options.title, 'font-size="16" font-weight="600"'),
    text(16, 42, options.subtitle ?? describeRun(trace, total), 'font-size="12" fill="#555"'),
  );
  // Shading every other lane, then grid and axis, so the marks draw over them all.
  for (let i = 1; i < names.length; i += 2) {
    parts.push(
      `<rect x="0" y="${laneTop + i * LANE}" width="${width}" height="${LANE}" fill="#f4f4f4"/>`,
    );
  }
  parts.push(...quietBands(gaps, x, TOP, plotBottom));
  const step = niceStep((total - gaps.reduce((sum, [a, b]) => sum + b - a, 0)) / 8);
  for (let k = 0; step > 0 && k * step <= total * (1 + 1e-9); k++) {
    if (gaps.some(([a, b]) => start + k * step > a && start + k * step < b)) continue;
    const at = x(start + k * step).toFixed(1);
    parts.push(
      `<line x1="${at}" y1="${TOP}" x2="${at}" y2="${plotBottom}" stroke="#e3e3e3"/>`,
      `<line x1="${at}" y1="${plotBottom}" x2="${at}" y2="${plotBottom + 5}" stroke="#333"/>`,
      text(
        Number(at),
        plotBottom + 18,
        String(Number((k * step).toPrecision(6))),
        'font-size="11" text-anchor="middle"',
      ),
    );
  }
  parts.push(
    `<line x1="${left}" y1="${plotBottom}" x2="${left + plot}" y2="${plotBottom}" stroke="#333"/>`,
    text(
      left + plot / 2,
      plotBottom + 34,
      'milliseconds since the first event',
      'font-size="11" text-anchor="middle" fill="#555"',
    ),
  );
  if (counted.length > 0) parts.push(...atOnceChart(counted, partsOf(trace), x, left, plot));

  const spansOf = new Map<string, PairedSpan[]>();
  for (const span of spans) {
    const lane = laneOf(lanes, span.actor);
    spansOf.set(lane, [...(spansOf.get(lane) ?? []), span]);
  }
  names.forEach((lane, i) => {
    const { events, actors } = lanes.get(lane)!;
    const shared = actors.size > 1;
    // A lane too full to mark both ends of each span marks only what is not one: its
    // bars say the rest (a thousand ends would be a smear).
    const crowded = shared || events.length > plot / 6;
    const colour = PALETTE[i % PALETTE.length]!;
    const mid = laneTop + i * LANE + LANE / 2;
    const label = shared ? `${lane} (${actors.size})` : lane;
    parts.push(text(left - 10, mid + 4, label, 'font-size="12" text-anchor="end" class="lane"'));
    const from = x(events[0]!.t);
    const to = x(events.at(-1)!.t);
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${mid - 5}" width="${Math.max(2, to - from).toFixed(1)}" height="10" rx="3" fill="${colour}" fill-opacity="0.35"/>`,
    );
    parts.push(...spanBars(spansOf.get(lane) ?? [], x, mid, colour, start));
    let saidTo = -Infinity;
    const spanEvents = new Set((spansOf.get(lane) ?? []).flatMap((s) => [s.start, s.end]));
    for (const event of events) {
      if (crowded && spanEvents.has(event) && !FAULT.test(event.event)) continue;
      parts.push(
        mark(shapeOf.get(event.event) ?? 'circle', x(event.t), mid, colour, tooltip(event, start)),
      );
      const said = alarm(event, x(event.t), mid, saidTo);
      if (said.to !== undefined) saidTo = said.to;
      parts.push(...said.parts);
    }
  });
  // The legend explains the bar and each mark's shape; its marks are white, as colour means actor.
  const extras: Extras = {
    spans: spans.length > 0,
    faults: trace.some((event) => FAULT.test(event.event)),
    retries: trace.some((event) => typeof event.attempt === 'number' && event.attempt > 1),
  };
  parts.push(...legend(shapeOf, left, plotBottom + 52, plot, extras));
  const height = plotBottom + 52 + 22 * legendRows(shapeOf, plot, extras) + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

interface Lane {
  events: TraceEvent[];
  actors: Set<string>;
}

// One lane per actor while they fit; past MAX_LANES, actors named alike (`worker-7`,
// `worker-12`) share a lane `worker-*`, and what still does not fit shares the last.
function lanesOf(trace: Trace): Map<string, Lane> {
  const actors = [...new Set(trace.map((event) => event.actor))];
  const laneFor = new Map<string, string>();
  if (actors.length <= MAX_LANES) {
    for (const actor of actors) laneFor.set(actor, actor);
  } else {
    const prefixOf = (actor: string) => actor.replace(/[-_ ]?\d+$/, '');
    const sharing = new Map<string, number>();
    for (const actor of actors)
      sharing.set(prefixOf(actor), (sharing.get(prefixOf(actor)) ?? 0) + 1);
    const kept: string[] = [];
    for (const actor of actors) {
      let lane = sharing.get(prefixOf(actor))! > 1 ? `${prefixOf(actor)}-*` : actor;
      if (!kept.includes(lane)) {
        if (kept.length < MAX_LANES - 1) kept.push(lane);
        else lane = 'others';
      }
      laneFor.set(actor, lane);
    }
  }
  const lanes = new Map<string, Lane>();
  for (const event of trace) {
    const name = laneFor.get(event.actor)!;
    const lane = lanes.get(name) ?? { events: [], actors: new Set<string>() };
    lane.events.push(event);
    lane.actors.add(event.actor);
    lanes.set(name, lane);
  }
  return lanes;
}

function laneOf(lanes: Map<string, Lane>, actor: string): string {
  for (const [name, lane] of lanes) if (lane.actors.has(actor)) return name;
  return actor;
}

/**
 * The spans the at-once chart counts: the work itself. A span that holds another kind
 * of span of its own actor (a run's start→finish around its jobs' busy→done) is not
 * counted, nor one of main's that holds anyone's (main timing a version while workers
 * or a server do the work). Spans of one kind held by another of theirs (a short
 * request inside a long one) all count: they ran at once.
 */
export function atOnce(spans: readonly PairedSpan[]): PairedSpan[] {
  const holds = (outer: PairedSpan, inner: PairedSpan) =>
    inner !== outer && inner.start.t >= outer.start.t && inner.until <= outer.until;
  const container = (span: PairedSpan, other: PairedSpan) =>
    span.actor === 'main' || (other.actor === span.actor && other.start.event !== span.start.event);
  return spans.filter(
    (span) => !spans.some((other) => holds(span, other) && container(span, other)),
  );
}

/**
 * The most spans open at one moment, counted as the harness counts it: an end at the
 * very moment of a start does not overlap it; a span of zero length counts at its start.
 */
export function peakOf(spans: readonly PairedSpan[]): { peak: number; at: number } {
  let best = { peak: 0, at: spans[0]?.start.t ?? 0 };
  for (const candidate of spans) {
    const at = candidate.start.t;
    const open = spans.filter((s) => s.start.t <= at && (s.until > at || s === candidate));
    if (open.length > best.peak) best = { peak: open.length, at };
  }
  return best;
}

// A step line of how many spans are open, over the run, with its peak named.
function atOnceChart(
  spans: readonly PairedSpan[],
  cuts: readonly number[],
  x: (t: number) => number,
  left: number,
  plot: number,
): string[] {
  const { peak, at } = peakOf(spans);
  const base = TOP + CHART - 14;
  const high = TOP + 14;
  const y = (n: number) => base - (peak === 0 ? 0 : (n / peak) * (base - high));
  // Ends before starts at one moment, as the peak counts them.
  const changes = spans
    .flatMap((s) => [
      { t: s.start.t, d: 1 },
      { t: s.until, d: -1 },
    ])
    .sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let path = `M${left.toFixed(1)},${base.toFixed(1)}`;
  for (const { t, d } of changes) {
    path += ` H${x(t).toFixed(1)}`;
    open += d;
    path += ` V${y(Math.max(0, open)).toFixed(1)}`;
  }
  path += ` H${(left + plot).toFixed(1)}`;
  // The run's peak is named at the chart's top right, a dot marking when it was.
  const label = `peak ${peak} at once`;
  // With parts (main's `# ...` headers), each part's own peak is named over it too.
  const perPart: string[] = [];
  for (const [i, from] of cuts.entries()) {
    const to = cuts[i + 1] ?? Infinity;
    const inPart = spans.filter((s) => s.start.t >= from && s.start.t < to);
    if (inPart.length === 0 || inPart.length === spans.length) continue;
    const part = peakOf(inPart);
    perPart.push(
      text(
        x(part.at),
        y(part.peak) - 3,
        String(part.peak),
        'font-size="10" fill="#e15759" text-anchor="middle" class="part-peak"',
      ),
    );
  }
  return [
    ...perPart,
    `<line x1="${left}" y1="${base}" x2="${left + plot}" y2="${base}" stroke="#bbb"/>`,
    text(
      left - 10,
      (base + high) / 2 + 4,
      'spans at once',
      'font-size="11" text-anchor="end" fill="#555"',
    ),
    text(left - 4, base + 4, '0', 'font-size="10" text-anchor="end" fill="#555"'),
    text(left - 4, high + 4, String(peak), 'font-size="10" text-anchor="end" fill="#555"'),
    `<path d="${path}" fill="none" stroke="#333" stroke-width="1.5" class="at-once"/>`,
    `<circle cx="${x(at).toFixed(1)}" cy="${high}" r="3" fill="#e15759"/>`,
    text(
      left + plot,
      TOP - 2,
      label,
      'font-size="12" font-weight="600" text-anchor="end" class="peak"',
    ),
  ];
}

// A solid bar per span, dashed where it never closed, its name inside where it fits.
function spanBars(
  spans: readonly PairedSpan[],
  x: (t: number) => number,
  mid: number,
  colour: string,
  start: number,
): string[] {
  const parts: string[] = [];
  let labelledTo = -Infinity;
  for (const span of spans) {
    const [from, to] = [x(span.start.t), x(span.until)];
    const w = Math.max(1.5, to - from);
    const dash = span.end ? '' : ' stroke="#e15759" stroke-dasharray="3 2"';
    const tip = `${span.actor} ${spanName(span)}: ${(span.until - span.start.t).toFixed(1)} ms from ${(span.start.t - start).toFixed(1)} ms${span.end ? '' : ', never finished'}`;
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${mid - 7}" width="${w.toFixed(1)}" height="14" rx="2" fill="${colour}" fill-opacity="0.75"${dash} class="span"><title>${escapeXml(tip)}</title></rect>`,
    );
    // A span named only by its opening event (`start`) is labelled with how long it took.
    const name =
      spanName(span) === span.start.event
        ? `${(span.until - span.start.t).toFixed(0)} ms`
        : spanName(span);
    if (w >= 6.2 * name.length + 8 && from >= labelledTo) {
      parts.push(text(from + 4, mid + 3.5, name, 'font-size="10" fill="#fff" class="span-label"'));
      labelledTo = to;
    }
  }
  return parts;
}

// Kills and failures get a red cross over their mark; a retry (attempt 2 on) a curved
// arrow. Each is named above the lane where that does not run into the last name.
function alarm(
  event: TraceEvent,
  cx: number,
  mid: number,
  saidTo: number,
): { parts: string[]; to?: number } {
  const fault = FAULT.test(event.event);
  const retry = typeof event.attempt === 'number' && event.attempt > 1;
  if (!fault && !retry) return { parts: [] };
  const c = (d: number) => `${(cx + d).toFixed(1)}`;
  const parts = fault
    ? [
        `<path d="M${c(-6)},${mid - 6} L${c(6)},${mid + 6} M${c(-6)},${mid + 6} L${c(6)},${mid - 6}" stroke="#d62728" stroke-width="2.5" class="fault"/>`,
      ]
    : [text(cx + 5, mid - 3, '↻', 'font-size="12" fill="#b35c00" class="retry"')];
  const name = fault ? event.event : `retry ${event.attempt}`;
  const half = 2.6 * name.length;
  if (cx - half < saidTo + 3) return { parts };
  const colour = fault ? '#d62728' : '#b35c00';
  parts.push(text(cx, mid - 8, name, `font-size="9" fill="${colour}" text-anchor="middle"`));
  return { parts, to: cx + half };
}

/** When each part of a run begins: main's `part` events, the `# ...` headers it prints. */
function partsOf(trace: Trace): number[] {
  return trace.filter((e) => e.actor === 'main' && e.event === 'part').map((e) => e.t);
}

/** Quiet stretches: no event at all for over a quarter of the run (a pool starting, say). */
function quietGaps(trace: Trace, total: number): [number, number][] {
  const gaps: [number, number][] = [];
  for (let i = 1; i < trace.length; i++) {
    const [a, b] = [trace[i - 1]!.t, trace[i]!.t];
    if (total > 0 && b - a > total / 4) gaps.push([a, b]);
  }
  return gaps;
}

const GAP = 56;

// The time axis, with each quiet stretch cut down to GAP pixels so the work around it
// gets the width; the cut is hatched and says how long it was.
function axis(
  start: number,
  total: number,
  gaps: readonly [number, number][],
  left: number,
  plot: number,
): (t: number) => number {
  if (total === 0) return () => left;
  const quiet = gaps.reduce((sum, [a, b]) => sum + b - a, 0);
  const perMs = (plot - GAP * gaps.length) / (total - quiet);
  return (t: number) => {
    let at = left + (t - start) * perMs;
    for (const [a, b] of gaps) {
      if (t >= b) at += GAP - (b - a) * perMs;
      else if (t > a) at += ((t - a) / (b - a)) * GAP - (t - a) * perMs;
    }
    return at;
  };
}

function quietBands(
  gaps: readonly [number, number][],
  x: (t: number) => number,
  top: number,
  bottom: number,
): string[] {
  if (gaps.length === 0) return [];
  const parts: string[] = [
    '<defs><pattern id="quiet" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#ccc" stroke-width="2"/></pattern></defs>',
  ];
  for (const [a, b] of gaps) {
    const [from, to] = [x(a), x(b)];
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${top}" width="${(to - from).toFixed(1)}" height="${bottom - top}" fill="url(#quiet)" class="quiet"/>`,
      `<rect x="${(from + 2).toFixed(1)}" y="${bottom - 29}" width="${Math.max(0, to - from - 4).toFixed(1)}" height="27" fill="#fff" fill-opacity="0.9"/>`,
      text(
        (from + to) / 2,
        bottom - 17,
        `${(b - a).toFixed(0)} ms`,
        'font-size="10" fill="#555" text-anchor="middle"',
      ),
      text(
        (from + to) / 2,
        bottom - 6,
        'no event',
        'font-size="10" fill="#555" text-anchor="middle"',
      ),
    );
  }
  return parts;
}

// The most frequent event names get the distinct shapes; any others share circles.
function shapesByEvent(trace: Trace): Map<string, Shape> {
  const counts = new Map<string, number>();
  for (const { event } of trace) counts.set(event, (counts.get(event) ?? 0) + 1);
  const byFirstSeen = [...counts.keys()];
  const kept = [...byFirstSeen]
    .sort((a, b) => counts.get(b)! - counts.get(a)!)
    .slice(0, SHAPES.length);
  const shapes = new Map<string, Shape>();
  for (const name of byFirstSeen.filter((n) => kept.includes(n))) {
    shapes.set(name, SHAPES[shapes.size]!);
  }
  return shapes;
}

function mark(shape: Shape, cx: number, cy: number, colour: string, title: string): string {
  const style = `fill="${colour}" stroke="#222" stroke-width="0.8"`;
  const tip = `<title>${escapeXml(title)}</title>`;
  const p = (points: [number, number][]) =>
    `<polygon points="${points.map(([a, b]) => `${(cx + a).toFixed(1)},${(cy + b).toFixed(1)}`).join(' ')}" ${style}>${tip}</polygon>`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${cx.toFixed(1)}" cy="${cy}" r="4.5" ${style}>${tip}</circle>`;
    case 'square':
      return p([
        [-4, -4],
        [4, -4],
        [4, 4],
        [-4, 4],
      ]);
    case 'diamond':
      return p([
        [0, -5.5],
        [5.5, 0],
        [0, 5.5],
        [-5.5, 0],
      ]);
    case 'triangle':
      return p([
        [0, -5.5],
        [5, 4],
        [-5, 4],
      ]);
    case 'down':
      return p([
        [0, 5.5],
        [5, -4],
        [-5, -4],
      ]);
    case 'bar':
      return p([
        [-1.8, -7],
        [1.8, -7],
        [1.8, 7],
        [-1.8, 7],
      ]);
  }
}

const LEGEND_ITEM = 130;

/** What the picture holds beyond the marks, each with its own legend entry. */
interface Extras {
  spans: boolean;
  faults: boolean;
  retries: boolean;
}

function legendRows(shapes: Map<string, Shape>, plot: number, extras: Extras): number {
  const perRow = Math.max(1, Math.floor(plot / LEGEND_ITEM));
  return Math.ceil((shapes.size + 1 + Object.values(extras).filter(Boolean).length) / perRow);
}

function legend(
  shapes: Map<string, Shape>,
  left: number,
  top: number,
  plot: number,
  extras: Extras,
): string[] {
  const perRow = Math.max(1, Math.floor(plot / LEGEND_ITEM));
  const parts: string[] = [];
  const at = (i: number) => [left + (i % perRow) * LEGEND_ITEM, top + Math.floor(i / perRow) * 22];
  const entries: [string, (x: number, y: number) => string][] = [
    [
      'first to last event',
      (x, y) =>
        `<rect x="${x - 6}" y="${y - 5}" width="22" height="10" rx="3" fill="#888" fill-opacity="0.35"/>`,
    ],
  ];
  if (extras.spans) {
    entries.push([
      'span, start to end',
      (x, y) =>
        `<rect x="${x - 6}" y="${y - 7}" width="22" height="14" rx="2" fill="#888" fill-opacity="0.75"/>`,
    ]);
  }
  if (extras.faults) {
    entries.push([
      'kill, failure',
      (x, y) =>
        `<path d="M${x - 2},${y - 6} L${x + 10},${y + 6} M${x - 2},${y + 6} L${x + 10},${y - 6}" stroke="#d62728" stroke-width="2.5"/>`,
    ]);
  }
  if (extras.retries) {
    entries.push(['retry', (x, y) => text(x - 2, y + 5, '↻', 'font-size="14" fill="#b35c00"')]);
  }
  for (const [name, shape] of shapes) {
    entries.push([name, (x, y) => mark(shape, x + 4, y, '#ffffff', name)]);
  }
  entries.forEach(([name, draw], i) => {
    const [lx, ly] = at(i) as [number, number];
    parts.push(draw(lx, ly), text(lx + (i === 0 ? 22 : 20), ly + 4, name, 'font-size="11"'));
  });
  return parts;
}

function tooltip(event: TraceEvent, start: number): string {
  const when = `${(event.t - start).toFixed(1)} ms`;
  return `${event.actor} ${event.event} at ${when}${event.text ? `: ${event.text}` : ''}`;
}

function describeRun(trace: Trace, total: number): string {
  const actors = new Set(trace.map((event) => event.actor)).size;
  return `${trace.length} events, ${actors} actors, ${total.toFixed(0)} ms`;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(
    /[&<>"]/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`,
  );
}
