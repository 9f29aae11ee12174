// The command line, and only that: flags in, bad usage refused in one line, then
// either the four versions (report.ts runs and prints them) or --many.
import { parseArgs } from 'node:util';
import { runMain } from '@concurrency/trace';
import { chosenVersions, cli, readPlan, refuseUnused } from './cli.ts';
import { runVersions } from './report.ts';
import { runMany } from './report-many.ts';

runMain(cli, async (args) => {
  const options = { args, options: cli.options, strict: true, tokens: true } as const;
  const { values, tokens } = parseArgs(options);
  const given = tokens.flatMap((token) => (token.kind === 'option' ? [token.name] : []));
  const [sites, latencyMs] = [cli.count(values, 'sites'), cli.count(values, 'latency')];
  const many = cli.optionalCount(values, 'many');
  const versions = chosenVersions(values.only);
  refuseUnused(given, many !== undefined, versions);
  if (many !== undefined) return runMany(many, latencyMs, sites);
  await runVersions(readPlan(values, versions));
});
