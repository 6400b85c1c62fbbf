import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/db.ts';
import { GroupCommit } from '../../server/store/group-commit.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// PostgreSQL only (the pglite project leaves this file out): PGlite is one connection in one
// process, where no two transactions ever wait for each other.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('postgres', { migrate: false });
  await database.query('create table gc_rows (id int primary key, n int not null default 0)', []);
  await database.query('insert into gc_rows (id) select g from generate_series(1, 20) g', []);
});
afterAll(async () => {
  await database.close();
});

const bump = 'update gc_rows set n = n + 1 where id = $1 returning id, n';

describe('group commit across instances', () => {
  it('two instances whose batches lock the same rows in opposite orders both finish, each change once', async () => {
    const other = await openDatabase({ url: database.url!, maxConnections: 2 });
    try {
      await database.query('update gc_rows set n = 0 where id in (11, 12)', []);
      let alone = 0;
      const counted = (db: typeof database | typeof other) => ({
        query: <T>(text: string, params: unknown[]) => {
          alone++;
          return db.query<T>(text, params);
        },
        queryInTransaction: db.queryInTransaction,
      });
      const one = new GroupCommit(counted(database));
      const two = new GroupCommit(counted(other));
      const slow = 'select pg_sleep(0.3)';
      // Each first write runs alone; the next three form a batch: one locks 11 then 12, the other
      // 12 then 11, with a pause between, so the two batches wait for each other.
      const batch = (writes: GroupCommit, a: number, b: number) => [
        writes.query('select 1', []),
        writes.query(bump, [a]),
        writes.query(slow, []),
        writes.query(bump, [b]),
      ];
      const settled = await Promise.allSettled([...batch(one, 11, 12), ...batch(two, 12, 11)]);
      expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
      const rows = await database.query<{ n: number }>('select n from gc_rows where id in (11, 12) order by id', []);
      expect(rows.map((r) => Number(r.n))).toEqual([2, 2]);
      // The two first writes ran alone; at least one batch gave up its lock wait and ran its three one by one.
      expect(alone).toBeGreaterThanOrEqual(2 + 3);
    } finally {
      await other.close();
    }
  });
});
