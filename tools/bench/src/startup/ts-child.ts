// The TypeScript child process, started through forkChild: on Node 20 it boots
// tsx's loader first (so its modules keep their real URLs), on Node 24 Node strips
// its types. Answer over IPC, then let go so the process can end.
const ready: string = 'ready';
process.send!(ready, () => process.disconnect());
