// The course site in a real browser: the site is built once, served as static files,
// and every page opened in Debian's Chromium at a desktop and a phone width. What a
// reader sees is checked against the files it comes from.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HANG_TIMEOUT_MS, readmeOutput } from '@concurrency/harness';
import { course } from '@concurrency/tour/course';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDir, pythonRows, siteDir } from '../src/generate.ts';
import { words } from '../src/prose.ts';
import { lessonFiles, segments } from '../src/source.ts';
import { findChromium, type StaticSite, serveStatic } from './browser.ts';

// What the functions that run in the page use of it: this workspace's types are Node's.
interface PageNode {
  id: string;
  href: string;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  naturalWidth: number;
  complete: boolean;
  cloneNode(deep: true): PageNode;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): PageNode[] & { length: number };
  remove(): void;
  scrollIntoView(): void;
}
declare const document: PageNode & { images: PageNode[]; documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };

const executable = findChromium();
const underCi = process.env.CI === 'true';
if (!executable && !underCi) {
  console.log('site: no Chromium here (apt-get install chromium): its browser tests are skipped');
}

const out = join(siteDir, 'out', 'test');
const dist = join(out, 'dist');
const screenshots = join(out, 'screenshots');
const widths = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const pageNames = ['index', ...course.map((lesson) => lesson.name)];

interface ShownSegment {
  docFrom: number;
  codeFrom: number;
  end: number;
  doc: string;
  code: string | null;
}

/** What one page showed at one width. */
interface Visit {
  errors: string[];
  links: string[];
  ids: string[];
  files: { file: string; segments: ShownSegment[] }[];
  output: string | null;
  timelineWidth: number;
  pythonRows: number;
  /** How far the page is wider than the window, at each width. */
  overflow: Record<string, number>;
}

let site: StaticSite;
let browser: Browser;
const visits = new Map<string, Visit>();

/** Opens one page at the desktop width, reads what it shows, then narrows it to a phone's. */
async function visit(context: BrowserContext, name: string): Promise<Visit> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${site.origin}/${name}.html`, { waitUntil: 'load' });
  // Vue sets __vue_app__ once the page has hydrated: a mismatch has been logged by then.
  await page.waitForFunction(
    () => !!(document.querySelector('#app') as { __vue_app__?: unknown } | null)?.__vue_app__,
  );
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  const facts = await page.evaluate(() => {
    const text = (element: PageNode | null) => {
      if (!element) return null;
      const copy = element.cloneNode(true);
      for (const chrome of copy.querySelectorAll('.lang, button')) chrome.remove();
      return copy.textContent ?? '';
    };
    const timeline = document.querySelector('img[src*="/timelines/"]');
    return {
      links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
      files: [...document.querySelectorAll('.lesson-file')].map((panel) => ({
        file: panel.dataset.file!,
        segments: [...panel.querySelectorAll('.seg')].map((seg) => ({
          docFrom: Number(seg.dataset.doc),
          codeFrom: Number(seg.dataset.code),
          end: Number(seg.dataset.end),
          doc: text(seg.querySelector('.doc'))!,
          code: text(seg.querySelector('.code pre code')),
        })),
      })),
      output: text(document.querySelector('.checked-output pre code')),
      timelineWidth: timeline?.naturalWidth ?? 0,
      pythonRows: document.querySelectorAll('.python-rows tbody tr').length,
    };
  });
  const overflow: Record<string, number> = {};
  for (const [width, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    // The code, where a page is widest; the home page from its top.
    await page.evaluate(() => document.querySelector('#the-code')?.scrollIntoView());
    overflow[width] = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`) });
  }
  await page.close();
  return { errors, ...facts, overflow };
}

describe.skipIf(!executable && !underCi)('the course site in Chromium', () => {
  beforeAll(async () => {
    if (!executable) {
      throw new Error('CI=true and no Chromium: .ci/run installs it (apt-get install chromium)');
    }
    rmSync(out, { recursive: true, force: true });
    mkdirSync(screenshots, { recursive: true });
    // Built once, as `pnpm site:build` builds it, into the test's own folder.
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/site.ts', '--build', '--out', dist, '--pages', join(out, 'pages')],
      { cwd: siteDir },
    );
    site = await serveStatic(dist);
    browser = await chromium.launch({ executablePath: executable });
    const context = await browser.newContext({ viewport: widths.desktop });
    const queue = [...pageNames];
    const visitor = async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        visits.set(name, await visit(context, name));
      }
    };
    await Promise.all([visitor(), visitor()]);
    await context.close();
    // A hang catcher, not a bound: the build and 42 visits took 226 s beside the whole
    // suite and two busy loops here, and a slower machine may need more.
  }, HANG_TIMEOUT_MS * 20);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('every page loads with no console error and no failed request', () => {
    const failures = [...visits].flatMap(([page, facts]) =>
      facts.errors.map((error) => `${page}: ${error}`),
    );
    expect(failures).toEqual([]);
    expect(visits.size).toBe(pageNames.length);
  });

  it('every internal link resolves: its page is served, and its #anchor is on that page', async () => {
    const broken: string[] = [];
    const targets = new Set([...visits.values()].flatMap((facts) => facts.links));
    for (const href of targets) {
      const url = new URL(href);
      if (url.origin !== site.origin) continue;
      const response = await fetch(new URL(url.pathname, site.origin));
      if (!response.ok) broken.push(`${href}: HTTP ${response.status}`);
      const name = url.pathname === '/' ? 'index' : url.pathname.slice(1).replace(/\.html$/, '');
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor && !visits.get(name)?.ids.includes(anchor)) {
        broken.push(`${href}: no element #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
    expect(site.missing).toEqual([]);
  });

  it('each code panel is its lesson file: the segments joined back are the file, code exact, prose word for word; no proof, report, setup or command-line file', () => {
    for (const { name } of course) {
      const dir = exampleDir(name);
      const shown = visits.get(name)!.files;
      expect(
        shown.map((panel) => panel.file),
        name,
      ).toEqual(lessonFiles(dir, name));
      for (const panel of shown) {
        expect(panel.file).not.toMatch(/^(proof|report|setup|cli\.ts|main\.ts)/);
        const text = readFileSync(join(dir, 'src', panel.file), 'utf8');
        const lines = text.replace(/\n$/, '').split('\n');
        const where = `${name}/src/${panel.file}`;
        // The segments tile the file: each begins where the one before it ended.
        expect(panel.segments[0]?.docFrom, where).toBe(1);
        expect(panel.segments.at(-1)?.end, where).toBe(lines.length + 1);
        panel.segments.forEach((seg, i) => {
          const next = panel.segments[i + 1];
          if (next) expect(next.docFrom, where).toBe(seg.end);
          const code = lines
            .slice(seg.codeFrom - 1, seg.end - 1)
            .join('\n')
            .trimEnd();
          expect(seg.code ?? '', `${where}:${seg.codeFrom}`).toBe(code);
          const doc = lines.slice(seg.docFrom - 1, seg.codeFrom - 1);
          expect(seg.doc.replace(/[`\s]/g, ''), `${where}:${seg.docFrom}`).toBe(words(doc));
        });
        expect(panel.segments.length, where).toBe(segments(text).length);
      }
    }
  });

  it("each output block is the README's checked transcript, line for line", () => {
    for (const { name } of course) {
      const shown = visits.get(name)!.output;
      const lines = (shown ?? '').split('\n').filter((line) => line !== '');
      expect(lines, name).toEqual(readmeOutput(join(exampleDir(name), 'README.md')));
    }
  });

  it('each page shows its timeline and one row for each Python program its tests check', async () => {
    for (const { name } of course) {
      const facts = visits.get(name)!;
      expect(facts.timelineWidth, name).toBeGreaterThan(0);
      expect(facts.pythonRows, name).toBe((await pythonRows(name)).length);
    }
  });

  it('every page fits a desktop and a phone screen: nothing wider than the window (screenshots under out/test/screenshots)', () => {
    for (const [page, facts] of visits) {
      expect(facts.overflow, page).toEqual({
        desktop: expect.any(Number),
        phone: expect.any(Number),
      });
      for (const [width, over] of Object.entries(facts.overflow)) {
        expect(over, `${page} at ${width} width`).toBeLessThanOrEqual(0);
      }
    }
  });
});
