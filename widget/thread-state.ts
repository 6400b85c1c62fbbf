import type { CommentView, Sort } from './api-client.ts';

/**
 * The loaded part of a thread is kept as the API sends it: a flat list in thread order, each
 * top-level comment followed by its replies (depth-first). These pure functions change it.
 */
export type Flat = readonly CommentView[];
export type ThreadGroup = { root: CommentView; replies: CommentView[] };

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

const bump = (list: CommentView[], id: number | null, field: 'replyCount' | 'descendantCount', delta: number) => {
  const at = list.findIndex((c) => c.id === id);
  const c = list[at];
  if (c) list[at] = { ...c, [field]: Math.max(0, c[field] + delta) };
};

/** Places a new comment where the thread shows it; `count` keeps reply counters in step. */
export function insertComment(list: Flat, comment: CommentView, sort: Sort, count = true): CommentView[] {
  const next = list.filter((c) => c.id !== comment.id);
  if (comment.parentId === null) {
    return sort === 'oldest' ? [...next, comment] : [comment, ...next];
  }
  const parentAt = next.findIndex((c) => c.id === comment.parentId);
  const parent = next[parentAt];
  if (!parent) return next;
  let end = parentAt + 1;
  while (end < next.length && next[end]!.rootId === parent.rootId && next[end]!.depth > parent.depth) end++;
  next.splice(end, 0, comment);
  if (count) {
    bump(next, comment.parentId, 'replyCount', 1);
    bump(next, comment.rootId, 'descendantCount', 1);
  }
  return next;
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

/** The reader's own held comments, shown only to them, in the place they will have when approved. */
export function withPending(list: Flat, pending: Flat, sort: Sort): CommentView[] {
  let next = [...list];
  for (const c of [...pending].sort((a, b) => a.id - b.id)) {
    if (!next.some((x) => x.id === c.id)) next = insertComment(next, c, sort, false);
  }
  return next;
}

export function groupThreads(list: Flat): ThreadGroup[] {
  const groups: ThreadGroup[] = [];
  for (const c of list) {
    if (c.parentId === null) groups.push({ root: c, replies: [] });
    else groups.at(-1)?.replies.push(c);
  }
  return groups;
}
