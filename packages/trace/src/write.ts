import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

// Write every byte now, from whichever thread calls. When stdout is a pipe, Node may
// have made the descriptor non-blocking, and a full pipe answers EAGAIN instead of
// waiting; we wait a millisecond and try again rather than lose or reorder a line.
export function writeAllSync(fd: number, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      const written = writeSync(fd, bytes);
      bytes = bytes.subarray(written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
