import { Hono } from 'hono';
import { BansQuery, NewBan } from '../../contract/admin.ts';
import { banReader, liftBan, listBanPage } from '../../services/admin/bans.ts';
import { getReaderHistory } from '../../services/admin/reader-history.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

export function readerRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/readers/:id', async (c) => c.json(await getReaderHistory(services, c.var.actor, idParam(c))))
    .get('/bans', async (c) => c.json(await listBanPage(services, c.var.actor, query(c, BansQuery))))
    .post('/bans', async (c) => c.json(await banReader(services, c.var.actor, await jsonBody(c, NewBan)), 201))
    .delete('/bans/:id', async (c) => c.json(await liftBan(services, c.var.actor, idParam(c))));
}
