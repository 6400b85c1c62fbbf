import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ChangePassword, Login, TokenLogin } from '../../contract/admin.ts';
import { changePassword, describeMe, login, loginWithToken, logout, type NewSession } from '../../services/admin/sessions.ts';
import type { Services } from '../../services/context.ts';
import { clientIp } from '../client-ip.ts';
import { jsonBody } from '../validate.ts';
import { SESSION_COOKIE, type AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

export function authRoutes(services: Services) {
  const startSession = (c: Context, session: NewSession) => {
    setCookie(c, SESSION_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: services.config.isSecure,
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
    .post('/logout', describe({ summary: 'Sign out', tag: 'admin', auth: 'admin', responses: { 200: 'signed out', 204: 'signed out' } }), async (c) => {
      await logout(services, c.var.actor);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: services.config.isSecure });
      return c.body(null, 204);
    })
    .get('/me', describe({ summary: 'The signed-in moderator, CSRF token and sites', tag: 'admin', auth: 'admin', responses: { 200: 'me' } }), async (c) => {
      const { moderator, csrfToken } = c.var.actor;
      return c.json(await describeMe(services, moderator, csrfToken));
    })
    .put('/me/password', describe({ summary: 'Set or change one\'s password', tag: 'admin', auth: 'admin', body: ChangePassword, responses: { 200: 'changed', 204: 'changed' }, errors: ['forbidden'] }), async (c) => {
      await changePassword(services, c.var.actor, await jsonBody(c, ChangePassword));
      return c.body(null, 204);
    });
}
