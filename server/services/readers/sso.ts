import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SsoPayload, type SsoReaderView } from '../../contract/sso.ts';
import { AppError } from '../../errors.ts';
import { deleteSsoSecret, ensureSsoSecret, findSsoSecret, saveSsoSecret } from '../../store/sso-secrets.ts';
import { findSiteBySlug } from '../../store/sites.ts';
import { upsertSsoReader } from '../../store/readers.ts';
import type { Services } from '../context.ts';
import { assertOriginAllowed } from '../sites/sites.ts';
import { newToken, sha256 } from './tokens.ts';

// A signed-in session is short-lived by design: the site re-signs on every page it renders.
const MAX_LIFETIME_S = 24 * 3600;
const MAX_SSO_LENGTH = 4096;
const PART = /^[A-Za-z0-9_-]+$/;

const invalid = (why: string) => new AppError('sso_invalid', `Sign-in failed: ${why}`, 'sso');

const sign = (secret: string, encodedPayload: string) => createHmac('sha256', secret).update(encodedPayload).digest('base64url');

/**
 * `base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, base64url(JSON payload)))`: what
 * a site's backend sends (see the README), and what the demo page and the tests sign with.
 */
export function signSso(secret: string, payload: Record<string, unknown>): string {
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${encoded}.${sign(secret, encoded)}`;
}

/** Checks the signature first, then the payload: nothing unsigned is ever parsed as JSON. */
export function verifySso(secret: string, sso: string, now: Date): SsoPayload {
  if (sso.length > MAX_SSO_LENGTH) throw invalid('the sso value is too long');
  const [encoded, signature, extra] = sso.split('.');
  if (!encoded || !signature || extra !== undefined || !PART.test(encoded) || !PART.test(signature)) {
    throw invalid('the sso value is not payload.signature in base64url');
  }
  // Compared as the canonical base64url text of the MAC, in constant time: equal lengths first.
  const expected = Buffer.from(sign(secret, encoded));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('the signature does not match this site');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw invalid('the payload is not JSON');
  }
  const parsed = SsoPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`payload ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  const nowS = Math.floor(now.getTime() / 1000);
  if (parsed.data.exp <= nowS) throw invalid('the sso value has expired');
  if (parsed.data.exp > nowS + MAX_LIFETIME_S) throw invalid('exp is more than 24 hours ahead');
  return parsed.data;
}

/**
 * Exchanges a site-signed `sso` value for a reader token. One reader row per (site, user id), so a
 * ban or trust follows the person across devices. The token rotates on every sign-in (one token
 * per row, stored as its hash like a guest's): a stolen older token dies at the user's next page
 * view. Another open tab or device keeps working because the widget signs in again with the fresh
 * `sso` value its page carries when the old token is refused.
 */
export async function signInWithSso(services: Services, siteSlug: string, sso: string, origin?: string): Promise<SsoReaderView> {
  const site = await services.sites.get(siteSlug);
  assertOriginAllowed(site, origin, new URL(services.config.publicUrl).origin);
  const secret = await findSsoSecret(services.database.db, site.id);
  if (!secret) throw invalid('single sign-on is not enabled for this site');
  const payload = verifySso(secret, sso, services.clock.now());
  const token = newToken();
  const reader = await upsertSsoReader(services.database.db, {
    siteId: site.id,
    externalId: payload.id,
    name: payload.name,
    email: payload.email ? payload.email.toLowerCase() : null,
    tokenHash: sha256(token),
  });
  return { id: reader.id, token, name: payload.name };
}

const newSecret = () => randomBytes(32).toString('base64url');

async function siteIdOf(services: Services, slug: string): Promise<number> {
  const site = await findSiteBySlug(services.database.db, slug);
  if (!site) throw new AppError('site_not_found', `No site ${slug}`);
  return site.id;
}

/** A new secret for the site (the old one stops working): printed once by the CLI. */
export async function rotateSsoSecret(services: Services, slug: string): Promise<string> {
  const secret = newSecret();
  await saveSsoSecret(services.database.db, await siteIdOf(services, slug), secret);
  return secret;
}

/** Signed-in readers keep their rows and comments; new sign-ins are refused. */
export async function disableSso(services: Services, slug: string): Promise<boolean> {
  return deleteSsoSecret(services.database.db, await siteIdOf(services, slug));
}

export async function isSsoEnabled(services: Services, siteId: number): Promise<boolean> {
  return (await findSsoSecret(services.database.db, siteId)) !== undefined;
}

/**
 * The demo page's `?sso=1`: a demo user signed by the `demo` site's secret, made on first use.
 * A site that already has a secret keeps it.
 */
export async function signDemoUser(services: Services): Promise<string | null> {
  const site = await services.sites.find('demo');
  if (!site) return null;
  const secret = await ensureSsoSecret(services.database.db, site.id, newSecret());
  const exp = Math.floor(services.clock.now().getTime() / 1000) + 3600;
  return signSso(secret, { id: 'demo-reader', name: 'Demo Reader', email: 'demo-reader@example.com', exp });
}
