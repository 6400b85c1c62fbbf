import type { ReaderHistory } from '../../contract/admin.ts';
import { AppError } from '../../errors.ts';
import { listReaderHistory } from '../../store/admin-queues.ts';
import { findActiveBans, type BanKind } from '../../store/bans.ts';
import type { Queryable } from '../../store/db.ts';
import { findReaderById, type ReaderRow } from '../../store/readers.ts';
import type { Services } from '../context.ts';
import { emailBanValue } from '../moderation/gather.ts';
import { assertSite, type Actor } from './actor.ts';
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

