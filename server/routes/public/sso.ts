import { Hono } from 'hono';
import { SsoRequest } from '../../contract/sso.ts';
import type { Services } from '../../services/context.ts';
import { signInWithSso } from '../../services/readers/sso.ts';
import { jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `POST /readers/sso`: a user the site has signed becomes a signed-in reader with a bearer token. */
export function ssoRoutes(services: Services) {
  return new Hono().post('/readers/sso', describe({ summary: 'Exchange the host site\'s signed sso value for a reader token', tag: 'readers', body: SsoRequest, responses: { 200: 'reader token', 201: 'reader token' }, errors: ['site_not_found', 'sso_invalid', 'origin_not_allowed'] }), async (c) => {
    const { site, sso } = await jsonBody(c, SsoRequest);
    return c.json(await signInWithSso(services, site, sso, c.req.header('origin')));
  });
}
