import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ChangePassword, Login, TokenLogin } from '../../contract/admin.ts';
import { changePassword, describeMe, login, loginWithToken, logout, type NewSession } from '../../services/admin/sessions.ts';
import type { Services } from '../../services/context.ts';
import { clientIp } from '../client-ip.ts';
import { jsonBody } from '../validate.ts';
import { SESSION_COOKIE, type AdminEnv } from './guard.ts';

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
    .post('/login', async (c) => {
      const input = await jsonBody(c, Login);
      return startSession(c, await login(services, input, clientIp(c, services.config.trustProxy)));
    })
    .post('/login/token', async (c) => {
      const { token } = await jsonBody(c, TokenLogin);
      return startSession(c, await loginWithToken(services, token));
    })
    .post('/logout', async (c) => {
      await logout(services, c.var.actor);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: services.config.isSecure });
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const { moderator, csrfToken } = c.var.actor;
      return c.json(await describeMe(services, moderator, csrfToken));
    })
    .put('/me/password', async (c) => {
      await changePassword(services, c.var.actor, await jsonBody(c, ChangePassword));
      return c.body(null, 204);
    });
}
