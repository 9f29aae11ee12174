// The child of parts two and three: a whole new Node process, with its own copy of
// memory.ts and its `counter`. Its job comes as an argument; its answer as a message.
import './proof-child.ts'; // not the lesson: lines children up for the test (proof.ts)
import { addToCounter, type MemoryJob, peek } from './memory.ts';

// As in child.ts: leave if the parent is gone; do not stay alive for the channel.
process.on('disconnect', () => process.exit(1));
process.channel?.unref();

// The job, as the parent wrote it on our command line: text, parsed back to data.
const job = JSON.parse(process.argv[2]!) as MemoryJob;
// Part three: only look at this process's own `counter`, fresh from the module.
if (job.kind === 'peek') peek();
else {
  // Part two: change our copy, then send the value back (Python: queue.put(counter)).
  // process.send's callback says the message has left this process.
  const report = { kind: 'counter', value: addToCounter(job.amount) };
  await new Promise((sent) => process.send!(report, undefined, {}, sent));
}
