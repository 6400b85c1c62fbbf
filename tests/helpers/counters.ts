import { sql } from 'drizzle-orm';
import type { Database } from '../../server/store/db.ts';
import { rowsOf } from '../../server/store/comments.ts';

/**
 * Every stored counter recomputed from the rows it counts; returns the rows that disagree. A
 * half-written change (a comment without its counter bump, or the reverse) shows up here.
 */
export async function counterMismatches(database: Database): Promise<string[]> {
  const result = await database.db.execute(sql`
    select 'page ' || p.id || ' comment_count ' || p.comment_count || ' <> ' || coalesce(c.n, 0) as problem
      from pages p left join (select page_id, count(*)::int as n from comments where status = 'approved' group by page_id) c
        on c.page_id = p.id
     where p.comment_count <> coalesce(c.n, 0)
    union all
    select 'comment ' || x.id || ' reply_count ' || x.reply_count || ' <> ' || coalesce(r.n, 0)
      from comments x left join (select parent_id, count(*)::int as n from comments where visible group by parent_id) r
        on r.parent_id = x.id
     where x.reply_count <> coalesce(r.n, 0)
    union all
    select 'comment ' || x.id || ' descendant_count ' || x.descendant_count || ' <> ' || coalesce(d.n, 0)
      from comments x left join (select root_id, count(*)::int as n from comments where status = 'approved' and id <> root_id group by root_id) d
        on d.root_id = x.id
     where x.parent_id is null and x.descendant_count <> coalesce(d.n, 0)
    union all
    select 'comment ' || x.id || ' visible ' || x.visible
      from comments x where x.visible <> (x.status = 'approved' or x.reply_count > 0)
    union all
    select 'comment ' || x.id || ' votes ' || x.upvotes || '/' || x.downvotes || ' <> ' || coalesce(v.up, 0) || '/' || coalesce(v.down, 0)
      from comments x left join (select comment_id, count(*) filter (where value > 0)::int as up, count(*) filter (where value < 0)::int as down
                                   from votes group by comment_id) v on v.comment_id = x.id
     where x.upvotes <> coalesce(v.up, 0) or x.downvotes <> coalesce(v.down, 0)
    order by 1`);
  return rowsOf<{ problem: string }>(result).map((r) => r.problem);
}
