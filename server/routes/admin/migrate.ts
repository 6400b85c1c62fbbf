import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { ExportQuery, ImportId, NewImport, ReaderSelector, RemapPages } from '../../contract/migrate.ts';
import { assertSite } from '../../services/admin/actor.ts';
import type { Services } from '../../services/context.ts';
import { eraseReader } from '../../services/migrate/erase.ts';
import { exportSite } from '../../services/migrate/export.ts';
import { exportReader } from '../../services/migrate/reader-export.ts';
import { remapPage } from '../../services/migrate/remap.ts';
import { jsonBody, parseWith, query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

/** Moving in and out (issue 14): import with progress, export, remap, a reader's data. */
export function migrateRoutes(services: Services) {
  const siteOf = async (slug: string, actor: AdminEnv['Variables']['actor']) => {
    const site = await services.sites.get(slug);
    assertSite(actor, site.id);
    return site;
  };
  return new Hono<AdminEnv>()
    .post('/imports', describe({ summary: 'Start an import (WordPress WXR or Disqus XML); the file follows', tag: 'admin', auth: 'admin', body: NewImport, responses: { 201: 'the import' }, errors: ['forbidden', 'site_not_found'] }), async (c) => {
      const input = await jsonBody(c, NewImport);
      await siteOf(input.site, c.var.actor);
      return c.json(services.imports.create(input, c.var.actor.moderator.id), 201);
    })
    .put('/imports/:id/file', describe({ summary: 'Upload the import\'s file (streamed); progress at GET /imports/:id', tag: 'admin', auth: 'admin', params: { id: ImportId }, responses: { 202: 'accepted' }, errors: ['not_found', 'conflict', 'payload_too_large'] }), async (c) => {
      const id = parseWith(ImportId, c.req.param('id'));
      return c.json(await services.imports.receive(id, c.var.actor.moderator.id, c.req.raw.body), 202);
    })
    .get('/imports/:id', describe({ summary: 'An import\'s progress and report', tag: 'admin', auth: 'admin', params: { id: ImportId }, responses: { 200: 'the import' }, errors: ['not_found'] }), (c) => c.json(services.imports.get(parseWith(ImportId, c.req.param('id')), c.var.actor.moderator.id)))
    .get('/export', describe({ summary: 'A site\'s comments as the documented JSON export (streamed)', tag: 'admin', auth: 'admin', query: ExportQuery, responses: { 200: 'the export' }, errors: ['forbidden', 'site_not_found'] }), async (c) => {
      const { site } = query(c, ExportQuery);
      await siteOf(site, c.var.actor);
      c.header('Content-Type', 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="parley-${site}.json"`);
      return stream(c, async (out) => {
        await exportSite(services, site, (chunk) => out.write(chunk).then(() => {}));
      });
    })
    .post('/pages/remap', describe({ summary: 'Move threads from old page keys to new ones', tag: 'admin', auth: 'admin', body: RemapPages, responses: { 200: 'one result per pair' }, errors: ['forbidden', 'site_not_found', 'conflict'] }), async (c) => {
      const input = await jsonBody(c, RemapPages);
      await siteOf(input.site, c.var.actor);
      const results = [];
      for (const pair of input.pairs) results.push(await remapPage(services, input.site, pair.from, pair.to, c.var.actor));
      return c.json({ results });
    })
    .get('/reader-data', describe({ summary: 'Everything stored about one reader (GDPR export)', tag: 'admin', auth: 'admin', query: ReaderSelector, responses: { 200: 'the reader\'s data' }, errors: ['forbidden', 'site_not_found', 'not_found'] }), async (c) => {
      const who = query(c, ReaderSelector);
      await siteOf(who.site, c.var.actor);
      return c.json(await exportReader(services, who.site, who));
    })
    .post('/reader-data/erase', describe({ summary: 'Erase a reader: comments become placeholders (logged)', tag: 'admin', auth: 'admin', body: ReaderSelector, responses: { 200: 'what was erased' }, errors: ['forbidden', 'site_not_found', 'not_found'] }), async (c) => {
      const who = await jsonBody(c, ReaderSelector);
      await siteOf(who.site, c.var.actor);
      return c.json(await eraseReader(services, who.site, who, c.var.actor));
    });
}
