// `pnpm site` and `pnpm site:build`: generate the course's pages from the examples,
// then serve them with VitePress's dev server, or build them into static files.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runTool, UsageError } from '@concurrency/trace';
import { cli } from './cli.ts';
import { generate, repoRoot, siteDir } from './generate.ts';

// VitePress runs in a process of its own, on plain Node: under this tool's TypeScript
// loader every module VitePress loads (Vite, Rollup, Vue's compiler) would go through
// the loader's thread too, about a third more CPU for a build.
const vitepress = join(
  dirname(createRequire(import.meta.url).resolve('vitepress/package.json')),
  'bin',
  'vitepress.js',
);

async function runVitepress(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [vitepress, ...args], { stdio: 'inherit' });
  const [code, signal] = await once(child, 'exit');
  if (code !== 0) throw new Error(`vitepress ${args[0]} ended with ${signal ?? `code ${code}`}`);
}

runTool(cli, async (args) => {
  const { values } = parseArgs({ args, options: cli.options, strict: true });
  const dist = resolve(values.out ?? join(siteDir, 'out', 'dist'));
  const pages = resolve(values.pages ?? join(siteDir, 'out', 'pages'));
  // VitePress finds vue and its theme from the pages' folder: it must be in this package.
  if (!pages.startsWith(siteDir)) throw new UsageError(`--pages: a folder inside ${siteDir}`);
  await generate(pages, dist);
  if (values.build) {
    await runVitepress(['build', pages]);
    process.stdout.write(`site: ${dist} (serve it with any static file server)\n`);
    return;
  }
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
  const watchers = [
    watch(join(repoRoot, 'examples'), { recursive: true }, (_event, file) => {
      if (file && !/node_modules|(^|[/\\])out[/\\]/.test(file)) again();
    }),
    watch(join(repoRoot, 'tools', 'tour', 'src'), again),
  ];
  try {
    await runVitepress(['dev', pages, '--port', String(Number(values.port))]);
  } finally {
    for (const watcher of watchers) watcher.close();
  }
});
