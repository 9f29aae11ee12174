// Copy versus move across threads: an ArrayBuffer sent to a worker with
// postMessage(buffer) is structured-cloned (every byte duplicated); listed in the
// transfer list, postMessage(buffer, [buffer]), it is moved (the memory changes hands
// and the sender's buffer is detached, length 0). The worker acknowledges a copy with
// its length and moves a moved buffer back, so main sends the same memory again.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { nowMs } from '@concurrency/trace';
import type { Figure } from '../figure.ts';
import { alternate, ratios, summarize } from '../stats.ts';

const entry = new URL('./copy-move-worker.mjs', import.meta.url);
const MB = 1024 * 1024;

/** Sends a copy of `buffer` and waits for the worker's acknowledgement (its length). */
export async function sendCopied(worker: Worker, buffer: ArrayBuffer): Promise<void> {
  const answered = once(worker, 'message');
  worker.postMessage({ buffer, move: false });
  const [length] = (await answered) as [number];
  if (length !== buffer.byteLength) {
    throw new Error(`the worker got ${length} bytes of ${buffer.byteLength} copied: a bug`);
  }
}

/** Moves `buffer` to the worker and back; resolves to the buffer main holds again. */
export async function sendMoved(worker: Worker, buffer: ArrayBuffer): Promise<ArrayBuffer> {
  const size = buffer.byteLength;
  const answered = once(worker, 'message');
  worker.postMessage({ buffer, move: true }, [buffer]);
  if (buffer.byteLength !== 0) throw new Error('a moved buffer was not detached: a bug');
  const [back] = (await answered) as [ArrayBuffer];
  if (back.byteLength !== size) {
    throw new Error(`${back.byteLength} bytes came back of ${size} moved: a bug`);
  }
  return back;
}

/** A worker for the figure, started and answering. */
export async function startCopyMoveWorker(): Promise<Worker> {
  // execArgv: [] so the plain JavaScript worker does not boot tsx like the bench.
  const worker = new Worker(entry, { execArgv: [] });
  await once(worker, 'message');
  return worker;
}

export async function measureCopyMove(
  sizeMB: number,
  sends: number,
  rounds: number,
  deadline: number,
): Promise<Figure> {
  // Filled, so every page is real memory rather than the kernel's shared zero page.
  let buffer = new ArrayBuffer(sizeMB * MB);
  new Uint8Array(buffer).fill(7);
  const worker = await startCopyMoveWorker();
  // MB/s over `sends` round trips: the buffer there, the acknowledgement back.
  const rate = async (send: () => Promise<void>) => {
    const begin = nowMs();
    for (let i = 0; i < sends; i++) await send();
    return (sizeMB * sends * 1000) / (nowMs() - begin);
  };
  let samples: Record<'copied' | 'moved', number[]>;
  try {
    samples = await alternate(
      {
        copied: () => rate(() => sendCopied(worker, buffer)),
        moved: () =>
          rate(async () => {
            buffer = await sendMoved(worker, buffer);
          }),
      },
      { rounds, deadline },
    );
  } finally {
    await worker.terminate();
  }
  const copied = summarize(samples.copied);
  const moved = summarize(samples.moved);
  const movedOverCopied = summarize(ratios(samples.moved, samples.copied));
  return {
    title: `Copy vs move across threads, ${sizeMB} MB buffer`,
    series: [
      { label: 'copied: postMessage(buffer)', unit: 'MB/s', summary: copied },
      { label: 'moved: postMessage(buffer, [buffer])', unit: 'MB/s', summary: moved },
    ],
    ratios: [{ label: 'moved / copied', unit: '×', summary: movedOverCopied }],
    target: 'honest figures',
    verdict: 'measured',
    note:
      `Moving the buffer went ${movedOverCopied.median.toFixed(0)}× as fast as copying it: ` +
      'a move hands over the memory (the sender is left with a detached buffer, length 0), ' +
      'a copy duplicates every byte.',
  };
}
