import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../store/db.ts';
import { insertOutbox } from '../../store/outbox.ts';
import type { SubscriptionRow } from '../../store/subscriptions.ts';

/** The comment a notification is about, as the write path has it in hand. */
export type NotifiableComment = {
  id: number;
  siteId: number;
  pageId: number;
  parentId: number | null;
  readerId: number | null;
  /** The address the author gave with this comment, if any; their reader's stored address is skipped too. */
  authorEmail: string | null;
};

/**
 * Call in the SAME transaction that makes `comment` approved (a new comment, a moderator's
 * approval): writes one outbox row per confirmed subscriber of the page or of the parent's
 * replies, in one INSERT … SELECT whatever their number. One mail per address and comment (a
 * subscriber of both hears "reply"); the dedupe key keeps a later re-approval from sending again;
 * the author is skipped by reader and by address. Returns how many rows were written.
 */
export async function enqueueCommentMails(tx: Queryable, comment: NotifiableComment, now: Date): Promise<number> {
  const result = await tx.execute(commentMailsSql(comment, now));
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows.length;
}

/**
 * The INSERT of `enqueueCommentMails`, to run on its own or inside a comment's write statement as a
 * CTE (`when` then holds the rows back unless the comment was written). Answers the rows' ids.
 */
export function commentMailsSql(comment: NotifiableComment, now: Date, when: SQL = sql`true`): SQL {
  return sql`
    insert into outbox (kind, site_id, recipient, payload, dedupe_key, run_after)
    select distinct on (s.email)
      'comment', ${comment.siteId}::int, s.email,
      jsonb_build_object('commentId', ${comment.id}::bigint, 'subscriptionId', s.id, 'isReply', s.kind = 'replies'),
      'comment:' || ${comment.id}::bigint || ':' || s.email,
      ${now.toISOString()}::timestamptz
    from subscriptions s
    where ${when} and s.confirmed_at is not null and s.unsubscribed_at is null and s.bounced_at is null
      and ((s.kind = 'page' and s.page_id = ${comment.pageId}::int)
        or (s.kind = 'replies' and s.comment_id = ${comment.parentId ?? -1}::bigint)
        -- "replies to my comments" on the whole page: the parent is this subscriber's, by reader or address.
        or (s.kind = 'replies' and s.comment_id is null and s.page_id = ${comment.pageId}::int and exists (
          select 1 from comments p join readers r on r.id = p.reader_id
          where p.id = ${comment.parentId ?? -1}::bigint and (p.reader_id = s.reader_id or r.email = s.email))))
      and s.email <> ${comment.authorEmail ?? ''}
      and s.email <> coalesce((select r.email from readers r where r.id = ${comment.readerId ?? -1}::int), '')
      and (s.reader_id is null or s.reader_id <> ${comment.readerId ?? -1}::int)
    order by s.email, (s.kind = 'replies') desc
    on conflict (dedupe_key) do nothing
    returning id`;
}

/**
 * The double opt-in mail, in the subscribing transaction. At most one per subscription per day,
 * however often the form is sent (the dedupe key carries the day).
 */
export async function enqueueConfirmation(tx: Queryable, sub: SubscriptionRow, siteId: number, now: Date): Promise<boolean> {
  const day = now.toISOString().slice(0, 10);
  const row = await insertOutbox(tx, {
    kind: 'confirm',
    siteId,
    recipient: sub.email,
    payload: { subscriptionId: sub.id },
    dedupeKey: `confirm:${sub.id}:${day}`,
    runAfter: now,
  });
  return row !== undefined;
}

/**
 * A held comment: moderators who opted in get one alert per site per window of `minutes`. The
 * first held comment of a window writes the row, due at the window's end; later ones meet its
 * dedupe key. The mail counts what is still pending when it goes.
 */
export async function enqueuePendingAlerts(tx: Queryable, siteId: number, minutes: number, now: Date): Promise<void> {
  await tx.execute(pendingAlertsSql(siteId, minutes, now));
}

/** The INSERT of `enqueuePendingAlerts`, on its own or as a CTE of a comment's write guarded by `when`. */
export function pendingAlertsSql(siteId: number, minutes: number, now: Date, when: SQL = sql`true`): SQL {
  const windowMs = minutes * 60_000;
  const bucket = Math.floor(now.getTime() / windowMs);
  const due = new Date((bucket + 1) * windowMs);
  return sql`
    insert into outbox (kind, site_id, recipient, payload, dedupe_key, run_after)
    select 'pending', ${siteId}::int, m.email, jsonb_build_object('siteId', ${siteId}::int, 'moderatorId', m.id),
      'pending:' || ${siteId}::int || ':' || m.id || ':' || ${bucket}::bigint, ${due.toISOString()}::timestamptz
    from moderators m
    where ${when} and m.alert_pending and m.disabled_at is null and (m.role = 'admin' or ${siteId}::int = any(m.site_ids))
    on conflict (dedupe_key) do nothing
    returning id`;
}
