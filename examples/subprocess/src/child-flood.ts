// The program part three reads: it writes `bytes` to stdout as fast as the pipe
// takes them, saying (in the trace) how much has left it after every write.
import { once } from 'node:events';
import { emit } from '@concurrency/trace';

// sys.argv[1]: how much to write. A child gets only text from its parent.
const bytes = Number(process.argv[2]);
// 16 KiB a write, a stream's default high-water mark: one full chunk queued is enough
// for write() to answer false.
const chunk = Buffer.alloc(16 * 1024, 'x');
// Said once, on stderr (stdout is the data): the first time a write had to wait.
let waited = false;
for (let written = 0; written < bytes; ) {
  // write() says false once its buffer is full: the channel to the parent (on Linux
  // a socket pair Node made, which holds a few hundred KiB; a pipe holds 64) takes
  // no more until the parent reads. Wait for 'drain', as the writer of any Node
  // stream should, instead of piling the rest up in this process's memory.
  if (!process.stdout.write(chunk)) {
    if (!waited) process.stderr.write(`child: the pipe is full, waiting for 'drain'\n`);
    waited = true;
    await once(process.stdout, 'drain');
  }
  written += chunk.length;
  // Each count in the trace is bytes that have left this process: the test reads
  // from them when the writing stopped, and how far it had got.
  emit('child', 'wrote', undefined, { bytes: written }); // traced, not printed
}
