import { listPageCommentsForExport, listPagesAfter } from '../../store/site-export.ts';
import type { Services } from '../context.ts';
import type { ExportComment, ExportPage } from './parley-format.ts';

/**
 * Writes a site's pages and comments as a Parley export (parley-format.ts), page by page, to `write`:
 * memory holds one page. The format imports back (`import parley FILE --site S`).
 */
export async function exportSite(services: Services, slug: string, write: (chunk: string) => Promise<void> | void): Promise<{ pages: number; comments: number }> {
  const site = await services.sites.get(slug);
  const db = services.database.db;
  const head = { format: 'parley-export', version: 1, exportedAt: services.clock.now().toISOString(), site: { slug: site.slug, name: site.name } };
  await write(`${JSON.stringify(head).slice(0, -1)},"pages":[`);
  let pageCount = 0;
  let commentCount = 0;
  for (let after = 0; ; ) {
    const slice = await listPagesAfter(db, site.id, after, 200);
    if (slice.length === 0) break;
    for (const page of slice) {
      const rows = await listPageCommentsForExport(db, page.id);
      const out: ExportPage = {
        key: page.key,
        url: page.url,
        title: page.title,
        locked: page.isLocked,
        comments: rows.map(({ comment: c, email }): ExportComment => ({
          id: c.id,
          parentId: c.parentId,
          createdAt: c.createdAt.toISOString(),
          editedAt: c.editedAt?.toISOString() ?? null,
          status: c.status,
          author: { name: c.authorName, email, url: c.authorUrl },
          bodyMd: c.bodyMd,
          bodyHtml: c.bodyHtml,
          upvotes: c.upvotes,
          downvotes: c.downvotes,
          pinned: c.isPinned,
        })),
      };
      await write(`${pageCount ? ',' : ''}\n${JSON.stringify(out)}`);
      pageCount++;
      commentCount += rows.length;
    }
    after = slice.at(-1)!.id;
  }
  await write('\n]}\n');
  return { pages: pageCount, comments: commentCount };
}
