import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Descriptors whose reader has gone (EPIPE): nothing more is written to them. */
const hungUp = new Set<number>();

// Write every byte now, from whichever thread calls. When stdout is a pipe, Node may
// have made the descriptor non-blocking, and a full pipe answers EAGAIN instead of
// waiting; we wait a millisecond and try again rather than lose or reorder a line.
// A reader that has gone (`| head -1`) answers EPIPE: the rest of the output has no
// one to read it, so it is dropped without a word and the program runs on to its
// own end (ending it here could leave its workers and children behind).
export function writeAllSync(fd: number, text: string): void {
  if (hungUp.has(fd)) return;
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      const written = writeSync(fd, bytes);
      bytes = bytes.subarray(written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        hungUp.add(fd);
        return;
      }
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

// Output written the stream way (console.log, process.stdout.write) meets the same
// closed pipe as an 'error' event, which unhandled prints a stack trace. Quiet too.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
