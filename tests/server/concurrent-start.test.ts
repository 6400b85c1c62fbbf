import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, migrationState, openDatabase } from '../../server/store/db.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// PostgreSQL only: PGlite's data directory belongs to one process, so there is no race to have.
let database: TestDatabase;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  database = await createTestDatabase('postgres', { migrate: false, maxConnections: 2 });
});
afterAll(async () => {
  for (const server of servers) server.kill();
  await Promise.all(servers.map((s) => s.exited));
  await database.close();
});

describe('several instances starting at once on a fresh database', () => {
  it('both come up and the migrations are applied once', async () => {
    servers.push(...(await Promise.all([startServerProcess({ DATABASE_URL: database.url! }), startServerProcess({ DATABASE_URL: database.url! })])));
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const state = await migrationState(database);
    expect(state.applied).toBe(state.expected);
    const result = await database.db.execute(sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`);
    const rows = result as unknown as Array<{ hash: string; n: number }>;
    expect(rows).toHaveLength(state.expected);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // One demo site, not two: the rest of start-up is safe to race too.
    const sites = (await database.db.execute(sql`select count(*)::int as n from sites where slug = 'demo'`)) as unknown as Array<{ n: number }>;
    expect(sites[0]!.n).toBe(1);
  });

  it('four migrators released at the same instant on a fresh database apply each migration once', async () => {
    const fresh = await createTestDatabase('postgres', { migrate: false, maxConnections: 1 });
    const handles = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: fresh.url!, maxConnections: 1 })));
    try {
      // Processes start seconds apart; this is the race at its tightest.
      await Promise.all(handles.map((h) => migrateDatabase(h)));
      const state = await migrationState(fresh);
      const rows = (await fresh.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as Array<{ n: number }>;
      expect(rows[0]!.n).toBe(state.expected);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await fresh.close();
    }
  });
});
