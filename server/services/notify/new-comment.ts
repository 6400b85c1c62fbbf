import type { Queryable } from '../../store/db.ts';
import { enqueueCommentMails, enqueuePendingAlerts } from './enqueue.ts';
import { addSubscription } from './subscriptions.ts';

export type NewCommentMailInput = {
  comment: { id: number; pageId: number; parentId: number | null; status: string };
  siteId: number;
  readerId: number;
  /** The address given with the comment (or the signed-in reader's), lower-case. */
  email: string | null;
  isSignedIn: boolean;
  /** The form's "notify me of replies" tick. */
  notifyReplies: boolean;
  pendingAlertMinutes: number;
  secret: string;
  now: Date;
};

/**
 * Everything mail that a new comment causes, written in the comment's own transaction (call it
 * last in there): an approved comment's notifications, a held comment's moderator alert, and the
 * author's "notify me of replies" subscription (with its confirmation, if the address is new).
 * Nothing is sent here: the outbox worker does that after the commit. Answers whether any row may
 * have been queued, so the worker is woken only then (most comments have nobody to mail).
 */
export async function enqueueNewCommentMail(tx: Queryable, input: NewCommentMailInput): Promise<boolean> {
  const { comment, now } = input;
  let queued = false;
  if (comment.status === 'approved') {
    queued = (await enqueueCommentMails(tx, { id: comment.id, siteId: input.siteId, pageId: comment.pageId, parentId: comment.parentId, readerId: input.readerId, authorEmail: input.email }, now)) > 0;
  } else if (comment.status === 'pending') {
    await enqueuePendingAlerts(tx, input.siteId, input.pendingAlertMinutes, now);
    queued = true;
  }
  if (input.notifyReplies && input.email && comment.status !== 'spam') {
    await addSubscription(
      tx,
      { secret: input.secret },
      { siteId: input.siteId, pageId: comment.pageId, commentId: comment.id },
      { email: input.email, readerId: input.readerId, isVouched: input.isSignedIn },
      now,
    );
    queued = true;
  }
  return queued;
}
