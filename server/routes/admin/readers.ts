import { Hono } from 'hono';
import { BansQuery, NewBan, ReadersQuery } from '../../contract/admin.ts';
import { banReader, liftBan, listBanPage } from '../../services/admin/bans.ts';
import { getReaderHistory, listReaderPage } from '../../services/admin/reader-history.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

export function readerRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .get('/readers', describe({ summary: 'Readers found by part of their name or e-mail, newest first', tag: 'admin', auth: 'admin', query: ReadersQuery, responses: { 200: 'readers' }, errors: ['forbidden', 'site_not_found'] }), async (c) => c.json(await listReaderPage(services, c.var.actor, query(c, ReadersQuery))))
    .get('/readers/:id', describe({ summary: 'A reader\'s history: counts, recent comments, bans', tag: 'admin', auth: 'admin', responses: { 200: 'history' }, errors: ['not_found', 'forbidden'] }), async (c) => c.json(await getReaderHistory(services, c.var.actor, idParam(c))))
    .get('/bans', describe({ summary: 'Bans, newest first', tag: 'admin', auth: 'admin', query: BansQuery, responses: { 200: 'bans' }, errors: ['forbidden', 'site_not_found'] }), async (c) => c.json(await listBanPage(services, c.var.actor, query(c, BansQuery))))
    .post('/bans', describe({ summary: 'Ban a reader, e-mail or IP', tag: 'admin', auth: 'admin', body: NewBan, responses: { 201: 'the ban' }, errors: ['forbidden', 'not_found', 'conflict'] }), async (c) => c.json(await banReader(services, c.var.actor, await jsonBody(c, NewBan)), 201))
    .delete('/bans/:id', describe({ summary: 'Lift a ban', tag: 'admin', auth: 'admin', responses: { 200: 'lifted' }, errors: ['not_found', 'forbidden'] }), async (c) => c.json(await liftBan(services, c.var.actor, idParam(c))));
}
