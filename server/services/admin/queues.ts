import type { QueueCounts, QueueItem, QueueName, QueuePage, QueueQuery } from '../../contract/admin.ts';
import { notFound } from '../../errors.ts';
import { countQueues, findCommentsWithSite, findPagesWithSite, findReadersByIds, listQueue } from '../../store/admin-queues.ts';
import type { CommentRow } from '../../store/comments.ts';
import type { Queryable } from '../../store/db.ts';
import type { Services } from '../context.ts';
import { decodeCursor, encodeCursor } from '../threads/cursor.ts';
import { assertSite, scopeSites, type Actor } from './actor.ts';
import { buildReaderHistory } from './reader-history.ts';
import { toAdminComment, toAdminPage } from './views.ts';

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export async function getQueueCounts(services: Services, actor: Actor, site: string | undefined): Promise<QueueCounts> {
  const { siteIds } = await scopeSites(services, actor, site);
  if (siteIds && siteIds.length === 0) return { pending: 0, reported: 0, spam: 0, rejected: 0, approved: 0, all: 0 };
  return countQueues(services.database.db, siteIds);
}

/** One page of a queue, newest first, each item with its page, parent and author's history. */
export async function getQueuePage(services: Services, actor: Actor, queue: QueueName, query: QueueQuery): Promise<QueuePage> {
  const db = services.database.db;
  const { siteIds } = await scopeSites(services, actor, query.site);
  const beforeId = decodeCursor(query.cursor, isId) ?? undefined;
  const counts = await getQueueCounts(services, actor, query.site);
  if (siteIds && siteIds.length === 0) return { queue, items: [], nextCursor: null, counts };
  const rows = await listQueue(db, queue, { siteIds, pageId: query.pageId, readerId: query.readerId, text: query.text, beforeId }, query.limit + 1);
  const shown = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? encodeCursor(shown.at(-1)!.id) : null;
  return { queue, items: await buildItems(db, shown, services.clock.now()), nextCursor, counts };
}

export async function getQueueItem(services: Services, actor: Actor, id: number): Promise<QueueItem> {
  const db = services.database.db;
  const [row] = await findCommentsWithSite(db, [id]);
  if (!row) throw notFound('comment', 'id');
  assertSite(actor, row.siteId);
  return (await buildItems(db, [row], services.clock.now()))[0]!;
}

async function buildItems(db: Queryable, rows: Array<CommentRow & { siteId: number }>, now: Date): Promise<QueueItem[]> {
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const [pages, parents, readers] = await Promise.all([
    findPagesWithSite(db, unique(rows.map((r) => r.pageId))),
    findCommentsWithSite(db, unique(rows.flatMap((r) => (r.parentId === null ? [] : [r.parentId])))),
    findReadersByIds(db, unique(rows.map((r) => r.readerId))),
  ]);
  const histories = new Map(await Promise.all(readers.map(async (r) => [r.id, await buildReaderHistory(db, r, now)] as const)));
  const pageById = new Map(pages.map((p) => [p.id, p]));
  const parentById = new Map(parents.map((p) => [p.id, p]));
  return rows.map((row) => {
    const parent = row.parentId === null ? undefined : parentById.get(row.parentId);
    return {
      comment: toAdminComment(row),
      page: toAdminPage(pageById.get(row.pageId)!),
      parent: parent ? toAdminComment(parent) : null,
      author: histories.get(row.readerId)!,
    };
  });
}
