import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { FIXTURES } from '../helpers/migrate.ts';
import { insertSite } from '../../server/store/sites.ts';

describe('moving in and out from the admin view', () => {
  let t: TestApp;
  let admin: SignedIn;
  let other: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    await insertSite(t.app.services.database.db, { slug: 'elsewhere', name: 'Elsewhere', allowedOrigins: [] });
    await createModerator(t.app, { email: 'admin@example.com', role: 'admin' });
    await createModerator(t.app, { email: 'mod@example.com', sites: ['elsewhere'] });
    admin = await signIn(t.app, 'admin@example.com');
    other = await signIn(t.app, 'mod@example.com');
  });
  afterAll(() => t.close());

  async function upload(file: string, format: string, dryRun: boolean) {
    const bytes = readFileSync(FIXTURES + file, 'utf8');
    const started = await admin.post('/imports', { site: 'demo', format, dryRun, size: Buffer.byteLength(bytes) });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ phase: 'waiting', bytes: 0 });
    const sent = await admin.call('PUT', `/imports/${started.body.id}/file`, { body: bytes, headers: { 'content-type': 'application/xml' } });
    expect(sent.status).toBe(202);
    await expect.poll(async () => (await admin.get(`/imports/${started.body.id}`)).body.phase, { timeout: 30_000 }).toMatch(/done|failed/);
    return (await admin.get(`/imports/${started.body.id}`)).body;
  }

  it('an uploaded file is checked, imported with progress to its end, and reported like the CLI does', async () => {
    const before = await databaseFingerprint(t.database);
    const dry = await upload('wordpress.wxr', 'wxr', true);
    expect(dry).toMatchObject({ phase: 'done', report: { isDryRun: true, comments: { total: 13, created: 13 } } });
    expect(await databaseFingerprint(t.database)).toEqual(before);
    const real = await upload('wordpress.wxr', 'wxr', false);
    expect(real.phase).toBe('done');
    expect(real.bytes).toBe(real.totalBytes);
    expect({ ...dry.report, isDryRun: false }).toEqual(real.report);
  });

  it('a bomb upload fails with the reason and writes nothing', async () => {
    const before = await databaseFingerprint(t.database);
    const job = await upload('entity-bomb.wxr', 'wxr', false);
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'import_refused', message: expect.stringMatching(/entities/) }, report: null });
    expect(await databaseFingerprint(t.database)).toEqual(before);
  });

  it('an upload larger than announced is refused', async () => {
    const started = await admin.post('/imports', { site: 'demo', format: 'wxr', dryRun: true, size: 10 });
    const sent = await admin.call('PUT', `/imports/${started.body.id}/file`, { body: 'x'.repeat(100), headers: { 'content-type': 'application/xml' } });
    expect(sent.status).toBe(413);
    expect((await admin.get(`/imports/${started.body.id}`)).body.phase).toBe('failed');
  });

  it('the site export downloads as a Parley export file', async () => {
    const res = await admin.get('/export?site=demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('parley-demo.json');
    expect(res.body).toMatchObject({ format: 'parley-export', version: 1, pages: expect.arrayContaining([expect.objectContaining({ key: '/about/' })]) });
  });

  it('remap, reader export and erase answer for the site, and refuse another site\'s moderator', async () => {
    const remap = await admin.post('/pages/remap', { site: 'demo', pairs: [{ from: '/about/', to: '/about-us/' }] });
    expect(remap.body).toEqual({ results: [{ from: '/about/', to: '/about-us/', outcome: 'moved', comments: 2 }] });
    const data = await admin.get('/reader-data?site=demo&email=sara@example.com');
    expect(data.body.comments).toHaveLength(1);
    expect((await other.get('/reader-data?site=demo&email=sara@example.com')).status).toBe(403);
    expect((await other.post('/reader-data/erase', { site: 'demo', email: 'sara@example.com' })).status).toBe(403);
    expect((await other.post('/imports', { site: 'demo', format: 'wxr', size: 10 })).status).toBe(403);
    expect((await admin.post('/reader-data/erase', { site: 'demo' })).status).toBe(422);
    const erased = await admin.post('/reader-data/erase', { site: 'demo', email: 'sara@example.com' });
    expect(erased.body).toEqual({ readers: 1, comments: 1, subscriptions: 0 });
    expect((await admin.get('/reader-data?site=demo&email=sara@example.com')).status).toBe(404);
  });
});
