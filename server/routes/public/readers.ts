import { Hono } from 'hono';
import { z } from 'zod';
import { SiteSlug } from '../../contract/common.ts';
import type { Services } from '../../services/context.ts';
import { createReader } from '../../services/readers/readers.ts';
import { jsonBody } from '../validate.ts';

/** `POST /readers`: a guest identity and its bearer token, shown once. */
export function readerRoutes(services: Services) {
  return new Hono().post('/readers', async (c) => {
    const body = await jsonBody(c, z.object({ site: SiteSlug }));
    return c.json(await createReader(services, body.site, c.req.header('origin')), 201);
  });
}
