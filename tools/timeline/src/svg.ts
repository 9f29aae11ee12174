import { niceStep, type Trace, type TraceEvent } from '@concurrency/trace';

// A run's timeline as a picture for a README: one lane per actor in its own colour,
// a bar from the actor's first event to its last, a mark at every event (its shape
// says which event), a millisecond axis with grid lines, and a legend. Hovering a
// mark shows the event and its text.

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
const RIGHT = 24;
const FONT = 'font-family="ui-sans-serif, system-ui, sans-serif"';

export function renderSvg(trace: Trace, options: SvgOptions): string {
  const width = options.width ?? 820;
  const lanes = lanesOf(trace);
  const names = [...lanes.keys()];
  const left = 24 + Math.min(150, 7.2 * Math.max(4, ...names.map((n) => n.length)));
  const plot = width - left - RIGHT;
  const start = trace[0]?.t ?? 0;
  const total = Math.max(0, (trace.at(-1)?.t ?? 0) - start);
  const x = (t: number) => left + (total === 0 ? 0 : ((t - start) / total) * plot);
  const shapeOf = shapesByEvent(trace);
  const plotBottom = TOP + names.length * LANE;

  const parts: string[] = [];
  parts.push(
    text(16, 24, options.title, 'font-size="16" font-weight="600"'),
    text(16, 42, options.subtitle ?? describeRun(trace, total), 'font-size="12" fill="#555"'),
  );
  // Shading every other lane, then grid and axis, so the marks draw over them all.
  for (let i = 1; i < names.length; i += 2) {
    parts.push(
      `<rect x="0" y="${TOP + i * LANE}" width="${width}" height="${LANE}" fill="#f4f4f4"/>`,
    );
  }
  const step = niceStep(total / 8);
  for (let k = 0; step > 0 && k * step <= total * (1 + 1e-9); k++) {
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

  names.forEach((actor, i) => {
    const events = lanes.get(actor)!;
    const colour = PALETTE[i % PALETTE.length]!;
    const mid = TOP + i * LANE + LANE / 2;
    parts.push(text(left - 10, mid + 4, actor, 'font-size="12" text-anchor="end"'));
    const from = x(events[0]!.t);
    const to = x(events.at(-1)!.t);
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${mid - 5}" width="${Math.max(2, to - from).toFixed(1)}" height="10" rx="3" fill="${colour}" fill-opacity="0.35"/>`,
    );
    for (const event of events) {
      parts.push(
        mark(shapeOf.get(event.event) ?? 'circle', x(event.t), mid, colour, tooltip(event, start)),
      );
    }
  });
  // The legend explains the bar and each mark's shape; its marks are white, as colour means actor.
  parts.push(...legend(shapeOf, left, plotBottom + 52, plot));
  const height = plotBottom + 52 + 22 * legendRows(shapeOf, plot) + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function lanesOf(trace: Trace): Map<string, TraceEvent[]> {
  const lanes = new Map<string, TraceEvent[]>();
  for (const event of trace) {
    const lane = lanes.get(event.actor) ?? [];
    lane.push(event);
    lanes.set(event.actor, lane);
  }
  return lanes;
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

function legendRows(shapes: Map<string, Shape>, plot: number): number {
  const perRow = Math.max(1, Math.floor(plot / LEGEND_ITEM));
  return Math.ceil((shapes.size + 1) / perRow);
}

function legend(shapes: Map<string, Shape>, left: number, top: number, plot: number): string[] {
  const perRow = Math.max(1, Math.floor(plot / LEGEND_ITEM));
  const parts: string[] = [];
  const at = (i: number) => [left + (i % perRow) * LEGEND_ITEM, top + Math.floor(i / perRow) * 22];
  const [bx, by] = at(0) as [number, number];
  parts.push(
    `<rect x="${bx - 6}" y="${by - 5}" width="22" height="10" rx="3" fill="#888" fill-opacity="0.35"/>`,
    text(bx + 22, by + 4, 'first to last event', 'font-size="11"'),
  );
  [...shapes].forEach(([name, shape], i) => {
    const [lx, ly] = at(i + 1) as [number, number];
    parts.push(
      mark(shape, lx + 4, ly, '#ffffff', name),
      text(lx + 16, ly + 4, name, 'font-size="11"'),
    );
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
