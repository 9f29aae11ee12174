// The last part, await: a coroutine's result and its failure reach only whoever awaits
// it. Python never runs a coroutine nobody awaits; Node starts an async function at
// once, so forgetting `await` loses its result and leaves its failure to nobody.
import { emit, sleep } from '@concurrency/trace';
import { nominal } from './setup.ts';

// Background work whose result someone wants, and one that fails. In Python:
//   async def add_later(state, n): await asyncio.sleep(0.2); state.total += n
//   async def save_later(): await asyncio.sleep(0.2); raise RuntimeError(...)
async function addLater(state: { total: number }, n: number): Promise<void> {
  await sleep(nominal.backgroundMs);
  state.total += n;
  emit('task', 'add', `task: added ${n}`);
}

async function saveLater(): Promise<void> {
  await sleep(nominal.backgroundMs);
  throw new Error('the background save failed');
}

// await add_later(state, 5): main reads the total after the task added to it, and
// try/except around await save_later() catches the failure.
export async function awaited(): Promise<void> {
  const state = { total: 0 };
  // await: main resumes only once the task has added, so it reads 5.
  await addLater(state, 5);
  emit('main', 'total', `main: total is ${state.total}`);
  try {
    // The rejection comes back here, where it was awaited, and the catch has it.
    await saveLater();
  } catch (error) {
    emit('main', 'caught', `main: caught "${(error as Error).message}"`);
  }
}

/**
 * The broken contrast (--forget-await): the same calls without `await`. Both
 * promises run anyway. Main reads the total before the task added to it (the
 * result is lost), and the failure has nobody to go to: an unhandled rejection,
 * which ends the process with exit code 1 a moment later, wherever main is by then.
 */
export async function forgotten(): Promise<void> {
  // add_later(state, 5) without await: Python warns "coroutine ... was never
  // awaited" and never runs it; Node runs it, and nobody waits for it.
  const state = { total: 0 };
  // biome-ignore lint/nursery/noFloatingPromises: the mistake this contrast shows
  addLater(state, 5);
  emit('main', 'total', `main: total is ${state.total}`);
  // biome-ignore lint/nursery/noFloatingPromises: the mistake this contrast shows
  saveLater();
  emit('main', 'moved-on', 'main: moved on, as if all went well');
  // Main is still busy when the save fails: the process dies mid-sleep, with the
  // failure on stderr, and never reaches the next line.
  await sleep(2 * nominal.backgroundMs);
  emit('main', 'unreached', 'main: this line never prints');
}
