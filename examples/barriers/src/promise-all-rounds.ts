// What production async code writes instead of a barrier object: each round is one
// Promise.all. No party starts round r + 1 before every party has finished round r,
// which is the barrier's rule; and the first rejection fails the round at once,
// which is the broken barrier, with nothing left waiting for a party that died.
export type Step = (party: number, round: number) => Promise<void>;

export async function runRoundsWithPromiseAll(parties: number, rounds: number, step: Step) {
  for (let round = 1; round <= rounds; round++) {
    await Promise.all(Array.from({ length: parties }, (_, party) => step(party, round)));
  }
}
