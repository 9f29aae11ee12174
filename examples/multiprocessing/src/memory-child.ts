// The child of parts two and three: a whole new Node process, with its own copy of
// counter.ts. Its job comes as an argument; its one answer goes back as a message.
// (The first import lines children up for the test: see proof.ts. Not the lesson.)
import './proof-child.ts';
import { addAndSay, peek } from './counter.ts';
import type { MemoryJob, Report } from './process.ts';

// As in child.ts: leave if the parent is gone; do not stay alive for the channel.
process.on('disconnect', () => process.exit(1));
process.channel?.unref();

const job = JSON.parse(process.argv[2]!) as MemoryJob;
if (job.kind === 'counter') {
  // Python: queue.put(counter). process.send's callback says it has left this process.
  const report: Report = { kind: 'counter', value: addAndSay(job.amount) };
  await new Promise<void>((resolve) => process.send!(report, undefined, {}, () => resolve()));
} else {
  peek();
}
