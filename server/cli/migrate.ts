import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { PageKey, SiteSlug } from '../contract/common.ts';
import { Email, Id } from '../contract/common.ts';
import { eraseReader, type ReaderSelector } from '../services/migrate/erase.ts';
import { exportSite } from '../services/migrate/export.ts';
import { importFile, type ImportProgress } from '../services/migrate/import.ts';
import type { ImportReport } from '../services/migrate/plan.ts';
import { exportReader } from '../services/migrate/reader-export.ts';
import { parseRemapCsv, remapPage } from '../services/migrate/remap.ts';
import type { ImportFormat } from '../services/migrate/source.ts';
import { CliError, UsageError, defineCommand, type CliContext, type Command } from './command.ts';
import { check } from './values.ts';

/** A bar on a terminal, redrawn in place at most every 100 ms; nothing at all when stdout is a pipe or a file. */
function progressBar(): { update(p: ImportProgress): void; done(): void } {
  if (!process.stdout.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.bytes < p.totalBytes) return;
      last = now;
      const share = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 1;
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
      process.stdout.write(`\r${p.phase.padEnd(9)} [${bar}] ${String(Math.round(share * 100)).padStart(3)}%  ${p.pages} pages, ${p.comments} comments `);
    },
    done() {
      process.stdout.write('\n');
    },
  };
}

export function printReport(ctx: CliContext, r: ImportReport): void {
  ctx.print(r.isDryRun ? 'Dry run: nothing was written. The import would bring:' : 'Imported:');
  ctx.print(`  pages:    ${r.pages.total} (${r.pages.created} new, ${r.pages.existing} existing)`);
  ctx.print(`  comments: ${r.comments.total} (${r.comments.created} new, ${r.comments.unchanged} already imported)`);
  ctx.print(`    by status: ${Object.entries(r.comments.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  const skipped = Object.entries(r.skipped);
  ctx.print(`  skipped:  ${skipped.length ? skipped.map(([why, n]) => `${why} ${n}`).join(', ') : 'none'}`);
  for (const s of r.skippedItems) ctx.print(`    ${s.id}: ${s.reason}`);
  ctx.print(`  problems: ${r.problemCount}${r.problemCount > r.problems.length ? ` (first ${r.problems.length} listed)` : ''}`);
  for (const p of r.problems) ctx.print(`    ${p.id}: ${p.kind}: ${p.message}`);
}

const importCommand = (format: ImportFormat, what: string): Command =>
  defineCommand({
    path: ['import', format],
    summary: `import ${what} into a site`,
    details:
      'The file is read whole once and checked (a malformed file, an XML entity declaration or an external entity is refused,\n' +
      'nothing written); then each page is written in a transaction of its own. Importing the same file again writes nothing.\n' +
      `Example: npm run parley -- import ${format} export.${format === 'parley' ? 'json' : 'xml'} --site news --dry-run`,
    args: [{ name: 'file', description: 'the export file' }],
    options: {
      site: { type: 'string', placeholder: 'slug', description: 'the site to import into (required)' },
      'dry-run': { type: 'boolean', description: 'write nothing; print what the import would do' },
    },
    async run(ctx, { args, options }) {
      if (!options.site) throw new UsageError('--site is required');
      const site = check(SiteSlug, options.site, 'site');
      const app = await ctx.app();
      const bar = progressBar();
      try {
        const report = await importFile(app.services, { site, format, path: args.file, isDryRun: options['dry-run'] === true, onProgress: bar.update });
        bar.done();
        printReport(ctx, report);
      } catch (error) {
        bar.done();
        if ((error as { code?: string }).code === 'ENOENT') throw new CliError(`no file ${args.file}`);
        throw error;
      }
    },
  });

export const pagesRemap = defineCommand({
  path: ['pages', 'remap'],
  summary: "move a thread to its page's new key (a URL changed), with its votes, flags and subscriptions",
  details:
    'Onto a key that already has comments, the two threads are merged (and the output says so).\n' +
    'Example: npm run parley -- pages remap /2020/01/hello/ /news/hello --site news\n' +
    '         npm run parley -- pages remap --csv moves.csv --site news   (lines of old,new; URLs stand for their paths)',
  args: [
    { name: 'old', description: 'the key the thread has now', required: false },
    { name: 'new', description: 'the key it should have', required: false },
  ],
  options: {
    site: { type: 'string', placeholder: 'slug', description: 'the site (required)' },
    csv: { type: 'string', placeholder: 'file', description: 'a file of old,new pairs, one per line' },
  },
  async run(ctx, { args, options }) {
    if (!options.site) throw new UsageError('--site is required');
    const site = check(SiteSlug, options.site, 'site');
    const pairs = options.csv ? parseRemapCsv(readFileSync(options.csv, 'utf8')) : args.old && args.new ? [{ from: check(PageKey, args.old, 'old'), to: check(PageKey, args.new, 'new') }] : null;
    if (!pairs) throw new UsageError('give OLD and NEW, or --csv FILE');
    const app = await ctx.app();
    for (const { from, to } of pairs) {
      const r = await remapPage(app.services, site, from, to);
      const said = { moved: `moved ${r.comments} comments`, merged: `merged ${r.comments} comments into the thread already there`, no_such_page: 'no such page, nothing moved', same_key: 'same key, nothing to do' }[r.outcome];
      ctx.print(`${from} -> ${to}: ${said}`);
    }
  },
});

export const exportCommand = defineCommand({
  path: ['export'],
  summary: "write a site's pages and comments as a Parley export (JSON), which `import parley` reads back",
  args: [],
  options: {
    site: { type: 'string', placeholder: 'slug', description: 'the site (required)' },
    out: { type: 'string', placeholder: 'file', description: 'write to this file (default: standard output)' },
  },
  async run(ctx, { options }) {
    if (!options.site) throw new UsageError('--site is required');
    const site = check(SiteSlug, options.site, 'site');
    const app = await ctx.app();
    const out = options.out ? createWriteStream(options.out) : process.stdout;
    const counts = await exportSite(app.services, site, async (chunk) => {
      if (!out.write(chunk)) await once(out, 'drain');
    });
    if (options.out) {
      await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
      ctx.print(`exported ${counts.pages} pages, ${counts.comments} comments to ${options.out}`);
    } else ctx.warn(`exported ${counts.pages} pages, ${counts.comments} comments`);
  },
});

const readerOptions = {
  site: { type: 'string', placeholder: 'slug', description: 'the site (required)' },
  email: { type: 'string', placeholder: 'address', description: 'every reader of the site with this e-mail' },
  id: { type: 'string', placeholder: 'n', description: 'the reader with this id (as the admin view shows it)' },
} as const;

function readerOf(options: { site?: string | undefined; email?: string | undefined; id?: string | undefined }): { site: string; who: ReaderSelector } {
  if (!options.site) throw new UsageError('--site is required');
  if (!options.email && !options.id) throw new UsageError('name the reader with --email or --id');
  return {
    site: check(SiteSlug, options.site, 'site'),
    who: {
      email: options.email ? check(Email, options.email, 'email') : undefined,
      readerId: options.id ? check(Id, Number(options.id), 'id') : undefined,
    },
  };
}

export const readerExport = defineCommand({
  path: ['reader', 'export'],
  summary: 'print everything Parley holds about one reader, as JSON (GDPR access)',
  args: [],
  options: readerOptions,
  async run(ctx, { options }) {
    const { site, who } = readerOf(options);
    ctx.print(JSON.stringify(await exportReader((await ctx.app()).services, site, who), null, 2));
  },
});

export const readerErase = defineCommand({
  path: ['reader', 'erase'],
  summary: "erase one reader's data: comments become placeholders, name, e-mail and IP hashes go, subscriptions too",
  details: 'Replies to the erased comments keep their place. The audit log records the erasure and its counts, nothing erased.',
  args: [],
  options: readerOptions,
  async run(ctx, { options }) {
    const { site, who } = readerOf(options);
    const r = await eraseReader((await ctx.app()).services, site, who);
    ctx.print(`erased ${r.readers} reader(s): ${r.comments} comments now placeholders, ${r.subscriptions} subscriptions removed`);
  },
});

export const migrateCommands: readonly Command[] = [
  importCommand('wxr', 'a WordPress export (WXR: Tools -> Export)'),
  importCommand('disqus', 'a Disqus XML export'),
  importCommand('parley', 'a Parley export (from `export`)'),
  pagesRemap,
  exportCommand,
  readerExport,
  readerErase,
];
