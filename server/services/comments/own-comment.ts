import type { CommentView, EditComment } from '../../contract/comment.ts';
import { resolveSettings, type SiteSettings } from '../../contract/settings.ts';
import { AppError, notFound } from '../../errors.ts';
import { lockComment, updateCommentBody, type CommentRow } from '../../store/comments.ts';
import type { Tx } from '../../store/db.ts';
import { findPageById } from '../../store/pages.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { findSiteById } from '../../store/sites.ts';
import type { RequestMeta, Services } from '../context.ts';
import { hashIp } from '../readers/tokens.ts';
import { changeCommentStatus } from './comment-status.ts';
import { toCommentView } from './comment-view.ts';
import { moderateBody, prepareBody } from './prepare-body.ts';

/** The deadline after which the author may no longer edit or delete. */
export const editDeadline = (comment: Pick<CommentRow, 'createdAt'>, settings: SiteSettings) =>
  new Date(comment.createdAt.getTime() + settings.editWindowMinutes * 60_000);

async function lockOwn(tx: Tx, services: Services, reader: ReaderRow, id: number) {
  // A reader token is per site: another site's comment is not found, as for votes and flags.
  const comment = await lockComment(tx, id, reader.siteId);
  if (!comment || comment.status === 'deleted' || comment.status === 'rejected' || comment.status === 'spam') {
    throw notFound('comment', 'id');
  }
  if (comment.readerId !== reader.id) throw new AppError('not_owner', 'You can only change your own comments');
  const page = (await findPageById(tx, comment.pageId))!;
  const site = (await findSiteById(tx, page.siteId))!;
  const settings = resolveSettings(site.settings);
  if (services.clock.now() >= editDeadline(comment, settings)) {
    throw new AppError('edit_window_closed', 'This comment can no longer be changed', 'body');
  }
  return { comment, page, settings };
}

/** An edit is moderated like a new comment: an approved comment may go back to review. */
export async function editComment(services: Services, reader: ReaderRow, id: number, input: EditComment, meta: RequestMeta): Promise<CommentView> {
  const { database, clock, config, events } = services;
  const result = await database.db.transaction(async (tx) => {
    const { comment, page, settings } = await lockOwn(tx, services, reader, id);
    const body = prepareBody(input.body, settings);
    const now = clock.now();
    const decision = await moderateBody(tx, {
      now,
      settings,
      isEdit: true,
      page,
      reader,
      body,
      author: { name: comment.authorName, email: reader.email },
      ipHash: hashIp(meta.ip, config.ipSalt),
      excludeCommentId: comment.id,
    });
    const edited = await updateCommentBody(tx, comment.id, { bodyMd: body.markdown, bodyHtml: body.html, editedAt: now });
    // A held edit takes an approved comment out of view; a pending one stays pending.
    const status = decision.status === 'approved' ? comment.status : decision.status;
    const after = await changeCommentStatus(tx, { ...edited, bodyHtml: comment.bodyHtml }, status, {
      reasons: decision.status === 'approved' ? comment.reasons : decision.reasons,
    });
    return { after, siteId: page.siteId };
  });
  events.publish({ type: 'edit', siteId: result.siteId, pageId: result.after.pageId, commentId: id });
  return toCommentView(result.after, 'author');
}

/** Deleting keeps the row; with replies it stays as a placeholder so the thread keeps its shape. */
export async function deleteOwnComment(services: Services, reader: ReaderRow, id: number): Promise<void> {
  const { database, events } = services;
  const result = await database.db.transaction(async (tx) => {
    const { comment, page } = await lockOwn(tx, services, reader, id);
    const after = await changeCommentStatus(tx, comment, 'deleted');
    return { after, siteId: page.siteId };
  });
  events.publish({ type: 'status', siteId: result.siteId, pageId: result.after.pageId, commentId: id, status: 'deleted' });
}
