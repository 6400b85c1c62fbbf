import { createHash } from 'node:crypto';
import type { NewSubscription, SubscriptionState } from '../../contract/subscription.ts';
import { resolveSettings } from '../../contract/settings.ts';
import { AppError } from '../../errors.ts';
import { findSiteById } from '../../store/sites.ts';
import { findComment } from '../../store/comments.ts';
import type { Queryable } from '../../store/db.ts';
import { ensurePage, findPage, findPageById, type PageRow } from '../../store/pages.ts';
import type { ReaderRow } from '../../store/readers.ts';
import {
  confirmSubscription,
  endSubscription,
  findSubscription,
  hasConfirmedAddress,
  listReaderSubscriptions,
  setTokenHash,
  upsertSubscription,
  type SubscriptionRow,
} from '../../store/subscriptions.ts';
import type { Services } from '../context.ts';
import { assertOriginAllowed } from '../sites/sites.ts';
import { enqueueConfirmation } from './enqueue.ts';
import { isLinkToken, linkToken, type LinkPurpose } from './links.ts';

/** Who asks: a signed-in reader's address was vouched for by their site, a guest's must be confirmed. */
export type Subscriber = { email: string; readerId: number | null; isVouched: boolean };

/**
 * Subscribes `who` to a page or to one comment's replies, in the caller's transaction. An address
 * nobody vouched for gets one confirmation mail (at most one a day however often it asks) and
 * nothing else until it is confirmed.
 */
export async function addSubscription(
  tx: Queryable,
  config: { secret: string },
  target: { siteId: number; pageId: number; commentId: number | null },
  who: Subscriber,
  now: Date,
): Promise<SubscriptionRow> {
  const isTrusted = who.isVouched || (who.readerId !== null && (await hasConfirmedAddress(tx, who.readerId, who.email)));
  let sub = await upsertSubscription(tx, {
    pageId: target.pageId,
    kind: target.commentId === null ? 'page' : 'replies',
    commentId: target.commentId,
    email: who.email,
    readerId: who.readerId,
    // Links carry an HMAC of the id (links.ts); this column keeps a digest for lookups by token.
    tokenHash: 'pending',
    confirmedAt: isTrusted ? now : null,
  });
  if (sub.tokenHash === 'pending') {
    const tokenHash = createHash('sha256').update(linkToken(config.secret, 'unsubscribe', sub.id)).digest('hex');
    await setTokenHash(tx, sub.id, tokenHash);
    sub = { ...sub, tokenHash };
  }
  if (!sub.confirmedAt) await enqueueConfirmation(tx, sub, target.siteId, now);
  return sub;
}

const stateOf = (sub: SubscriptionRow): SubscriptionState => ({
  kind: sub.kind,
  commentId: sub.commentId,
  state: sub.confirmedAt ? 'subscribed' : 'confirmation_sent',
});

/** `POST /subscriptions`: the widget's Subscribe menu. */
export async function subscribe(services: Services, reader: ReaderRow | null, input: NewSubscription, origin: string | undefined): Promise<SubscriptionState> {
  const { database, clock, config, sites, events } = services;
  const site = await sites.get(input.site);
  assertOriginAllowed(site, origin, new URL(config.publicUrl).origin);
  if (reader && reader.siteId !== site.id) throw new AppError('unauthorized', 'This reader token belongs to another site');
  // A signed-in reader's address is the one their site signed; a guest types one.
  const isSignedIn = !!reader?.externalId && !!reader.email;
  const email = isSignedIn ? reader!.email! : input.email?.toLowerCase();
  if (!email) throw new AppError('validation', 'An e-mail address is required', 'email');
  const now = clock.now();
  const sub = await database.db.transaction(async (tx) => {
    const page = await ensurePage(tx, { siteId: site.id, key: input.page, url: input.url, title: input.title });
    if (input.commentId) {
      const comment = await findComment(tx, input.commentId);
      if (!comment || comment.pageId !== page.id || comment.status !== 'approved') throw new AppError('comment_not_found', 'No such comment', 'commentId');
    }
    return addSubscription(tx, config, { siteId: site.id, pageId: page.id, commentId: input.commentId ?? null }, { email, readerId: reader?.id ?? null, isVouched: isSignedIn }, now);
  });
  if (!sub.confirmedAt) events.publish({ type: 'outbox', siteId: site.id });
  return stateOf(sub);
}

/** `GET /subscriptions?site&page`: what the reader is subscribed to here, so the menu shows it after a reload. */
export async function readerSubscriptions(services: Services, reader: ReaderRow, siteSlug: string, pageKey: string): Promise<SubscriptionState[]> {
  const site = await services.sites.get(siteSlug);
  if (reader.siteId !== site.id) throw new AppError('unauthorized', 'This reader token belongs to another site');
  const page = await findPage(services.database.db, site.id, pageKey);
  if (!page) return [];
  return (await listReaderSubscriptions(services.database.db, reader.id, page.id)).map(stateOf);
}

export type LinkOutcome =
  | { outcome: 'bad_link'; language: string }
  | { outcome: 'confirmed' | 'already_confirmed' | 'unsubscribed' | 'ask'; language: string; title: string; email: string };

/** Checks a link's id and token; the page it points to and the site's language come with it. */
async function resolveLink(services: Services, purpose: LinkPurpose, id: number, token: string): Promise<{ sub: SubscriptionRow; page: PageRow; language: string } | null> {
  if (!isLinkToken(services.config.secret, purpose, id, token)) return null;
  const sub = await findSubscription(services.database.db, id);
  if (!sub) return null;
  const page = (await findPageById(services.database.db, sub.pageId))!;
  const site = await findSiteById(services.database.db, page.siteId);
  return { sub, page, language: resolveSettings(site?.settings).language };
}

const BAD_LINK: LinkOutcome = { outcome: 'bad_link', language: 'en' };

/** The confirmation link: works once, and harmlessly again. */
export async function confirmByLink(services: Services, id: number, token: string): Promise<LinkOutcome> {
  const found = await resolveLink(services, 'confirm', id, token);
  if (!found) return BAD_LINK;
  const { sub, page, language } = found;
  const base = { language, title: page.title ?? page.key, email: sub.email };
  if (sub.confirmedAt && !sub.unsubscribedAt) return { outcome: 'already_confirmed', ...base };
  await confirmSubscription(services.database.db, sub.id, services.clock.now());
  return { outcome: 'confirmed', ...base };
}

/** The unsubscribe link: `isDone` false only describes it (GET), true ends it (POST, and RFC 8058 one-click). */
export async function unsubscribeByLink(services: Services, id: number, token: string, isDone: boolean, origin?: string): Promise<LinkOutcome> {
  const found = await resolveLink(services, 'unsubscribe', id, token);
  if (!found) return BAD_LINK;
  const { sub, page, language } = found;
  // A mail provider's one-click POST sends no Origin; the link page's button sends our own. A page
  // on another site's origin may not end this site's subscriptions.
  if (isDone) {
    const site = await services.sites.byId(page.siteId);
    if (site) assertOriginAllowed(site, origin, new URL(services.config.publicUrl).origin);
  }
  const base = { language, title: page.title ?? page.key, email: sub.email };
  if (!isDone && !sub.unsubscribedAt) return { outcome: 'ask', ...base };
  await endSubscription(services.database.db, sub.id, services.clock.now());
  return { outcome: 'unsubscribed', ...base };
}
