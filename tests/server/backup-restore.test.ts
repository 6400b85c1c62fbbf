import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { migrateDatabase, openDatabase, type Database } from '../../server/store/db.ts';
import { client, PUBLIC_URL, setSiteSettings } from '../helpers/app.ts';
import { counterMismatches } from '../helpers/counters.ts';
import { adminUrl, testDbKind } from '../helpers/database.ts';
import { bulkSettings } from '../helpers/rows.ts';

/**
 * The README's backup and restore commands, run as written (Operations): back up, add data,
 * restore, and the database is exactly as it was at the backup, counters included.
 */
const work = mkdtempSync(join(tmpdir(), 'parley-backup-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function appOn(database: Database): Promise<ParleyApp> {
  const app = createApp({ database, config: { publicUrl: PUBLIC_URL } });
  await app.ready;
  await ensureDemoSite(app.services);
  await setSiteSettings(app, 'demo', bulkSettings);
  return app;
}

async function threadBodies(app: ParleyApp): Promise<string[]> {
  const res = await client(app).get('/api/v1/threads?site=demo&page=/backup&sort=oldest');
  return (res.body.comments as Array<{ bodyHtml: string }>).map((c) => c.bodyHtml);
}

describe(`backup and restore (${testDbKind})`, () => {
  it('a restore brings back the data as it was at the backup, and what came after is gone', async () => {
    let database: Database;
    let restore: () => Promise<Database>;
    if (testDbKind === 'postgres') {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      const name = `parley_backup_${process.pid}`;
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      cleanups.push(async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      database = await openDatabase({ url: url.toString() });
      await migrateDatabase(database);
      const dump = join(work, 'parley.dump');
      // The README's commands: pg_dump -Fc, then pg_restore --clean --if-exists into the same database.
      restore = async () => {
        execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '-d', url.toString(), dump]);
        return openDatabase({ url: url.toString() });
      };
      const app = await appOn(database);
      const api = client(app);
      const token = await api.reader();
      for (const body of ['one', 'two']) expect((await api.comment(token, { page: '/backup', body })).status).toBe(201);
      const before = await threadBodies(app);
      execFileSync('pg_dump', ['-Fc', '-f', dump, url.toString()]);
      expect((await api.comment(token, { page: '/backup', body: 'after the backup' })).status).toBe(201);
      await app.close();
      await database.close();
      const restored = await restore();
      const again = await appOn(restored);
      expect(await threadBodies(again)).toEqual(before);
      expect(await counterMismatches(restored)).toEqual([]);
      // The restored token still works: readers keep their identity across a restore.
      expect((await client(again).comment(token, { page: '/backup', body: 'after the restore' })).status).toBe(201);
      await again.close();
      await restored.close();
    } else {
      const dataDir = join(work, 'data');
      const copy = join(work, 'data-backup');
      database = await openDatabase({ dataDir });
      await migrateDatabase(database);
      const app = await appOn(database);
      const api = client(app);
      const token = await api.reader();
      for (const body of ['one', 'two']) expect((await api.comment(token, { page: '/backup', body })).status).toBe(201);
      const before = await threadBodies(app);
      // The README's way: stop the server (close), copy the data directory, start again.
      await app.close();
      await database.close();
      cpSync(dataDir, copy, { recursive: true });
      const reopened = await openDatabase({ dataDir });
      const later = await appOn(reopened);
      expect((await client(later).comment(token, { page: '/backup', body: 'after the backup' })).status).toBe(201);
      await later.close();
      await reopened.close();
      // Restore: stop, put the copy back in place of the directory, start.
      rmSync(dataDir, { recursive: true, force: true });
      cpSync(copy, dataDir, { recursive: true });
      const restored = await openDatabase({ dataDir });
      const again = await appOn(restored);
      expect(await threadBodies(again)).toEqual(before);
      expect(await counterMismatches(restored)).toEqual([]);
      expect((await client(again).comment(token, { page: '/backup', body: 'after the restore' })).status).toBe(201);
      await again.close();
      await restored.close();
    }
  }, 120_000);
});
