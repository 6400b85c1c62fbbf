import type { ReaderHistory, ReaderList } from '../../contract/admin.ts';
import { AppError } from '../../errors.ts';
import { listReaderHistory } from '../../store/admin-queues.ts';
import { findActiveBans, type BanKind } from '../../store/bans.ts';
import type { Queryable } from '../../store/db.ts';
import { findReaderById, searchReaders, type ReaderRow } from '../../store/readers.ts';
import type { Services } from '../context.ts';
import { emailBanValue } from '../moderation/gather.ts';
import { decodeCursor, encodeCursor } from '../threads/cursor.ts';
import { assertSite, scopeSites, type Actor } from './actor.ts';
import { toBanView } from './views.ts';

const RECENT = 10;

/** What a moderator weighs before deciding: the reader's record, bans in force, latest comments. */
export async function buildReaderHistory(db: Queryable, reader: ReaderRow, now: Date): Promise<ReaderHistory> {
  const keys: Array<{ kind: BanKind; value: string }> = [{ kind: 'reader', value: String(reader.id) }];
  if (reader.email) keys.push({ kind: 'email', value: emailBanValue(reader.email) });
  const [bans, recent] = await Promise.all([findActiveBans(db, reader.siteId, keys, now), listReaderHistory(db, reader.id, RECENT)]);
  return {
    readerId: reader.id,
    siteId: reader.siteId,
    name: reader.name,
    email: reader.email,
    isGuest: reader.externalId === null,
    approvedCount: reader.approvedCount,
    rejectedCount: reader.rejectedCount,
    activeBans: bans.map((b) => toBanView(b, now)),
    recent: recent.map((c) => ({ id: c.id, status: c.status, bodyHtml: c.bodyHtml, pageKey: c.pageKey, createdAt: c.createdAt.toISOString() })),
  };
}

export async function getReaderHistory(services: Services, actor: Actor, readerId: number): Promise<ReaderHistory> {
  const db = services.database.db;
  const reader = await findReaderById(db, readerId);
  if (!reader) throw new AppError('not_found', 'No such reader', 'id');
  assertSite(actor, reader.siteId);
  return buildReaderHistory(db, reader, services.clock.now());
}


const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** The readers of the actor's sites (or the named one), found by part of their name or e-mail. */
export async function listReaderPage(
  services: Services,
  actor: Actor,
  query: { site?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<ReaderList> {
  const { siteIds } = await scopeSites(services, actor, query.site);
  if (siteIds && siteIds.length === 0) return { readers: [], nextCursor: null };
  const beforeId = decodeCursor(query.cursor, isId) ?? undefined;
  const rows = await searchReaders(services.database.db, { siteIds, text: query.q, beforeId }, query.limit + 1);
  const shown = rows.slice(0, query.limit);
  return {
    readers: shown.map((r) => ({
      readerId: r.id,
      siteId: r.siteId,
      name: r.name,
      email: r.email,
      isGuest: r.externalId === null,
      approvedCount: r.approvedCount,
      rejectedCount: r.rejectedCount,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? encodeCursor(shown.at(-1)!.id) : null,
  };
}
