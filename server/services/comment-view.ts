import type { CommentView, PageView } from '../contract/comment.ts';
import type { SiteSettings } from '../contract/settings.ts';
import type { CommentRow } from '../store/comments.ts';
import type { PageRow } from '../store/pages.ts';
import { sha256 } from './tokens.ts';

/** The public face of a comment: no e-mail, no IP hash, no moderation reasons. */
export function toCommentView(row: CommentRow): CommentView {
  const isDeleted = row.status === 'deleted';
  return {
    id: row.id,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    author: {
      name: isDeleted ? '' : row.authorName,
      isGuest: row.isGuest,
      // Avatars are drawn by the widget from this seed: no third-party request, no e-mail exposed.
      avatarSeed: isDeleted ? '' : sha256(`${row.readerId}`).slice(0, 12),
    },
    bodyHtml: isDeleted ? '' : row.bodyHtml,
    status: row.status === 'approved' || row.status === 'deleted' ? row.status : 'pending',
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    upvotes: row.upvotes,
    downvotes: row.downvotes,
    score: row.score,
    replyCount: row.replyCount,
    descendantCount: row.descendantCount,
    isPinned: row.isPinned,
    anchor: row.anchor ?? null,
  };
}

export function isPageClosed(page: PageRow, settings: SiteSettings, now: Date): boolean {
  if (settings.closeAfterDays <= 0) return false;
  return now.getTime() - page.createdAt.getTime() > settings.closeAfterDays * 86_400_000;
}

export function toPageView(page: PageRow, settings: SiteSettings, now: Date): PageView {
  return {
    key: page.key,
    url: page.url,
    title: page.title,
    commentCount: page.commentCount,
    isLocked: page.isLocked,
    isClosed: isPageClosed(page, settings, now),
  };
}
