import type { ChromeEvent, ChromeTrace } from '../src/chrome-trace.ts';

/** What the trace event format asks of a file Perfetto opens; the problems found, or none. */
export function formatProblems(file: ChromeTrace): string[] {
  const problems: string[] = [];
  const named = new Set<string>();
  const namedPids = new Set<number>();
  for (const e of file.traceEvents.filter((e) => e.ph === 'M')) {
    if (e.name === 'process_name') namedPids.add(e.pid);
    if (e.name === 'thread_name') named.add(`${e.pid}/${e.tid}`);
    if (typeof e.args.name !== 'string' && e.name.endsWith('_name'))
      problems.push(`unnamed ${e.name}`);
  }
  const tracks = new Map<string, ChromeEvent[]>();
  for (const e of file.traceEvents) {
    const where = `${e.name} at ${e.ts} on ${e.pid}/${e.tid}`;
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid))
      problems.push(`${where}: pid/tid not whole numbers`);
    if (typeof e.name !== 'string' || typeof e.args !== 'object')
      problems.push(`${where}: no name or args`);
    if (e.ph === 'M') continue;
    if (typeof e.ts !== 'number' || e.ts < 0) problems.push(`${where}: no ts`);
    if (e.ph === 'X' && !(typeof e.dur === 'number' && e.dur >= 0)) problems.push(`${where}: dur`);
    if (e.ph === 'i' && e.s !== 't' && e.s !== 'p')
      problems.push(`${where}: instant without scope`);
    if (!['X', 'i'].includes(e.ph)) problems.push(`${where}: phase ${e.ph}`);
    if (!namedPids.has(e.pid)) problems.push(`${where}: no process_name`);
    if (!named.has(`${e.pid}/${e.tid}`)) problems.push(`${where}: no thread_name`);
    const track = tracks.get(`${e.pid}/${e.tid}`) ?? [];
    track.push(e);
    tracks.set(`${e.pid}/${e.tid}`, track);
  }
  for (const [id, track] of tracks) {
    track.forEach((e, i) => {
      if (i > 0 && e.ts! < track[i - 1]!.ts!) problems.push(`${id}: ${e.name} goes back in time`);
    });
    // Complete events on one track: each pair nested or disjoint, never crossing.
    const xs = track.filter((e) => e.ph === 'X');
    for (const [i, a] of xs.entries()) {
      for (const b of xs.slice(i + 1)) {
        // In whole nanoseconds: the file's finest unit, free of float noise in a sum.
        const ns = (us: number) => Math.round(us * 1000);
        const [aStart, bStart] = [ns(a.ts!), ns(b.ts!)];
        const [aEnd, bEnd] = [ns(a.ts! + a.dur!), ns(b.ts! + b.dur!)];
        const disjoint = bEnd <= aStart || bStart >= aEnd;
        const nested = (bStart >= aStart && bEnd <= aEnd) || (aStart >= bStart && aEnd <= bEnd);
        if (!disjoint && !nested) problems.push(`${id}: ${a.name} and ${b.name} cross`);
      }
    }
  }
  return problems;
}
