// `pnpm site` and `pnpm site:build`: generate the course's pages from the examples,
// then serve them with VitePress's dev server, or build them into static files.
import { watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTool } from '@concurrency/trace';
import { parseArgs } from 'node:util';
import { build, createServer } from 'vitepress';
import { cli } from './cli.ts';
import { generate, repoRoot, siteDir } from './generate.ts';

runTool(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const dist = resolve(values.out ?? join(siteDir, 'out', 'dist'));
  const pages = resolve(values.pages ?? join(siteDir, 'out', 'pages'));
  await generate(pages, dist);
  if (values.build) {
    await build(pages);
    process.stdout.write(`site: ${dist} (open index.html through any static file server)\n`);
    return;
  }
  const server = await createServer(pages, { port: Number(values.port) });
  await server.listen();
  server.printUrls();
  // An edited lesson, README or course list shows on the next reload of the page.
  let pending: NodeJS.Timeout | undefined;
  const again = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      generate(pages, dist).catch((error: Error) => {
        process.stderr.write(`site: ${error.message}\n`);
      });
    }, 200);
  };
  watch(join(repoRoot, 'examples'), { recursive: true }, (_event, file) => {
    if (file && !/node_modules|[/\\]out[/\\]/.test(file)) again();
  });
  watch(join(repoRoot, 'tools', 'tour', 'src'), again);
});
