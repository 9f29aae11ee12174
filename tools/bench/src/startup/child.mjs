// The plain child process: answer over IPC, then let go so the process can end.
process.send('ready', () => process.disconnect());
