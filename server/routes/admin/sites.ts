import { Hono } from 'hono';
import { AuditQuery, ModeratorUpdate, NewModerator, SettingsUpdate } from '../../contract/admin.ts';
import { SiteSlug } from '../../contract/common.ts';
import { listAuditEntries } from '../../services/admin/audit.ts';
import { addModerator, changeModerator, listAllModerators } from '../../services/admin/moderators.ts';
import { getSiteSettings, listActorSites, updateSiteSettings } from '../../services/admin/settings.ts';
import type { Services } from '../../services/context.ts';
import { idParam, jsonBody, parseWith, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';

/** Sites and their settings, moderator accounts, the audit log. */
export function siteRoutes(services: Services) {
  const slug = (raw: string | undefined) => parseWith(SiteSlug, raw);
  return new Hono<AdminEnv>()
    .get('/sites', async (c) => c.json({ sites: await listActorSites(services, c.var.actor) }))
    .get('/sites/:site/settings', async (c) => c.json(await getSiteSettings(services, c.var.actor, slug(c.req.param('site')))))
    .put('/sites/:site/settings', async (c) => {
      const site = slug(c.req.param('site'));
      return c.json(await updateSiteSettings(services, c.var.actor, site, await jsonBody(c, SettingsUpdate)));
    })
    .get('/moderators', async (c) => c.json({ moderators: await listAllModerators(services, c.var.actor) }))
    .post('/moderators', async (c) => c.json(await addModerator(services, c.var.actor, await jsonBody(c, NewModerator)), 201))
    .patch('/moderators/:id', async (c) => {
      const id = idParam(c);
      return c.json(await changeModerator(services, c.var.actor, id, await jsonBody(c, ModeratorUpdate)));
    })
    .get('/audit', async (c) => c.json(await listAuditEntries(services, c.var.actor, query(c, AuditQuery))));
}
