import { Hono } from 'hono';
import { z } from 'zod';
import { SiteSlug } from '../../contract/common.ts';
import type { Services } from '../../services/context.ts';
import { createReader } from '../../services/readers/readers.ts';
import { jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

const NewReader = z.object({ site: SiteSlug });

/** `POST /readers`: a guest identity and its bearer token, shown once. */
export function readerRoutes(services: Services) {
  return new Hono().post('/readers', describe({ summary: 'A new guest reader; the token is returned once', tag: 'readers', body: NewReader, responses: { 201: 'id and token' }, errors: ['site_not_found', 'origin_not_allowed', 'rate_limited'] }), async (c) => {
    const body = await jsonBody(c, NewReader);
    return c.json(await createReader(services, body.site, c.req.header('origin')), 201);
  });
}
