import type { Anchor, CommentView, PageView } from '../../contract/comment.ts';
import type { SiteSettings } from '../../contract/settings.ts';
import type { ThreadCommentRow } from '../../store/thread-page.ts';
import type { PageRow } from '../../store/pages.ts';
import { sha256 } from '../readers/tokens.ts';

/**
 * The public face of a comment: no e-mail, no IP hash, no moderation reasons. A comment that is not
 * approved but still has visible replies is a placeholder: no author, no body. Its author (`author`
 * view) sees their own held comment in full, labelled as held for review or as spam.
 */
export function toCommentView(row: ThreadCommentRow, viewer: 'public' | 'author' = 'public'): CommentView {
  const isPlaceholder = row.status === 'deleted' || (viewer === 'public' && row.status !== 'approved');
  return {
    id: row.id,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    author: {
      name: isPlaceholder ? '' : row.authorName,
      isGuest: row.isGuest,
      // Avatars are drawn by the widget from this seed: no third-party request, no e-mail exposed.
      avatarSeed: isPlaceholder ? '' : sha256(`${row.readerId}`).slice(0, 12),
    },
    bodyHtml: isPlaceholder ? '' : row.bodyHtml,
    status: isPlaceholder ? 'deleted' : row.status === 'approved' ? 'approved' : row.status === 'spam' ? 'spam' : 'pending',
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    upvotes: row.upvotes,
    downvotes: row.downvotes,
    score: row.score,
    replyCount: row.replyCount,
    descendantCount: row.descendantCount,
    isPinned: row.isPinned,
    anchor: toAnchorView(row.anchor),
  };
}

/**
 * A stored anchor as the widget reads it. Rows written before the Web Annotation shape held
 * `{ quote, prefix?, suffix? }` and no position: they are shown with an empty hint (0, 0), which the
 * widget's matcher treats as "no position known".
 */
export function toAnchorView(stored: unknown): Anchor | null {
  if (!stored || typeof stored !== 'object') return null;
  const a = stored as Partial<Anchor> & { quote?: string };
  const exact = a.exact ?? a.quote;
  if (typeof exact !== 'string') return null;
  return { exact, prefix: a.prefix ?? '', suffix: a.suffix ?? '', start: a.start ?? 0, end: a.end ?? 0 };
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
