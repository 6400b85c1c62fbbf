import { AppError } from '../../errors.ts';
import { insertAudit } from '../../store/audit-log.ts';
import { lockComment } from '../../store/comments.ts';
import { deleteImportedReaders } from '../../store/imported-items.ts';
import { bumpPage } from '../../store/pages.ts';
import { blankComment, blankReader, deleteSubscriptionsOf, findReadersOf, listCommentsOfReaders } from '../../store/reader-data.ts';
import type { Actor } from '../admin/actor.ts';
import { changeCommentStatus } from '../comments/comment-status.ts';
import type { Services } from '../context.ts';
import { newToken, sha256 } from '../readers/tokens.ts';

export type ReaderSelector = { readerId?: number | undefined; email?: string | undefined };
export type EraseResult = { readers: number; comments: number; subscriptions: number };

/**
 * GDPR erasure of one reader (by id, or every reader of the site with an e-mail): each comment
 * becomes a "deleted" placeholder with no words, name, link or IP hash, so replies keep their place;
 * the reader row loses name, e-mail and SSO id and its token stops working; subscriptions go. The
 * audit log records that an erasure happened and its counts, never what was erased.
 */
export async function eraseReader(services: Services, slug: string, who: ReaderSelector, actor: Actor | null = null): Promise<EraseResult> {
  const site = await services.sites.get(slug);
  const now = services.clock.now();
  const result = await services.database.db.transaction(async (tx) => {
    const readers = await findReadersOf(tx, site.id, who);
    if (readers.length === 0) throw new AppError('not_found', 'No reader of this site matches', who.email !== undefined ? 'email' : 'readerId');
    const readerIds = readers.map((r) => r.id);
    const emails = [...new Set([...readers.map((r) => r.email?.toLowerCase()).filter((e): e is string => !!e), ...(who.email ? [who.email.toLowerCase()] : [])])];
    const rows = await listCommentsOfReaders(tx, readerIds);
    const pageIds = new Set<number>();
    // Id order: the same order every writer locks comments in.
    for (const { comment } of rows) {
      const before = await lockComment(tx, comment.id);
      if (!before) continue;
      await blankComment(tx, before.id);
      const blanked = { ...before, bodyMd: '', bodyHtml: '', authorName: '', authorUrl: null, ipHash: null };
      await changeCommentStatus(tx, blanked, 'deleted', { bodyMd: '', bodyHtml: '', moderatedAt: now });
      pageIds.add(before.pageId);
    }
    // A placeholder's author and words vanish from every cached thread at once.
    for (const pageId of [...pageIds].sort((a, b) => a - b)) await bumpPage(tx, pageId);
    const subscriptions = await deleteSubscriptionsOf(tx, site.id, readerIds, emails);
    for (const id of readerIds) await blankReader(tx, id, sha256(newToken()));
    await deleteImportedReaders(tx, site.id, readerIds);
    await insertAudit(tx, [
      {
        siteId: site.id,
        moderatorId: actor?.moderator.id ?? null,
        action: 'reader.erase',
        targetType: 'reader',
        targetId: readerIds.join(','),
        before: null,
        after: { readers: readerIds.length, comments: rows.length, subscriptions },
        createdAt: now,
      },
    ]);
    return { pageIds, counts: { readers: readerIds.length, comments: rows.length, subscriptions } };
  });
  for (const pageId of result.pageIds) services.events.publish({ type: 'page', siteId: site.id, pageId });
  return result.counts;
}
