// The lesson's numbers, not the lesson: every duration it is written in, in ms at
// scale 1, and how many ticks each part lets run. Every sleep is scaled from these.
export const nominal = {
  /** A timer set for 1 s is cancelled after 0.4 s; another fires at 0.2 s, before its cancel. */
  timerMs: 1000,
  cancelAfterMs: 400,
  earlyMs: 200,
  /** The child that is not joined: three ticks. */
  childTicks: 3,
  childTickMs: 300,
  /** The daemon thread ticks once a second, four times at most. */
  daemonTickMs: 1000,
  daemonTicks: 4,
  /** A timer long enough to be noticed if it held the process open. */
  longTimerMs: 5000,
  /** The detached child ticks this often, and gives up after this many ticks. */
  orphanTickMs: 300,
  orphanTicks: 200,
  /** The lesson lets it tick this many times after its parent has gone, then stops it. */
  orphanTicksShown: 3,
  /** The background work a forgotten await loses. */
  backgroundMs: 200,
  /** Below this scale, process start-up is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;
