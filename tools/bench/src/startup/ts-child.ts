// The TypeScript child process, started from runnableChild's bundle: no loader and no
// type stripping at start, on any Node. Answer over IPC, then let go so it can end.
const ready: string = 'ready';
process.send!(ready, () => process.disconnect());
