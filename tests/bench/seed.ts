import { sql } from 'drizzle-orm';
import type { Queryable } from '../../server/store/db.ts';
import { rowsOf } from '../../server/store/comments.ts';

/**
 * Puts `total` approved comments on one page in three statements (INSERT … SELECT generate_series),
 * shaped like a real thread: 40 % top-level, and a fifth of all comments with three replies each.
 * Counters, paths and visibility are set as the service would set them.
 */
export async function seedThread(db: Queryable, { pageId, readerId, total }: { pageId: number; readerId: number; total: number }): Promise<void> {
  const replied = Math.floor(total / 5);
  const roots = total - 3 * replied;
  const [{ max }] = rowsOf<{ max: string | null }>(await db.execute(sql`select max(id)::text as max from comments`)) as [{ max: string | null }];
  const base = Number(max ?? 0) + 1;
  const replyBase = base + roots;
  await db.execute(sql`
    insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, body_md, body_html,
                          status, visible, upvotes, score, reply_count, descendant_count, created_at)
    select ${base}::bigint + g, ${pageId}, null, ${base}::bigint + g, 0, lpad((${base}::bigint + g)::text, 12, '0'), ${readerId}, 'Seed',
           'Seeded comment number ' || g, '<p>Seeded comment number ' || g || '</p>', 'approved', true, ((g::bigint * 7919) % 50)::int, ((g::bigint * 7919) % 50)::int,
           case when g < ${replied} then 3 else 0 end, case when g < ${replied} then 3 else 0 end, now()
    from generate_series(0, ${roots - 1}) g`);
  if (replied > 0) {
    await db.execute(sql`
      insert into comments (id, page_id, parent_id, root_id, depth, path, reader_id, author_name, body_md, body_html,
                            status, visible, created_at)
      select ${replyBase}::bigint + g, ${pageId}, ${base}::bigint + g / 3, ${base}::bigint + g / 3, 1,
             lpad((${base}::bigint + g / 3)::text, 12, '0') || lpad((${replyBase}::bigint + g)::text, 12, '0'), ${readerId}, 'Seed',
             'Seeded reply number ' || g, '<p>Seeded reply number ' || g || '</p>', 'approved', true, now()
      from generate_series(0, ${3 * replied - 1}) g`);
  }
  await db.execute(sql`select setval(pg_get_serial_sequence('comments', 'id'), ${replyBase + 3 * replied})`);
  await db.execute(sql`update pages set comment_count = comment_count + ${total}, version = version + 1 where id = ${pageId}`);
  await db.execute(sql`analyze comments`);
}
