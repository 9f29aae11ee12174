// The program part three reads: it writes `bytes` to stdout as fast as the pipe
// takes them, saying (in the trace) how much has left it after every write.
import { once } from 'node:events';
import { emit } from '@concurrency/trace';

const bytes = Number(process.argv[2]);
const chunk = Buffer.alloc(16 * 1024, 'x');
let waited = false;
for (let written = 0; written < bytes; ) {
  // write() says false once its buffer is full: the pipe to the parent (64 KiB on
  // Linux) takes no more until the parent reads. Wait for 'drain', as the writer
  // of any Node stream should, instead of piling the rest up in memory.
  if (!process.stdout.write(chunk)) {
    if (!waited) process.stderr.write(`child: the pipe is full, waiting for 'drain'\n`);
    waited = true;
    await once(process.stdout, 'drain');
  }
  written += chunk.length;
  emit('child', 'wrote', undefined, { bytes: written }); // traced, not printed
}
