import type { AdminComment, AdminPage, AuditEntry, BanView } from '../../contract/admin.ts';
import type { AdminSite, ModeratorView } from '../../contract/accounts.ts';
import type { PageWithSite } from '../../store/admin-queues.ts';
import type { AuditWithModerator } from '../../store/audit-log.ts';
import type { BanRow } from '../../store/bans.ts';
import type { CommentRow } from '../../store/comments.ts';
import type { ModeratorRow } from '../../store/moderators.ts';
import type { SiteRow } from '../../store/sites.ts';

import { toAnchorView } from '../comments/comment-view.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toAdminSite = (s: SiteRow): AdminSite => ({ id: s.id, slug: s.slug, name: s.name });

export const toModeratorView = (m: ModeratorRow): ModeratorView => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  siteIds: m.role === 'admin' ? [] : m.siteIds,
  hasPassword: m.passwordHash !== null,
  isDisabled: m.disabledAt !== null,
  isAlertedOfPending: m.isAlertedOfPending,
  createdAt: m.createdAt.toISOString(),
});

export const toAdminComment = (c: CommentRow & { siteId: number }): AdminComment => ({
  id: c.id,
  siteId: c.siteId,
  pageId: c.pageId,
  parentId: c.parentId,
  depth: c.depth,
  readerId: c.readerId,
  authorName: c.authorName,
  isGuest: c.isGuest,
  status: c.status,
  reasons: c.reasons,
  bodyHtml: c.bodyHtml,
  bodyMd: c.bodyMd,
  upvotes: c.upvotes,
  downvotes: c.downvotes,
  score: c.score,
  replyCount: c.replyCount,
  flagCount: c.flagCount,
  isPinned: c.isPinned,
  anchor: toAnchorView(c.anchor),
  createdAt: c.createdAt.toISOString(),
  editedAt: iso(c.editedAt),
  moderatedAt: iso(c.moderatedAt),
});

export const toAdminPage = (p: PageWithSite): AdminPage => ({
  id: p.id,
  siteId: p.siteId,
  siteSlug: p.siteSlug,
  key: p.key,
  url: p.url,
  title: p.title,
  isLocked: p.isLocked,
  commentCount: p.commentCount,
  createdAt: p.createdAt.toISOString(),
});

export const toBanView = (b: BanRow, now: Date): BanView => ({
  id: b.id,
  siteId: b.siteId,
  kind: b.kind,
  readerId: b.kind === 'reader' ? Number(b.value) : null,
  reason: b.reason,
  createdBy: b.createdBy,
  createdAt: b.createdAt.toISOString(),
  expiresAt: iso(b.expiresAt),
  liftedAt: iso(b.liftedAt),
  isActive: b.liftedAt === null && (b.expiresAt === null || b.expiresAt > now),
});

export const toAuditEntry = (a: AuditWithModerator): AuditEntry => ({
  id: a.id,
  siteId: a.siteId,
  moderator: a.moderatorId !== null ? { id: a.moderatorId, email: a.moderatorEmail ?? '', name: a.moderatorName ?? '' } : null,
  action: a.action,
  targetType: a.targetType as AuditEntry['targetType'],
  targetId: a.targetId,
  batchId: a.batchId,
  before: a.before,
  after: a.after,
  createdAt: a.createdAt.toISOString(),
  undoneAt: iso(a.undoneAt),
});
