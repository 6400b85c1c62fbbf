import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ChangePassword, Login, TokenLogin } from '../../contract/accounts.ts';
import { changePassword, describeMe, endSessionById, login, loginWithToken, logout, type NewSession } from '../../services/admin/sessions.ts';
import type { Services } from '../../services/context.ts';
import { clientIp } from '../client-ip.ts';
import { jsonBody } from '../validate.ts';
import { SESSION_COOKIE, type AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

export function authRoutes(services: Services) {
  /** Secure when the public URL is https, or a trusted proxy says the request came over https. */
  const isSecure = (c: Context) => services.config.isSecure || (services.config.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
  const startSession = async (c: Context, session: NewSession) => {
    // Always a new id: a session id planted before sign-in (or left from an old one) never carries over.
    await endSessionById(services, getCookie(c, SESSION_COOKIE));
    setCookie(c, SESSION_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isSecure(c),
      expires: session.expiresAt,
    });
    return c.json(session.me);
  };
  return new Hono<AdminEnv>()
    .post('/login', describe({ summary: 'Sign in with e-mail and password (sets the session cookie)', tag: 'admin', body: Login, responses: { 200: 'the moderator and CSRF token' }, errors: ['unauthorized', 'csrf', 'rate_limited'] }), async (c) => {
      const input = await jsonBody(c, Login);
      return startSession(c, await login(services, input, clientIp(c, services.config.trustProxy)));
    })
    .post('/login/token', describe({ summary: 'Sign in with a one-time link\'s token', tag: 'admin', body: TokenLogin, responses: { 200: 'the moderator and CSRF token' }, errors: ['unauthorized', 'csrf', 'rate_limited'] }), async (c) => {
      const { token } = await jsonBody(c, TokenLogin);
      return startSession(c, await loginWithToken(services, token));
    })
    .post('/logout', describe({ summary: 'Sign out: ends every session of this moderator', tag: 'admin', auth: 'admin', responses: { 200: 'signed out', 204: 'signed out' } }), async (c) => {
      await logout(services, c.var.actor);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecure(c) });
      return c.body(null, 204);
    })
    .get('/me', describe({ summary: 'The signed-in moderator, CSRF token and sites', tag: 'admin', auth: 'admin', responses: { 200: 'me' } }), async (c) => {
      const { moderator, csrfToken } = c.var.actor;
      return c.json(await describeMe(services, moderator, csrfToken));
    })
    .put('/me/password', describe({ summary: 'Set or change one\'s password (ends the other sessions)', tag: 'admin', auth: 'admin', body: ChangePassword, responses: { 200: 'changed', 204: 'changed' }, errors: ['forbidden'] }), async (c) => {
      await changePassword(services, c.var.actor, await jsonBody(c, ChangePassword));
      return c.body(null, 204);
    });
}
