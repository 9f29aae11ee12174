// The pieces of the bare take-away's lib/trace.ts (see bare-shim.ts): each starts at a
// `// piece: <name>` line (`needs: ...` names the pieces it uses) and runs to the next.
// Each is plain code a reader can keep: no trace is recorded, nothing is bundled.
// piece: imports
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

// piece: TIME_SCALE_VAR
export const TIME_SCALE_VAR = 'CONCURRENCY_TIME_SCALE';

// piece: timeScale
export const timeScale = (): number => Number(process.env.CONCURRENCY_TIME_SCALE) || 1;

// piece: scaled needs: timeScale
export const scaled = (ms: number): number => ms * timeScale();

// piece: sleep needs: scaled
export const sleep = (ms: number, options: { signal?: AbortSignal } = {}): Promise<void> =>
  delay(scaled(ms), undefined, options);

// piece: sleepBlocking needs: scaled
export const sleepBlocking = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, scaled(ms));
};

// piece: nowMs
export const nowMs = (): number => performance.timeOrigin + performance.now();

// piece: EventFields
export type EventFields = Record<string, string | number | boolean | null>;

// piece: emit needs: nowMs, EventFields
// One line on stdout, written at once from whichever thread calls.
export function emit(actor: string, event: string, text?: string, fields: EventFields = {}) {
  if (text !== undefined) writeSync(1, `${text}\n`);
  return { t: nowMs(), actor, event, ...fields };
}

// piece: UsageError
export class UsageError extends Error {}

// piece: commandLine needs: UsageError
type Flag = { type: string; short?: string; default?: string | boolean; help: string };
type Spec = { program: string; summary: string; options: Record<string, Flag & Count> };
type Count = { count?: { min: number; max: number } };
// The flags for parseArgs (each as given: parseArgs ignores `help`), --help and counts.
export function commandLine(spec: Spec) {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h', help: '' } };
  const flags = Object.entries(spec.options).map(([name, f]) => `  --${name.padEnd(14)}${f.help}`);
  const help = () =>
    `${spec.program}: ${spec.summary}\n\nUsage: npm start -- [flags]\n\n${flags.join('\n')}\n`;
  const count = (values: Record<string, unknown>, name: string): number => {
    const { count: range, default: value } = spec.options[name]!;
    const text = String(values[name] ?? value);
    if (/^\d+$/.test(text) && +text >= range!.min && +text <= range!.max) return +text;
    throw new UsageError(
      `--${name} must be a whole number from ${range!.min} to ${range!.max}, got "${text}"`,
    );
  };
  const optionalCount = (values: Record<string, unknown>, name: string) =>
    values[name] === undefined ? undefined : count(values, name);
  // biome-ignore lint/suspicious/noExplicitAny: parseArgs reads it; its exact type would take a page.
  return { program: spec.program, options: options as any, help, count, optionalCount };
}

// piece: runMain needs: UsageError
// --help prints the flags; a mistake prints one line: exit 2 for usage, 1 for the rest.
export function runMain(
  cli: { program: string; help(): string },
  main: (args: string[]) => unknown,
) {
  const args = process.argv.slice(2).filter((arg, i) => i > 0 || arg !== '--');
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(cli.help());
  Promise.resolve(args)
    .then(main)
    .catch((error: Error & { code?: string }) => {
      process.stderr.write(`${cli.program}: ${String(error.message).split('\n')[0]}\n`);
      const usage = error instanceof UsageError || String(error.code).startsWith('ERR_PARSE_ARGS');
      process.exitCode = usage ? 2 : 1;
    });
}

// piece: workerEntry
// Node 20 does not pass tsx on to a worker thread: a .ts worker starts from a small
// module that registers tsx inside the worker, then imports the file. It is a file in
// node_modules/.cache, not a data: URL, because piscina and tinypool load a worker by
// its path; the same few bytes are written again on each run.
export function workerEntry(entry: URL): URL {
  if (!entry.pathname.endsWith('.ts')) return entry;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `const { register } = await import(${tsx}); register();
    const lesson = await import(${JSON.stringify(entry.href)}); export default lesson.default;`;
  const dir = new URL('../node_modules/.cache/workers/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha1').update(entry.href).digest('hex').slice(0, 12);
  const file = new URL(`${id}.mjs`, dir);
  writeFileSync(file, code);
  return file;
}

// piece: Runnable
export type Runnable = { url: URL; execArgv: string[] };

// piece: runnableChild needs: Runnable
// A .ts child process runs under tsx too: fork(fileURLToPath(url), args, { execArgv }).
export const runnableChild = (entry: URL): Runnable => ({
  url: entry,
  execArgv: entry.pathname.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
});

// piece: StartLine
// Workers wait at a shared word (0) until main fires; word 1 counts who has arrived.
export class StartLine {
  readonly words: Int32Array;
  readonly buffer: SharedArrayBuffer;
  static create = () => new StartLine(new SharedArrayBuffer(8));
  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.words = new Int32Array(buffer);
  }
  arriveAndWait(): void {
    Atomics.add(this.words, 1, 1);
    Atomics.notify(this.words, 1);
    Atomics.wait(this.words, 0, 0);
  }
  async allArrived(count: number): Promise<void> {
    for (let n = Atomics.load(this.words, 1); n < count; n = Atomics.load(this.words, 1)) {
      await Atomics.waitAsync(this.words, 1, n).value;
    }
  }
  fire(): void {
    Atomics.store(this.words, 0, 1);
    Atomics.notify(this.words, 0);
  }
}

// piece: burnCpu
// CPU work that no engine can skip: a pseudo-random walk of `units` steps.
export function burnCpu(units: number, state = 0x2545f491): number {
  for (let i = 0; i < units; i++) state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i) | 0;
  return state >>> 0;
}

// piece: burnCpuInSlices needs: burnCpu
// The same walk in slices of about a million steps, awaiting `between` after each.
export async function burnCpuInSlices(units: number, between: () => unknown): Promise<number> {
  let state = 0x2545f491;
  for (let left = units; left > 0; left -= 1 << 20) {
    state = burnCpu(Math.min(left, 1 << 20), state) | 0;
    await between();
  }
  return state >>> 0;
}

// piece: lineUpWorkers
// The workspace lines workers up so its tests measure their work, not their boot; a
// copy without tests lets each worker go as soon as it is up.
export const lineUpWorkers = (_key: string, _entries: readonly URL[]) => () => {};

// piece: arriveAtStartLine
export const arriveAtStartLine = (_key: string): void => {};
