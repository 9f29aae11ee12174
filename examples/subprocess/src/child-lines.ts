// The program part one starts twice: it reads lines on its stdin and, taking its
// time over each, writes each back in capitals on its stdout. It is a separate
// program, not a function: the parent knows it only by its streams and exit code.
import { createInterface } from 'node:readline';
import { emit, sleep } from '@concurrency/trace';

// Its name, how long each line takes, and whether to fail: text, on the command line.
const [name = '?', lineMs = '500', fail = ''] = process.argv.slice(2);
let count = 0;
// for line in sys.stdin: the loop ends when the parent closes our stdin. If the
// parent dies, the pipe closes the same way: no orphan reads on for ever.
for await (const line of createInterface({ input: process.stdin })) {
  await sleep(Number(lineMs));
  // An uncaught throw: Node prints the stack on stderr and exits with code 1.
  if (fail) throw new Error(`child ${name} failed on purpose`);
  process.stdout.write(`${line.toUpperCase()}\n`);
  emit(`child-${name}`, 'wrote', undefined, { line: ++count }); // traced, not printed
}
// stderr is a stream of its own: the parent reads it apart from stdout.
process.stderr.write(`child ${name}: stdin closed after ${count} lines\n`);
