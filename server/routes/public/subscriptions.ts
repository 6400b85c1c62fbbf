import { Hono, type Context } from 'hono';
import { PageQuery } from '../../contract/comment.ts';
import { LinkQuery, NewSubscription } from '../../contract/subscription.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services/context.ts';
import { stringsFor, fill, LINK_PAGE_CSS, plainPage } from '../../services/notify/templates.ts';
import { confirmByLink, readerSubscriptions, subscribe, unsubscribeByLink, unsubscribeReader, type LinkOutcome } from '../../services/notify/subscriptions.ts';
import { requireReader, requireReaderFrom } from '../../services/readers/readers.ts';
import { strictCsp } from '../strict-csp.ts';
import { describe } from '../openapi/describe.ts';
import { bearerToken, idParam, jsonBody, parseWith } from '../validate.ts';

const CSP = strictCsp(LINK_PAGE_CSS, { formAction: "'self'" });

/**
 * The page a confirm or unsubscribe link shows: plain, escaped, in the site's language. A client
 * that does not ask for HTML (a mail provider's one-click POST, a script) gets JSON like every
 * other API answer: `{ outcome }`, or the error shape for a bad link.
 */
function linkPage(c: Context, outcome: LinkOutcome, selfUrl: string) {
  const s = stringsFor(outcome.language);
  c.header('Cache-Control', 'no-store');
  c.header('Vary', 'Accept');
  if (!(c.req.header('accept') ?? '').includes('text/html')) {
    if (outcome.outcome === 'bad_link') throw new AppError('not_found', s.badLink, 't');
    return c.json({ outcome: outcome.outcome });
  }
  c.header('Content-Security-Policy', CSP);
  if (outcome.outcome === 'bad_link') return c.html(plainPage(outcome.language, s.badLink), 404);
  const values = { title: outcome.title, email: outcome.email };
  switch (outcome.outcome) {
    case 'confirmed':
      return c.html(plainPage(outcome.language, fill(s.confirmedPage, values)));
    case 'already_confirmed':
      return c.html(plainPage(outcome.language, s.alreadyConfirmed));
    case 'ask':
      // A GET never unsubscribes: mail scanners follow links. The button POSTs to the same URL.
      return c.html(plainPage(outcome.language, fill(s.unsubscribeQuestion, values), { action: selfUrl, button: s.unsubscribeButton }));
    case 'unsubscribed':
      return c.html(plainPage(outcome.language, fill(s.unsubscribedPage, values)));
  }
}

/** A link's `?s&t`; a malformed one gets the same "not valid" page as a wrong one. */
function linkQuery(c: Context): { s: number; t: string } | null {
  try {
    return parseWith(LinkQuery, c.req.query());
  } catch {
    return null;
  }
}

const BAD: LinkOutcome = { outcome: 'bad_link', language: 'en' };

/**
 * Subscriptions: the widget's Subscribe menu (`POST /subscriptions`, JSON), and the links in mails
 * (`GET /subscriptions/confirm`, `GET|POST /unsubscribe`), which need no sign-in and answer HTML.
 * `POST /unsubscribe` is also RFC 8058's one-click target (`List-Unsubscribe=One-Click` body).
 */
export function subscriptionRoutes(services: Services) {
  const selfUrl = (c: Context) => {
    const url = new URL(c.req.url);
    return `${url.pathname}${url.search}`;
  };
  return new Hono()
    .post('/subscriptions', describe({ summary: 'Subscribe to a page or to one comment\'s replies (double opt-in for guests)', tag: 'comments', auth: 'reader-optional', body: NewSubscription, responses: { 201: 'subscribed, or a confirmation mail was sent' }, errors: ['origin_not_allowed', 'site_not_found', 'comment_not_found'] }), async (c) => {
      const input = await jsonBody(c, NewSubscription);
      const token = bearerToken(c);
      const reader = token ? await requireReader(services, token) : null;
      return c.json(await subscribe(services, reader, input, c.req.header('origin')), 201);
    })
    .get('/subscriptions', describe({ summary: 'The reader\'s subscriptions on a page', tag: 'comments', auth: 'reader', query: PageQuery, responses: { 200: 'the subscriptions' }, errors: ['site_not_found'] }), async (c) => {
      const q = parseWith(PageQuery, c.req.query());
      const reader = await requireReader(services, bearerToken(c));
      return c.json({ subscriptions: await readerSubscriptions(services, reader, q.site, q.page) });
    })
    .delete('/subscriptions/:id', describe({ summary: 'End one of the reader\'s own subscriptions (the widget\'s Unsubscribe)', tag: 'comments', auth: 'reader', responses: { 204: 'unsubscribed' }, errors: ['not_found', 'origin_not_allowed'] }), async (c) => {
      const id = idParam(c);
      const reader = await requireReaderFrom(services, bearerToken(c), c.req.header('origin'));
      await unsubscribeReader(services, reader, id);
      return c.body(null, 204);
    })
    .get('/subscriptions/confirm', describe({ summary: 'The confirmation link of a subscription mail', tag: 'comments', query: LinkQuery, responses: { 200: { description: 'A confirmation page', type: 'text/html' } }, errors: ['not_found'] }), async (c) => {
      const q = linkQuery(c);
      return linkPage(c, q ? await confirmByLink(services, q.s, q.t) : BAD, selfUrl(c));
    })
    .get('/unsubscribe', describe({ summary: 'The unsubscribe link: a page whose button unsubscribes', tag: 'comments', query: LinkQuery, responses: { 200: { description: 'A page with an unsubscribe button', type: 'text/html' } }, errors: ['not_found'] }), async (c) => {
      const q = linkQuery(c);
      return linkPage(c, q ? await unsubscribeByLink(services, q.s, q.t, false) : BAD, selfUrl(c));
    })
    .post('/unsubscribe', describe({ summary: 'Unsubscribe (RFC 8058 one-click target)', tag: 'comments', query: LinkQuery, responses: { 200: 'unsubscribed' }, errors: ['not_found', 'origin_not_allowed'] }), async (c) => {
      const q = linkQuery(c);
      return linkPage(c, q ? await unsubscribeByLink(services, q.s, q.t, true, c.req.header('origin')) : BAD, selfUrl(c));
    });
}
