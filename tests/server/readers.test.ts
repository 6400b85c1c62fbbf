import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, setSiteSettings, type TestApp } from '../helpers/app.ts';
import { bulkSettings, countRows, errorShape } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

describe('guest identities', () => {
  it('POST /readers answers 201 with a fresh token that is kept only as a hash', async () => {
    const [a, b] = [await api.post('/api/v1/readers', { site: 'demo' }), await api.post('/api/v1/readers', { site: 'demo' })];
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: expect.any(Number), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(a.body.token).not.toBe(b.body.token);
    const { readers } = await import('../../server/store/schema/index.ts');
    const stored = await t.app.services.database.db.select().from(readers);
    expect(JSON.stringify(stored)).not.toContain(a.body.token);
    // The token works.
    expect((await api.comment(a.body.token, { body: 'hello from a new reader' })).status).toBe(201);
  });

  it('an unknown site is a 404 and no reader is made', async () => {
    const before = await countRows(t.app);
    const res = await api.post('/api/v1/readers', { site: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'site_not_found', message: expect.any(String), field: 'site' } });
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a missing or malformed site is a 422 and no reader is made', async () => {
    const before = await countRows(t.app);
    for (const body of [{}, { site: '' }, { site: 'UPPER' }, { site: 42 }, { site: 'a'.repeat(65) }]) {
      const res = await api.post('/api/v1/readers', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'validation', field: 'site' });
    }
    expect(await countRows(t.app)).toEqual(before);
  });

  it('a token of another site cannot post here', async () => {
    await setSiteSettings(t.app, 'other', bulkSettings);
    const stranger = await api.reader('other');
    const before = await countRows(t.app);
    const res = await api.comment(stranger, { body: 'wrong site' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorShape('unauthorized'));
    expect(await countRows(t.app)).toEqual(before);
  });
});
