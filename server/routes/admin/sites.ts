import { Hono } from 'hono';
import { AuditQuery, SettingsUpdate } from '../../contract/admin.ts';
import { ModeratorUpdate, NewModerator } from '../../contract/accounts.ts';
import { SiteSlug } from '../../contract/common.ts';
import { listAuditEntries } from '../../services/admin/audit.ts';
import { addModerator, changeModerator, listAllModerators } from '../../services/admin/moderators.ts';
import { getSiteSettings, listActorSites, updateSiteSettings } from '../../services/admin/settings.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, parseWith, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

/** Sites and their settings, moderator accounts, the audit log. */
export function siteRoutes(services: Services) {
  const slug = (raw: string | undefined) => parseWith(SiteSlug, raw);
  return new Hono<AdminEnv>()
    .get('/sites', describe({ summary: 'Sites the moderator may work on', tag: 'admin', auth: 'admin', responses: { 200: 'sites' } }), async (c) => c.json({ sites: await listActorSites(services, c.var.actor) }))
    .get('/sites/:site/settings', describe({ summary: 'A site\'s settings and allowed origins', tag: 'admin', auth: 'admin', params: { site: SiteSlug }, responses: { 200: 'settings' }, errors: ['site_not_found', 'forbidden'] }), async (c) => c.json(await getSiteSettings(services, c.var.actor, slug(c.req.param('site')))))
    .put('/sites/:site/settings', describe({ summary: 'Change a site\'s settings', tag: 'admin', auth: 'admin', params: { site: SiteSlug }, body: SettingsUpdate, responses: { 200: 'settings' }, errors: ['site_not_found', 'forbidden'] }), async (c) => {
      const site = slug(c.req.param('site'));
      return c.json(await updateSiteSettings(services, c.var.actor, site, await jsonBody(c, SettingsUpdate)));
    })
    .get('/moderators', describe({ summary: 'Moderators and their sites', tag: 'admin', auth: 'admin', responses: { 200: 'moderators' }, errors: ['forbidden'] }), async (c) => c.json({ moderators: await listAllModerators(services, c.var.actor) }))
    .post('/moderators', describe({ summary: 'Add a moderator (answers a sign-in link)', tag: 'admin', auth: 'admin', body: NewModerator, responses: { 201: 'the moderator' }, errors: ['forbidden', 'conflict', 'site_not_found'] }), async (c) => c.json(await addModerator(services, c.var.actor, await jsonBody(c, NewModerator)), 201))
    .patch('/moderators/:id', describe({ summary: 'Change a moderator\'s role, sites or state', tag: 'admin', auth: 'admin', body: ModeratorUpdate, responses: { 200: 'the moderator' }, errors: ['forbidden', 'not_found', 'conflict'] }), async (c) => {
      const id = idParam(c);
      return c.json(await changeModerator(services, c.var.actor, id, await jsonBody(c, ModeratorUpdate)));
    })
    .get('/audit', describe({ summary: 'The audit log, newest first', tag: 'admin', auth: 'admin', query: AuditQuery, responses: { 200: 'entries' }, errors: ['forbidden', 'site_not_found'] }), async (c) => c.json(await listAuditEntries(services, c.var.actor, query(c, AuditQuery))));
}
