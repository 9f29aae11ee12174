// The rows of the root README's "From Python" table that point at this example: each
// names a Python API, the arguments of a run that shows it, and a line of that run's
// output that shows it. subprocess.test.ts runs each row's arguments and checks the line.
export const pythonRows = [
  {
    python: '`asyncio.create_subprocess_exec`, two at once, lines as they come',
    args: [] as string[],
    shows: /^Parent got from b: LINE 1 FOR B$/m,
  },
  {
    python: '`subprocess.run(timeout=...)`, `start_new_session`, `os.killpg`',
    args: [] as string[],
    shows:
      /^Parent: no exit after 1 s, kills the group\nChild ended with code null, killed by SIGKILL$/m,
  },
  {
    python: "`subprocess.run(capture_output=True)` (and `execFile`'s `maxBuffer`)",
    args: [] as string[],
    shows: /^execFile, maxBuffer 64 KiB: ERR_CHILD_PROCESS_STDIO_MAXBUFFER: .*$/m,
  },
  {
    python: '`Popen(stdout=PIPE)`: `wait()` before reading, a deadlock',
    args: ['--part', 'pipes', '--wait-for-exit'],
    shows: /^Parent: no exit after 5 s; the child waits for us to read$/m,
  },
  {
    python: '`subprocess.run`, `Popen`, `create_subprocess_exec` in Python 3, beside it',
    args: ['--python'],
    shows:
      /^Python: start_new_session=True, then os\.killpg: grandchild alive: False, returncode -9$/m,
  },
];

/** The rows whose command is exactly `args`. */
export function rowsRunBy(args: readonly string[]) {
  return pythonRows.filter((row) => row.args.join(' ') === args.join(' '));
}
