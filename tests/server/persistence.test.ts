import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { migrateDatabase, openDatabase, type DatabaseOptions } from '../../server/store/db.ts';
import { client, PUBLIC_URL } from '../helpers/app.ts';
import { adminUrl, testDbKind } from '../helpers/database.ts';

/** Opens the database as `main.ts` does (migrate, demo site), runs `use`, then closes everything. */
async function withServer<T>(options: DatabaseOptions, use: (api: ReturnType<typeof client>) => Promise<T>): Promise<T> {
  const database = await openDatabase(options);
  await migrateDatabase(database);
  const app = createApp({ database, config: { publicUrl: PUBLIC_URL } });
  try {
    await app.ready;
    await ensureDemoSite(app.services);
    return await use(client(app));
  } finally {
    await app.close();
    await database.close();
  }
}

/** Where the data lives between the two starts: a PGlite directory, or a PostgreSQL database of its own. */
async function withStorage(run: (options: DatabaseOptions) => Promise<void>) {
  if (testDbKind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-persist-'));
    try {
      await run({ dataDir: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `parley_p_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await run({ url: url.toString(), maxConnections: 2 });
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

describe('a restart keeps the comments', () => {
  it(`a comment posted before closing the ${testDbKind} database is there after reopening it`, async () => {
    await withStorage(async (options) => {
      const { token, id } = await withServer(options, async (api) => {
        const token = await api.reader();
        const res = await api.comment(token, { page: '/persist', body: 'Still **here** after a restart?' });
        expect(res.status).toBe(201);
        return { token, id: res.body.comment.id as number };
      });
      await withServer(options, async (api) => {
        const thread = await api.get('/api/v1/threads?site=demo&page=/persist');
        expect(thread.status).toBe(200);
        expect(thread.body.page.commentCount).toBe(1);
        expect(thread.body.comments.map((c: { id: number; bodyHtml: string }) => [c.id, c.bodyHtml])).toEqual([
          [id, '<p>Still <strong>here</strong> after a restart?</p>'],
        ]);
        // The guest token still names the same reader, who may still edit within the window.
        const me = await api.get('/api/v1/me?site=demo&page=/persist', { token });
        expect(Object.keys(me.body.editable)).toEqual([String(id)]);
        // A second start neither duplicates the demo site nor re-runs migrations destructively.
        const next = await api.comment(token, { page: '/persist', body: 'and a second one' });
        expect(next.body.comment.id).toBeGreaterThan(id);
      });
    });
  });
});
