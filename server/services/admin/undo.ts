import type { UndoResult } from '../../contract/admin.ts';
import type { SiteSettings } from '../../contract/settings.ts';
import { AppError } from '../../errors.ts';
import { lockCommentsWithSite } from '../../store/admin-queues.ts';
import { findLastUndoable, listBatch, markUndone, type AuditRow } from '../../store/audit-log.ts';
import { findBan, setBanLifted } from '../../store/bans.ts';
import type { Tx } from '../../store/db.ts';
import { findPageById, setPageLocked } from '../../store/pages.ts';
import { findSiteById, updateSite } from '../../store/sites.ts';
import type { ParleyEvent } from '../live/events.ts';
import type { Services } from '../context.ts';
import { assertSite, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { applyCommentState, isCommentState, sameState, stateOf } from './comment-state.ts';
import { siteSnapshot } from './settings.ts';
import { toAdminComment, toAuditEntry } from './views.ts';

// Accounts and sign-ins are not taken back by "undo": that is an explicit edit.
const NOT_UNDOABLE = ['undo', 'login', 'moderator_add', 'moderator_update'];

const changedSince = () => new AppError('conflict', 'It has changed since; nothing was undone');

/**
 * Reverts the caller's latest action that is not undone yet: a bulk action as one batch. Each
 * target must still be as the action left it, else nothing is reverted (409). One transaction.
 */
export async function undoLastAction(services: Services, actor: Actor): Promise<UndoResult> {
  const { database, clock, events } = services;
  const now = clock.now();
  const toPublish: ParleyEvent[] = [];
  const result = await database.db.transaction(async (tx) => {
    const last = await findLastUndoable(tx, actor.moderator.id, NOT_UNDOABLE);
    if (!last) throw new AppError('conflict', 'Nothing to undo');
    const rows = last.batchId ? await listBatch(tx, last.batchId) : [last];
    for (const row of rows) if (row.siteId !== null) assertSite(actor, row.siteId);
    const comments = [];
    for (const row of rows) {
      if (row.targetType === 'comment') comments.push(await revertComment(tx, row, now, toPublish));
      else if (row.targetType === 'ban') await revertBan(tx, row, now);
      else if (row.targetType === 'page') await revertPage(tx, row, toPublish);
      else if (row.targetType === 'site') await revertSite(tx, row, toPublish);
    }
    await markUndone(tx, rows.map((r) => r.id), now);
    const batchId = newBatchId();
    await recordAudit(
      tx,
      actor,
      now,
      rows.map((r) => ({ siteId: r.siteId, action: 'undo', targetType: 'audit', targetId: String(r.id), batchId, before: r.after, after: r.before })),
    );
    const who = { moderatorEmail: actor.moderator.email, moderatorName: actor.moderator.name };
    return { undone: rows.map((r) => toAuditEntry({ ...r, ...who, undoneAt: now })), comments };
  });
  if (toPublish.some((e) => e.type === 'site')) services.sites.invalidate();
  for (const e of toPublish) events.publish(e);
  return result;
}

async function revertComment(tx: Tx, row: AuditRow, now: Date, toPublish: ParleyEvent[]) {
  const [comment] = await lockCommentsWithSite(tx, [Number(row.targetId)]);
  if (!comment || !isCommentState(row.before) || !isCommentState(row.after)) throw changedSince();
  if (!sameState(stateOf(comment), row.after)) throw changedSince();
  const after = await applyCommentState(tx, comment, row.before, now);
  toPublish.push({ type: 'status', siteId: comment.siteId, pageId: comment.pageId, commentId: comment.id, status: after.status });
  return toAdminComment({ ...after, siteId: comment.siteId });
}

async function revertBan(tx: Tx, row: AuditRow, now: Date) {
  const ban = await findBan(tx, Number(row.targetId));
  if (!ban) throw changedSince();
  // Undoing a ban lifts it; undoing a lift puts it back in force.
  await setBanLifted(tx, ban.id, row.action === 'ban' ? (ban.liftedAt ?? now) : null);
}

async function revertPage(tx: Tx, row: AuditRow, toPublish: ParleyEvent[]) {
  const page = await findPageById(tx, Number(row.targetId));
  const before = row.before as { isLocked?: unknown } | null;
  if (!page || typeof before?.isLocked !== 'boolean') throw changedSince();
  await setPageLocked(tx, page.id, before.isLocked);
  toPublish.push({ type: 'page', siteId: page.siteId, pageId: page.id });
}

async function revertSite(tx: Tx, row: AuditRow, toPublish: ParleyEvent[]) {
  const site = await findSiteById(tx, Number(row.targetId));
  const before = row.before as ReturnType<typeof siteSnapshot> | null;
  if (!site || !before) throw changedSince();
  if (canonical(siteSnapshot(site)) !== canonical(row.after)) throw changedSince();
  await updateSite(tx, site.id, { name: before.name, allowedOrigins: before.allowedOrigins, settings: before.settings as Partial<SiteSettings> });
  toPublish.push({ type: 'site', siteId: site.id });
}

/** JSON with sorted keys: jsonb does not keep key order, so compare this way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
