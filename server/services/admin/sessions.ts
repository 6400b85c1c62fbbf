import type { AdminMe, ChangePassword, Login } from '../../contract/admin.ts';
import { AppError } from '../../errors.ts';
import { findModeratorByEmail, findModeratorById, updateModerator, type ModeratorRow } from '../../store/moderators.ts';
import { hitRateLimit, peekRateLimit, pruneRateLimit } from '../../store/rate-limits.ts';
import { consumeLoginToken, deleteSession, findLiveSession, insertLoginToken, insertSession } from '../../store/sessions.ts';
import { listSites } from '../../store/sites.ts';
import type { Services } from '../context.ts';
import { hashIp, newToken, sha256 } from '../readers/tokens.ts';
import { actorSiteIds, type Actor } from './actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { toAdminSite, toModeratorView } from './views.ts';

export const SESSION_TTL_MS = 7 * 24 * 3_600_000;
export const SIGN_IN_LINK_TTL_MS = 24 * 3_600_000;
/** Failed sign-ins allowed per e-mail and per IP in one window; the next one is refused. */
export const LOGIN_ATTEMPTS = 10;
const LOGIN_WINDOW_MS = 15 * 60_000;

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

function loginWindow(now: Date) {
  const start = new Date(Math.floor(now.getTime() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS);
  return { start, retryAfter: Math.ceil((start.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000) };
}

/**
 * E-mail and password. Unknown e-mail, wrong password and disabled account get the same answer
 * after the same scrypt work; failures count per e-mail and per IP in rate_limits (shared by all
 * instances), and past LOGIN_ATTEMPTS the answer is 429 until the window ends.
 */
export async function login(services: Services, input: Login, ip: string | null): Promise<NewSession> {
  const db = services.database.db;
  const now = services.clock.now();
  const window = loginWindow(now);
  const keys = [`login:email:${sha256(input.email.toLowerCase())}`];
  const ipHash = hashIp(ip, services.config.ipSalt);
  if (ipHash) keys.push(`login:ip:${ipHash}`);
  const counts = await Promise.all(keys.map((k) => peekRateLimit(db, k, window.start)));
  if (counts.some((n) => n >= LOGIN_ATTEMPTS)) {
    throw new AppError('rate_limited', `Too many sign-in attempts; try again in ${Math.ceil(window.retryAfter / 60)} min`, undefined, window.retryAfter);
  }
  const moderator = await findModeratorByEmail(db, input.email);
  const isRight = await verifyPassword(input.password, moderator?.passwordHash);
  if (!moderator || !isRight || moderator.disabledAt !== null) {
    for (const key of keys) {
      await pruneRateLimit(db, key, window.start);
      await hitRateLimit(db, key, window.start);
    }
    throw new AppError('unauthorized', 'Wrong e-mail or password');
  }
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

export async function logout(services: Services, actor: Actor): Promise<void> {
  await deleteSession(services.database.db, actor.sessionIdHash);
}

/** A moderator who signed in by link sets a password without the old one; otherwise it is required. */
export async function changePassword(services: Services, actor: Actor, input: ChangePassword): Promise<void> {
  const current = actor.moderator.passwordHash;
  if (current !== null && !(input.currentPassword && (await verifyPassword(input.currentPassword, current)))) {
    throw new AppError('forbidden', 'The current password is wrong', 'currentPassword');
  }
  await updateModerator(services.database.db, actor.moderator.id, { passwordHash: await hashPassword(input.newPassword) });
}
