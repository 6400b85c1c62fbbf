import { AppError } from '../../errors.ts';
import { findReadersOf, listCommentsOfReaders, listFlagsOfReaders, listSubscriptionsOf, listVotesOfReaders } from '../../store/reader-data.ts';
import type { Services } from '../context.ts';
import type { ReaderSelector } from './erase.ts';

/**
 * Everything Parley holds about one reader of a site (GDPR access), as JSON: identity, comments
 * with their pages, votes, flags and subscriptions. IP hashes are reported as present or not; the
 * hash itself identifies nobody and is dropped after the retention period.
 */
export async function exportReader(services: Services, slug: string, who: ReaderSelector) {
  const site = await services.sites.get(slug);
  const db = services.database.db;
  const readers = await findReadersOf(db, site.id, who);
  if (readers.length === 0) throw new AppError('not_found', 'No reader of this site matches', who.email !== undefined ? 'email' : 'readerId');
  const ids = readers.map((r) => r.id);
  const emails = [...new Set(readers.map((r) => r.email?.toLowerCase()).filter((e): e is string => !!e))];
  const [comments, votes, flags, subscriptions] = await Promise.all([
    listCommentsOfReaders(db, ids),
    listVotesOfReaders(db, ids),
    listFlagsOfReaders(db, ids),
    listSubscriptionsOf(db, site.id, ids, emails),
  ]);
  return {
    format: 'parley-reader-export',
    version: 1,
    exportedAt: services.clock.now().toISOString(),
    site: site.slug,
    readers: readers.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      emailVerified: r.isEmailVerified,
      externalId: r.externalId,
      createdAt: r.createdAt.toISOString(),
      approvedComments: r.approvedCount,
      rejectedComments: r.rejectedCount,
      bannedUntil: r.bannedUntil?.toISOString() ?? null,
    })),
    comments: comments.map(({ comment: c, pageKey, pageUrl }) => ({
      id: c.id,
      page: pageKey,
      url: pageUrl,
      parentId: c.parentId,
      status: c.status,
      authorName: c.authorName,
      authorUrl: c.authorUrl,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      bodyMd: c.bodyMd,
      hasIpHash: c.ipHash !== null,
    })),
    votes: votes.map((v) => ({ commentId: v.commentId, value: v.value, createdAt: v.createdAt.toISOString() })),
    flags: flags.map((f) => ({ commentId: f.commentId, reason: f.reason, createdAt: f.createdAt.toISOString() })),
    subscriptions: subscriptions.map(({ subscription: s, pageKey }) => ({
      page: pageKey,
      commentId: s.commentId,
      email: s.email,
      kind: s.kind,
      confirmedAt: s.confirmedAt?.toISOString() ?? null,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}
