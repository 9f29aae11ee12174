// Proof machinery, not the lesson: the child's half of the start line (see proof.ts).
// child.ts imports this file first, so the lesson's code runs only after the go.
import { startLine } from './proof.ts';

if (process.env[startLine.variable] && process.send) {
  process.send(startLine.ready);
  await new Promise((go) => process.once('message', go));
}

// A test of the parent's own cleanup sets this, so that only the parent's kill can
// end these children: their watch on the IPC channel (child.ts) is never installed.
if (process.env.MULTIPROCESSING_TEST_CHILDREN_STAY) {
  const on = process.on.bind(process);
  process.on = ((event: string, listener: (...args: unknown[]) => void) =>
    event === 'disconnect' ? process : on(event, listener)) as typeof process.on;
}
