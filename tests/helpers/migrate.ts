import { sql } from 'drizzle-orm';
import type { ParleyApp } from '../../server/app.ts';
import { rowsOf } from '../../server/store/comments.ts';

export const FIXTURES = new URL('../fixtures/migrate/', import.meta.url).pathname;

export type ImportedComment = {
  sourceId: string;
  parentSourceId: string | null;
  id: number;
  depth: number;
  status: string;
  authorName: string;
  authorUrl: string | null;
  email: string | null;
  createdAt: string;
  bodyHtml: string;
  bodyMd: string;
  upvotes: number;
  downvotes: number;
  isVisible: boolean;
  replyCount: number;
  pageKey: string;
};

/** Every imported comment of a site by its id in the file, with its parent's file id: what a reader of the file would check. */
export async function importedComments(app: ParleyApp, siteSlug = 'demo'): Promise<Map<string, ImportedComment>> {
  const result = await app.services.database.db.execute(sql`
    select i.source_id as "sourceId", pi.source_id as "parentSourceId", c.id::int as id, c.depth, c.status,
           c.author_name as "authorName", c.author_url as "authorUrl", r.email, c.created_at as "createdAt",
           c.body_html as "bodyHtml", c.body_md as "bodyMd", c.upvotes, c.downvotes, c.visible as "isVisible",
           c.reply_count as "replyCount", p.key as "pageKey"
    from imported_items i
    join sites s on s.id = i.site_id and s.slug = ${siteSlug}
    join comments c on c.id = i.target_id and i.kind = 'comment'
    join pages p on p.id = c.page_id
    join readers r on r.id = c.reader_id
    left join imported_items pi on pi.site_id = i.site_id and pi.kind = 'comment' and pi.target_id = c.parent_id
    order by c.id`);
  const rows = rowsOf<ImportedComment & { createdAt: Date | string }>(result);
  return new Map(rows.map((r) => [r.sourceId, { ...r, createdAt: new Date(r.createdAt).toISOString() }]));
}
