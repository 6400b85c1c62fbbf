import type { AdminMe, ChangePassword, Login } from '../../contract/accounts.ts';
import { AppError } from '../../errors.ts';
import { findModeratorByEmail, findModeratorById, updateModerator, type ModeratorRow } from '../../store/moderators.ts';
import { clearBackoff, readBackoffs, writeBackoff } from '../../store/rate-limits.ts';
import { consumeLoginToken, deleteModeratorSessions, deleteOtherSessions, deleteSession, findLiveSession, insertLoginToken, insertSession } from '../../store/sessions.ts';
import { listSites } from '../../store/sites.ts';
import type { Services } from '../context.ts';
import { hashIp, newToken, sha256 } from '../readers/tokens.ts';
import { actorSiteIds, type Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { toAdminSite, toModeratorView } from './views.ts';

export const SESSION_TTL_MS = 7 * 24 * 3_600_000;
export const SIGN_IN_LINK_TTL_MS = 24 * 3_600_000;
/**
 * Sign-in throttling: free failures, then each further failure doubles the wait before the next
 * attempt (1 s, 2 s, 4 s … up to a cap). Three counters:
 * - one address guessing one account: the strictest, up to 15 minutes;
 * - one account from every address: slows a distributed attack, capped at a minute, and never
 *   holds back an address that has signed in to that account before;
 * - one address against every account (password spraying from one host): capped at a minute,
 *   and never holds back an account that has signed in from that address before, so a colleague
 *   guessing wrong behind the same proxy does not lock out the others.
 * A right password clears its own address-and-account counter. Counts fade an hour after the
 * last hold.
 */
export const LOGIN_THROTTLES = {
  pair: { free: 5, maxDelayMs: 15 * 60_000 },
  account: { free: 10, maxDelayMs: 60_000 },
  address: { free: 20, maxDelayMs: 60_000 },
} as const;
const LOGIN_FADE_MS = 60 * 60_000;
type ThrottleScope = keyof typeof LOGIN_THROTTLES;

const backoffDelay = (scope: ThrottleScope, failures: number) => {
  const { free, maxDelayMs } = LOGIN_THROTTLES[scope];
  return failures < free ? 0 : Math.min(1000 * 2 ** (failures - free), maxDelayMs);
};

export type NewSession = { sessionId: string; me: AdminMe; expiresAt: Date };

async function openSession(services: Services, moderator: ModeratorRow): Promise<NewSession> {
  const now = services.clock.now();
  const sessionId = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(services.database.db, { idHash: sha256(sessionId), moderatorId: moderator.id, csrfToken, createdAt: now, expiresAt });
  return { sessionId, expiresAt, me: await describeMe(services, moderator, csrfToken) };
}

export async function describeMe(services: Services, moderator: ModeratorRow, csrfToken: string): Promise<AdminMe> {
  const siteIds = actorSiteIds(moderator);
  const sites = (await listSites(services.database.db)).filter((s) => siteIds === null || siteIds.includes(s.id));
  return { moderator: toModeratorView(moderator), csrfToken, sites: sites.map(toAdminSite) };
}

function throttleKeys(services: Services, email: string, ip: string | null) {
  const account = sha256(email.toLowerCase());
  const address = hashIp(ip, services.config.ipSalt) ?? 'unknown';
  return {
    pair: `login:pair:${sha256(`${account}|${address}`)}`,
    account: `login:account:${account}`,
    address: `login:address:${address}`,
    /** This account has signed in from this address: the wider counters do not hold it back. */
    known: `login:known:${sha256(`${account}|${address}`)}`,
  };
}

/**
 * E-mail and password. Unknown e-mail, wrong password and disabled account get the same answer
 * after the same scrypt work; failures count per address-and-account, per account and per
 * address in rate_limits (shared by all instances), with the back-off above (429 and Retry-After).
 */
export async function login(services: Services, input: Login, ip: string | null): Promise<NewSession> {
  const db = services.database.db;
  const now = services.clock.now();
  const keys = throttleKeys(services, input.email, ip);
  const scopes = Object.keys(LOGIN_THROTTLES) as ThrottleScope[];
  const found = await readBackoffs(db, [...scopes.map((s) => keys[s]), keys.known]);
  const isKnown = found.has(keys.known);
  const held = scopes
    .filter((s) => !(isKnown && s !== 'pair'))
    .map((s) => found.get(keys[s]))
    .filter((b) => b && b.until > now)
    .map((b) => b!.until.getTime());
  if (held.length > 0) {
    const retryAfter = Math.max(1, Math.ceil((Math.max(...held) - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many sign-in attempts; try again in ${retryAfter < 90 ? `${retryAfter} s` : `${Math.ceil(retryAfter / 60)} min`}`, undefined, retryAfter);
  }
  const moderator = await findModeratorByEmail(db, input.email);
  const isRight = await verifyPassword(input.password, moderator?.passwordHash);
  if (!moderator || !isRight || moderator.disabledAt !== null) {
    await db.transaction(async (tx) => {
      for (const scope of scopes) {
        const before = found.get(keys[scope]);
        const failures = (before && before.until.getTime() > now.getTime() - LOGIN_FADE_MS ? before.failures : 0) + 1;
        await writeBackoff(tx, keys[scope], new Date(now.getTime() + backoffDelay(scope, failures)), failures);
      }
    });
    throw new AppError('unauthorized', 'Wrong e-mail or password');
  }
  await db.transaction(async (tx) => {
    await clearBackoff(tx, keys.pair);
    await writeBackoff(tx, keys.known, now, 0);
  });
  return openSession(services, moderator);
}

/** A one-time sign-in link (first admin, new moderator without a password). */
export async function loginWithToken(services: Services, token: string): Promise<NewSession> {
  const moderatorId = await consumeLoginToken(services.database.db, sha256(token), services.clock.now());
  const moderator = moderatorId ? await findModeratorById(services.database.db, moderatorId) : undefined;
  if (!moderator || moderator.disabledAt !== null) throw new AppError('unauthorized', 'This sign-in link is not valid any more');
  return openSession(services, moderator);
}

/** Issues a sign-in link token; the caller builds `/admin#login-token=<token>`. */
export async function issueSignInToken(services: Services, moderatorId: number): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(services.clock.now().getTime() + SIGN_IN_LINK_TTL_MS);
  await insertLoginToken(services.database.db, { tokenHash: sha256(token), moderatorId, expiresAt });
  return token;
}

export const signInLink = (services: Services, token: string) => `${services.config.publicUrl}/admin#login-token=${token}`;

/** The actor behind a session cookie, or null when it is missing, expired or its account disabled. */
export async function resolveSession(services: Services, sessionId: string | undefined): Promise<Actor | null> {
  if (!sessionId || sessionId.length > 200) return null;
  const idHash = sha256(sessionId);
  const found = await findLiveSession(services.database.db, idHash, services.clock.now());
  if (!found) return null;
  return { moderator: found.moderator, sessionIdHash: idHash, csrfToken: found.session.csrfToken, siteIds: actorSiteIds(found.moderator) };
}

/** A session cookie the browser still sent when signing in again: that session ends (a new id replaces it). */
export async function endSessionById(services: Services, sessionId: string | undefined): Promise<void> {
  if (sessionId && sessionId.length <= 200) await deleteSession(services.database.db, sha256(sessionId));
}

/** Signing out ends every session of the moderator: a lost laptop's session goes with it. */
export async function logout(services: Services, actor: Actor): Promise<void> {
  await deleteModeratorSessions(services.database.db, actor.moderator.id);
}

/** A moderator who signed in by link sets a password without the old one; otherwise it is required. */
export async function changePassword(services: Services, actor: Actor, input: ChangePassword): Promise<void> {
  const current = actor.moderator.passwordHash;
  if (current !== null && !(input.currentPassword && (await verifyPassword(input.currentPassword, current)))) {
    throw new AppError('forbidden', 'The current password is wrong', 'currentPassword');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await services.database.db.transaction(async (tx) => {
    await updateModerator(tx, actor.moderator.id, { passwordHash });
    // Whoever else held a session (perhaps with the old password) is signed out; this one stays.
    await deleteOtherSessions(tx, actor.moderator.id, actor.sessionIdHash);
  });
}
