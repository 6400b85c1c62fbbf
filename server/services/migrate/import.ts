import { statSync } from 'node:fs';
import type { Queryable } from '../../store/db.ts';
import { findPage, findPageById } from '../../store/pages.ts';
import { findImportedTargets } from '../../store/imported-items.ts';
import type { Services } from '../context.ts';
import type { Site } from '../sites/sites.ts';
import { addProblem, addToReport, emptyReport, planPage, type ImportReport } from './plan.ts';
import { readPages } from './read-pages.ts';
import type { ImportOptions, SourcePage } from './source.ts';
import { writePage } from './write-page.ts';

export type { ImportOptions, ImportProgress } from './source.ts';

/**
 * Imports a WordPress, Disqus or Parley export into a site. First the whole file is read and
 * checked without writing (a dry run stops there): a malformed file, an entity declaration or an
 * external entity is refused before any row is written. Then it is read again and each page is
 * written in one transaction of its own (pages, readers, comments, import ids, counters), so memory
 * and lock time stay bounded by one page, and a crash leaves whole pages that a re-run skips.
 */
export async function importFile(services: Services, options: ImportOptions): Promise<ImportReport> {
  const site = await services.sites.get(options.site);
  const totalBytes = statSync(options.path).size;
  const checked = await runPass(services, site, options, totalBytes, false);
  if (options.isDryRun) return checked;
  return runPass(services, site, options, totalBytes, true);
}

async function runPass(services: Services, site: Site, options: ImportOptions, totalBytes: number, isWriting: boolean): Promise<ImportReport> {
  const report = emptyReport(options.format, !isWriting);
  const phase = isWriting ? 'importing' : 'checking';
  let bytes = 0;
  const progress = () => options.onProgress?.({ phase, bytes, totalBytes, pages: report.pages.total, comments: report.comments.total });
  for await (const page of readPages(options.format, options.path, (b) => (bytes = b))) {
    if (!page.key) {
      if (page.comments.length) addProblem(report, { id: page.sourceId, kind: 'no_permalink', message: `No permalink; its ${page.comments.length} comments are not imported` });
      addToReport(report, { page: { ...page, comments: [] }, comments: [], problems: [] }, false);
      continue;
    }
    if (isWriting) {
      const written = await writePage(services, site, page);
      addToReport(report, written.plan, written.isNewPage);
    } else {
      const plan = await checkPage(services.database.db, site.id, page);
      addToReport(report, plan.plan, plan.isNewPage);
    }
    progress();
  }
  bytes = totalBytes;
  progress();
  return report;
}

/** What writing this page would do, read-only: the dry run's half of the story. */
async function checkPage(db: Queryable, siteId: number, page: SourcePage) {
  const existing = await findImportedTargets(db, siteId, [page.sourceId, ...page.comments.map((c) => c.sourceId)]);
  const plan = planPage(page, new Set(existing.keys()));
  const pageId = existing.get(page.sourceId);
  const isNewPage = !(pageId !== undefined && (await findPageById(db, pageId))) && !(await findPage(db, siteId, page.key));
  return { plan, isNewPage };
}
