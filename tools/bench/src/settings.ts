// What one bench run does. The full run is fixed, so two runs on two days run the
// same work; `--quick` shrinks every figure for checking the bench itself.
export interface Settings {
  quick: boolean;
  /** Rounds of every alternation (sides A, B... once each per round). */
  rounds: number;
  capacityMs: number;
  startupRounds: number;
  /** CPU-bound job for the speed-up figure, in ms of work done inline. */
  speedupMs: number;
  /** Tasks per timed run of the pool throughput figure, per task size. */
  tasksOf10us: number;
  tasksOf1ms: number;
  stallJobMs: number;
  stallRounds: number;
  pingPongs: number;
  increments: number;
  gatherSize: number;
  /** The copy-versus-move figure: the buffer's size in MB (2^20 bytes), sends per sample. */
  copyMoveMB: number;
  copyMoveSends: number;
  /** The I/O figure: downloads a round, connections in all, the server's latency. */
  ioRequests: number;
  ioConnections: number;
  ioLatencyMs: number;
}

export function settingsFor(quick: boolean): Settings {
  return quick
    ? {
        quick,
        rounds: 3,
        capacityMs: 150,
        startupRounds: 4,
        speedupMs: 100,
        tasksOf10us: 2000,
        tasksOf1ms: 50,
        stallJobMs: 200,
        stallRounds: 2,
        pingPongs: 2000,
        increments: 100_000,
        gatherSize: 100_000,
        copyMoveMB: 1,
        copyMoveSends: 10,
        ioRequests: 1000,
        ioConnections: 50,
        ioLatencyMs: 2,
      }
    : {
        quick,
        rounds: 7,
        capacityMs: 300,
        startupRounds: 15,
        speedupMs: 300,
        tasksOf10us: 10_000,
        tasksOf1ms: 300,
        stallJobMs: 1000,
        stallRounds: 3,
        pingPongs: 20_000,
        increments: 1_000_000,
        gatherSize: 100_000,
        copyMoveMB: 8,
        copyMoveSends: 20,
        ioRequests: 4000,
        ioConnections: 100,
        ioLatencyMs: 2,
      };
}
