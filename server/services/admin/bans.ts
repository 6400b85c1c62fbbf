import type { BanPage, BanResult, BanView, NewBan } from '../../contract/admin.ts';
import { AppError, notFound } from '../../errors.ts';
import { findCommentsWithSite, lockReaderCommentsWithSite } from '../../store/admin-queues.ts';
import { findBan, insertBans, listBans, setBanLifted, type BanRow, type NewBanRow } from '../../store/bans.ts';
import { findReaderById } from '../../store/readers.ts';
import type { Services } from '../context.ts';
import { decodeCursor, encodeCursor } from '../threads/cursor.ts';
import { emailBanValue } from '../moderation/gather.ts';
import { actOnLockedRows, publishActed, type ActedRow } from './actions.ts';
import { assertSite, scopeSites, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { toAdminComment, toBanView } from './views.ts';

const banAudit = (b: BanRow) => ({ kind: b.kind, readerId: b.kind === 'reader' ? Number(b.value) : null, reason: b.reason, expiresAt: b.expiresAt?.toISOString() ?? null, liftedAt: b.liftedAt?.toISOString() ?? null });

/**
 * Bans a comment's author (or a named reader): always the reader, and on request the e-mail they
 * gave and the IP hash the comment came from. Their next post meets the bans phase. With
 * `pendingComments: 'reject'` their comments waiting for review are rejected in the same
 * transaction and audit batch, so one undo lifts the ban and brings them back.
 */
export async function banReader(services: Services, actor: Actor, input: NewBan): Promise<BanResult> {
  const { database, clock } = services;
  const now = clock.now();
  const batchId = newBatchId();
  const { bans: rows, rejected } = await database.db.transaction(async (tx) => {
    let readerId = input.readerId;
    let siteId: number;
    let ipHash: string | null = null;
    if (input.commentId !== undefined) {
      const [comment] = await findCommentsWithSite(tx, [input.commentId]);
      if (!comment) throw notFound('comment', 'commentId');
      assertSite(actor, comment.siteId);
      readerId = comment.readerId;
      siteId = comment.siteId;
      ipHash = comment.ipHash;
    } else {
      siteId = (await services.sites.get(input.site!)).id;
      assertSite(actor, siteId);
    }
    const reader = await findReaderById(tx, readerId!);
    if (!reader || reader.siteId !== siteId) throw new AppError('not_found', 'No such reader on this site', 'readerId');
    const expiresAt = input.days === null ? null : new Date(now.getTime() + input.days * 86_400_000);
    const base = { siteId, reason: input.reason, createdBy: actor.moderator.id, createdAt: now, expiresAt };
    const values: NewBanRow[] = [{ ...base, kind: 'reader', value: String(reader.id) }];
    if (input.email && reader.email) values.push({ ...base, kind: 'email', value: emailBanValue(reader.email) });
    if (input.ip && ipHash) values.push({ ...base, kind: 'ip', value: ipHash });
    const inserted = await insertBans(tx, values);
    await recordAudit(
      tx,
      actor,
      now,
      inserted.map((b) => ({ siteId, action: 'ban', targetType: 'ban', targetId: String(b.id), batchId, before: null, after: banAudit(b) })),
    );
    let acted: ActedRow[] = [];
    if (input.pendingComments === 'reject') {
      // A reader belongs to one site, so these are all on the site just checked.
      const pending = await lockReaderCommentsWithSite(tx, reader.id, 'pending');
      acted = await actOnLockedRows(tx, actor, 'reject', pending, batchId, now);
    }
    return { bans: inserted, rejected: acted };
  });
  publishActed(services, rejected);
  return { bans: rows.map((b) => toBanView(b, now)), rejected: rejected.map((r) => toAdminComment(r.row)) };
}

export async function liftBan(services: Services, actor: Actor, id: number): Promise<BanView> {
  const { database, clock } = services;
  const now = clock.now();
  const lifted = await database.db.transaction(async (tx) => {
    const ban = await findBan(tx, id);
    if (!ban) throw new AppError('not_found', 'No such ban', 'id');
    assertSite(actor, ban.siteId);
    if (ban.liftedAt !== null) return ban;
    const after = (await setBanLifted(tx, id, now))!;
    await recordAudit(tx, actor, now, [{ siteId: ban.siteId, action: 'unban', targetType: 'ban', targetId: String(id), batchId: newBatchId(), before: banAudit(ban), after: banAudit(after) }]);
    return after;
  });
  return toBanView(lifted, now);
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export async function listBanPage(
  services: Services,
  actor: Actor,
  query: { site?: string | undefined; active?: boolean | undefined; cursor?: string | undefined; limit: number },
): Promise<BanPage> {
  const { siteIds } = await scopeSites(services, actor, query.site);
  if (siteIds && siteIds.length === 0) return { bans: [], nextCursor: null };
  const now = services.clock.now();
  const beforeId = decodeCursor(query.cursor, isId) ?? undefined;
  const rows = await listBans(services.database.db, { siteIds, active: query.active, beforeId, now }, query.limit + 1);
  const shown = rows.slice(0, query.limit);
  return {
    bans: shown.map((r) => ({
      ...toBanView(r.ban, now),
      reader: r.reader,
      // E-mail and IP bans keep only a hash: its start tells two bans apart, and gives nothing away.
      valueHint: r.ban.kind === 'reader' ? null : r.ban.value.slice(0, 8),
      bannedBy: r.moderator,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(shown.at(-1)!.ban.id) : null,
  };
}
