import type { CommentView, MeView, RepliesPage, ThreadPage } from '../server/contract/comment.ts';
import type { SubscriptionState } from '../server/contract/subscription.ts';
import { bump, insertComment, type Flat, type ThreadState } from './thread-state.ts';

/**
 * The transitions after the first paint, pure like those in `thread-state.ts`: more pages and
 * replies, votes, the reader's own writes and live events. Their own module so that they load with
 * the store's second half (`thread-actions.ts`), not before the thread is on screen.
 */

/** Appends a page, skipping comments already shown (a new comment may have arrived in between). */
export function appendPage(list: Flat, page: Flat): CommentView[] {
  const seen = new Set(list.map((c) => c.id));
  return [...list, ...page.filter((c) => !seen.has(c.id))];
}

/** Swaps a root's replies for a longer run of them (from `/comments/:id/replies`). */
export function replaceReplies(list: Flat, rootId: number, replies: Flat): CommentView[] {
  const at = list.findIndex((c) => c.id === rootId);
  if (at < 0) return [...list];
  const rest = list.filter((c) => c.rootId !== rootId || c.id === rootId);
  const rootAt = rest.findIndex((c) => c.id === rootId);
  return [...rest.slice(0, rootAt + 1), ...replies.filter((r) => r.id !== rootId), ...rest.slice(rootAt + 1)];
}

export const withMe = (s: ThreadState, me: Partial<MeView>): ThreadState => ({ ...s, me: { ...s.me, ...me } });
const isApproved = (s: ThreadState, id: number) => s.comments.some((c) => c.id === id && c.status === 'approved');

export const approval = (s: ThreadState, id: number, is: boolean): ThreadState['approvals'] => {
  const was = s.approvals.get(id)?.[0] ?? isApproved(s, id);
  return new Map(s.approvals).set(id, [was, is]);
};

/** The feedback list changes with the thread: the same comment may be in both. */
export const inInline = (s: ThreadState, change: (list: Flat) => CommentView[]): CommentView[] | null => (s.inline ? change(s.inline) : null);

export function inlineLoaded(s: ThreadState, inline: CommentView[]): ThreadState {
  return { ...s, inline, hasInline: s.hasInline || inline.length > 0 };
}

export function pageAppended(s: ThreadState, thread: ThreadPage): ThreadState {
  return { ...s, page: thread.page, comments: appendPage(s.comments, thread.comments), nextCursor: thread.nextCursor, approvals: new Map() };
}

export function repliesLoaded(s: ThreadState, rootId: number, page: RepliesPage): ThreadState {
  const loaded = [...(s.replyPages.get(rootId)?.loaded ?? []), ...page.comments];
  const replyPages = new Map(s.replyPages).set(rootId, { cursor: page.nextCursor, loaded });
  return { ...s, replyPages, comments: replaceReplies(s.comments, rootId, loaded), inline: inInline(s, (l) => replaceReplies(l, rootId, loaded)) };
}

type Counts = Pick<CommentView, 'upvotes' | 'downvotes' | 'score'>;

/** The reader's vote on `id` and the comment's counts; without `counts`, as they would be after it (optimistic). */
export function voteSet(s: ThreadState, id: number, value: 1 | -1 | 0, counts?: Counts): ThreadState {
  const previous = s.me.votes[id] ?? 0;
  const votes: Record<string, number> = { ...s.me.votes, [id]: value };
  if (!value) delete votes[id];
  const counted = (list: Flat) => list.map((c) =>
    c.id !== id
      ? c
      : counts
        ? { ...c, upvotes: counts.upvotes, downvotes: counts.downvotes, score: counts.score }
        : {
            ...c,
            upvotes: c.upvotes - Number(previous === 1) + Number(value === 1),
            downvotes: c.downvotes - Number(previous === -1) + Number(value === -1),
            score: c.score + value - previous,
          },
  );
  return withMe({ ...s, comments: counted(s.comments), inline: inInline(s, counted) }, { votes: votes as MeView['votes'] });
}

export function updateComment(list: Flat, comment: CommentView): CommentView[] {
  return list.map((c) => (c.id === comment.id ? comment : c));
}

/** A deleted comment with replies stays as a placeholder, as on the server; without, it goes. */
export function removeComment(list: Flat, id: number): CommentView[] {
  const target = list.find((c) => c.id === id);
  if (!target) return [...list];
  const hasReplies = target.replyCount > 0 || list.some((c) => c.parentId === id);
  const next = hasReplies
    ? list.map((c) => (c.id === id ? { ...c, status: 'deleted' as const, bodyHtml: '', author: { ...c.author, name: '', avatarSeed: '' } } : c))
    : list.filter((c) => c.id !== id);
  // As on the server: `replyCount` counts visible children (a placeholder is one), while
  // `descendantCount` counts approved descendants only.
  if (!hasReplies && target.parentId !== null) bump(next, target.parentId, 'replyCount', -1);
  if (target.status === 'approved' && target.parentId !== null) bump(next, target.rootId, 'descendantCount', -1);
  return next;
}

/** The reader's new or edited comment, in the list if approved, among their held ones if not. */
export function commentPlaced(s: ThreadState, comment: CommentView, isNew: boolean): ThreadState {
  const next = { ...s, approvals: approval(s, comment.id, comment.status === 'approved') };
  if (comment.status !== 'pending') {
    // New feedback starts its own thread in the list; a reply joins its thread if that is feedback.
    const inline = inInline(s, (l) =>
      !isNew ? updateComment(l, comment) : comment.parentId === null ? (comment.anchor ? [...l, comment] : [...l]) : insertComment(l, comment, 'oldest'),
    );
    return { ...next, inline, hasInline: s.hasInline || !!comment.anchor, comments: isNew ? insertComment(s.comments, comment, s.sort) : updateComment(s.comments, comment) };
  }
  const pending = [...s.me.pending.filter((c) => c.id !== comment.id), comment];
  const inline = isNew ? s.inline : inInline(s, (l) => removeComment(l, comment.id));
  return withMe({ ...next, inline, comments: isNew ? s.comments : removeComment(s.comments, comment.id) }, { pending });
}

export function commentRemoved(s: ThreadState, id: number): ThreadState {
  const next = { ...s, approvals: approval(s, id, false), comments: removeComment(s.comments, id), inline: inInline(s, (l) => removeComment(l, id)) };
  return withMe(next, { pending: s.me.pending.filter((c) => c.id !== id) });
}

/** Own comment `c` may be edited until the site's edit window closes. */
export function editAllowed(s: ThreadState, c: CommentView): ThreadState {
  const deadline = new Date(Date.parse(c.createdAt) + (s.settings?.editWindowMinutes ?? 0) * 60_000).toISOString();
  return withMe(s, { editable: { ...s.me.editable, [c.id]: deadline } });
}

export const flagged = (s: ThreadState, id: number): ThreadState => withMe(s, { flagged: [...s.me.flagged, id] });

/** A live `comment` event: counted for the "N new comments" button unless it is on screen already. */
export function commentArrived(s: ThreadState, id: number): ThreadState {
  return s.own.has(id) || s.arrived.has(id) || s.comments.some((c) => c.id === id) ? s : { ...s, arrived: new Set(s.arrived).add(id) };
}

export function ownPosted(s: ThreadState, id: number): ThreadState {
  const arrived = new Set(s.arrived);
  arrived.delete(id);
  return { ...s, own: new Set(s.own).add(id), arrived };
}

/** A live `vote` event: a score changes in place (it moves no layout). */
export function scoreChanged(s: ThreadState, id: number, score: number): ThreadState {
  const isStale = (list: Flat | null) => !!list?.some((c) => c.id === id && c.score !== score);
  if (!isStale(s.comments) && !isStale(s.inline)) return s;
  const scored = (list: Flat) => list.map((c) => (c.id === id ? { ...c, score } : c));
  return { ...s, comments: scored(s.comments), inline: inInline(s, scored) };
}

/**
 * "N new comments" clicked: each arrived comment (as fetched: approved, in arrival order) joins
 * the list where it belongs and is counted; nothing loaded before moves. A reply whose thread is
 * not loaded is counted only.
 */
export const arrivedShown = (s: ThreadState, comments: readonly CommentView[]): ThreadState =>
  comments.reduce<ThreadState>((next, c) => commentPlaced(next, c, true), { ...s, arrived: new Set() });

/** A subscription the server answered for: new, or the same one again (pending or confirmed by now). */
export function subscribed(s: ThreadState, sub: SubscriptionState): ThreadState {
  return { ...s, subscriptions: [...(s.subscriptions ?? []).filter((x) => x.id !== sub.id), sub] };
}

export const unsubscribed = (s: ThreadState, id: number): ThreadState => ({ ...s, subscriptions: s.subscriptions?.filter((x) => x.id !== id) });
