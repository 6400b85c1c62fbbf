import type { AdminPage, PageList } from '../../contract/admin.ts';
import { notFound } from '../../errors.ts';
import { findPagesWithSite, listPagesWithSite } from '../../store/admin-queues.ts';
import { setPageLocked } from '../../store/pages.ts';
import type { Services } from '../context.ts';
import { decodeCursor, encodeCursor } from '../threads/cursor.ts';
import { assertSite, scopeSites, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { toAdminPage } from './views.ts';

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export async function listPages(
  services: Services,
  actor: Actor,
  query: { site?: string | undefined; text?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<PageList> {
  const { siteIds } = await scopeSites(services, actor, query.site);
  if (siteIds && siteIds.length === 0) return { pages: [], nextCursor: null };
  const beforeId = decodeCursor(query.cursor, isId) ?? undefined;
  const rows = await listPagesWithSite(services.database.db, { siteIds, text: query.text, beforeId }, query.limit + 1);
  const shown = rows.slice(0, query.limit);
  return { pages: shown.map(toAdminPage), nextCursor: rows.length > query.limit ? encodeCursor(shown.at(-1)!.id) : null };
}

/** Locking bumps the page version, so the widget's next thread answer says comments are closed. */
export async function setPageLock(services: Services, actor: Actor, pageId: number, isLocked: boolean): Promise<AdminPage> {
  const { database, clock, events } = services;
  const now = clock.now();
  const page = await database.db.transaction(async (tx) => {
    const [before] = await findPagesWithSite(tx, [pageId]);
    if (!before) throw notFound('page', 'id');
    assertSite(actor, before.siteId);
    if (before.isLocked === isLocked) return before;
    const after = (await setPageLocked(tx, pageId, isLocked))!;
    await recordAudit(tx, actor, now, [
      { siteId: before.siteId, action: isLocked ? 'lock' : 'unlock', targetType: 'page', targetId: String(pageId), batchId: newBatchId(), before: { isLocked: before.isLocked }, after: { isLocked } },
    ]);
    return { ...after, siteSlug: before.siteSlug };
  });
  events.publish({ type: 'page', siteId: page.siteId, pageId });
  return toAdminPage(page);
}
