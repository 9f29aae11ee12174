import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { burnCpu } from '../src/cpu.ts';

describe('burnCpu', () => {
  it('gives the same checksum for the same work', () => {
    expect(burnCpu(1_000_000)).toBe(burnCpu(1_000_000));
    expect(burnCpu(1_000_000)).not.toBe(burnCpu(1_000_001));
  });

  it('a huge first call runs at the rate of warm small calls', () => {
    // A fresh process, so that the big call really is the function's first. CPU
    // time, not wall time, so that a busy machine does not skew the ratio.
    const script = `
      import { burnCpu } from ${JSON.stringify(new URL('../src/cpu.ts', import.meta.url).href)};
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      let t = cpu(); burnCpu(200_000_000); const big = cpu() - t;
      t = cpu(); for (let i = 0; i < 200; i++) burnCpu(1_000_000); const warm = cpu() - t;
      console.log(JSON.stringify({ big, warm }));`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      // tsx is resolved from the working folder: this package's, whichever folder
      // the test runner started in.
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    const { big, warm } = JSON.parse(String(out));
    expect(big / warm).toBeLessThan(1.5);
  });
});
