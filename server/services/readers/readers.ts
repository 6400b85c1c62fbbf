import type { NewReaderView } from '../../contract/comment.ts';
import { AppError } from '../../errors.ts';
import { findReaderByTokenHash, insertReader, type ReaderRow } from '../../store/readers.ts';
import type { Services } from '../context.ts';
import { assertOriginAllowed } from '../sites/sites.ts';
import { newToken, sha256 } from './tokens.ts';

/**
 * A guest identity: the token is shown once; only its hash is kept. Made only from the site's own
 * origins (or without an Origin, as a server or curl sends): a page on another site of this
 * deployment could otherwise mint this site's readers and vote with them.
 */
export async function createReader(services: Services, siteSlug: string, origin?: string): Promise<NewReaderView> {
  const site = await services.sites.get(siteSlug);
  assertOriginAllowed(site, origin, new URL(services.config.publicUrl).origin);
  const token = newToken();
  const reader = await insertReader(services.database.db, site.id, sha256(token));
  return { id: reader.id, token };
}

export async function findReaderByToken(services: Services, token: string | undefined): Promise<ReaderRow | null> {
  if (!token || token.length > 200) return null;
  return (await findReaderByTokenHash(services.database.db, sha256(token))) ?? null;
}

export async function requireReader(services: Services, token: string | undefined): Promise<ReaderRow> {
  if (!token) throw new AppError('reader_required', 'Sign in or get a guest token first (POST /api/v1/readers)');
  const reader = await findReaderByToken(services, token);
  if (!reader) throw new AppError('reader_unknown', 'This reader token is not known here; get a new one (POST /api/v1/readers)');
  return reader;
}

/**
 * A reader acting from a browser: the token names the reader, and so the site, and the Origin must
 * be one that site allows (as posting checks it), or a page of another site could act for it.
 */
export async function requireReaderFrom(services: Services, token: string | undefined, origin: string | undefined): Promise<ReaderRow> {
  const reader = await requireReader(services, token);
  const site = await services.sites.byId(reader.siteId);
  if (!site) throw new AppError('reader_unknown', 'This reader token is not known here; get a new one (POST /api/v1/readers)');
  assertOriginAllowed(site, origin, new URL(services.config.publicUrl).origin);
  return reader;
}
