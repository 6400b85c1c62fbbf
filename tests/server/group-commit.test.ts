import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/store/db.ts';
import { Batcher } from '../../server/store/batcher.ts';
import { GroupCommit } from '../../server/store/group-commit.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from '../helpers/database.ts';

// The comment writes go through GroupCommit (server/store/group-commit.ts): writes that arrive while
// one is in flight share one transaction. These are its promises, on a table of its own.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(testDbKind, { migrate: false });
  await database.query('create table gc_rows (id int primary key, n int not null default 0)', []);
  await database.query('insert into gc_rows (id) select g from generate_series(1, 20) g', []);
});
afterAll(async () => {
  await database.close();
});

/** The database, counting how its statements were sent. */
function counting(db: Pick<Database, 'query' | 'queryInTransaction'>) {
  const seen = { alone: 0, batches: [] as number[] };
  return {
    seen,
    query: <T>(text: string, params: unknown[]) => {
      seen.alone++;
      return db.query<T>(text, params);
    },
    queryInTransaction: (statements: ReadonlyArray<{ text: string; params: unknown[] }>) => {
      seen.batches.push(statements.length);
      return db.queryInTransaction(statements);
    },
  };
}

const bump = 'update gc_rows set n = n + 1 where id = $1 returning id, n';

describe('group commit', () => {
  it('writes sent together share transactions, and each caller gets its own rows', async () => {
    const db = counting(database);
    const writes = new GroupCommit(db);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => writes.query<{ id: number; n: number }>(bump, [(i % 20) + 1])));
    // Every caller saw its own row, and every increment landed exactly once.
    expect(results.map((rows) => Number(rows[0]!.id))).toEqual(Array.from({ length: 40 }, (_, i) => (i % 20) + 1));
    const rows = await database.query<{ n: number }>('select n from gc_rows order by id', []);
    expect(rows.map((r) => Number(r.n))).toEqual(Array(20).fill(2));
    // The first ran alone; the 39 that arrived meanwhile went as a batch.
    expect(db.seen.alone).toBe(1);
    expect(db.seen.batches).toEqual([32, 7]);
  });

  it('a statement that fails rolls its batch back, then each statement runs on its own: the others land once, it alone fails', async () => {
    const db = counting(database);
    const writes = new GroupCommit(db);
    const before = await database.query<{ n: number }>('select n from gc_rows where id = 1', []);
    const [first, ...rest] = [
      writes.query(bump, [1]),
      writes.query(bump, [1]),
      writes.query('insert into gc_rows (id) values ($1)', [2]), // a duplicate key
      writes.query(bump, [1]),
    ];
    await first;
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    const after = await database.query<{ n: number }>('select n from gc_rows where id = 1', []);
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 3);
    expect(db.seen.batches).toEqual([3]);
    expect(db.seen.alone).toBe(1 + 3);
  });

  it('a lost connection fails the batch without running anything twice', async () => {
    const lost = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
    let runs = 0;
    const writes = new GroupCommit({
      query: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return [];
      },
      queryInTransaction: async () => {
        runs++;
        throw lost;
      },
    });
    const [first, ...rest] = Array.from({ length: 4 }, () => writes.query('select 1', []));
    await first;
    const settled = await Promise.allSettled(rest);
    expect(settled.every((s) => s.status === 'rejected' && s.reason === lost)).toBe(true);
    expect(runs).toBe(2);
  });
});

describe('the batcher under the post read and write', () => {
  it('a call alone goes at once; calls that arrive meanwhile go together; a failing run fails only the calls it left unanswered', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number, number>(async (batch) => {
      batches.push(batch.map((call) => call.input));
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (const call of batch) if (call.input !== 13) call.resolve(call.input * 2);
      if (batch.some((call) => call.input === 13)) throw new Error('thirteen');
    }, 4);
    const settled = await Promise.allSettled([1, 2, 3, 4, 5, 13, 7].map((n) => batcher.call(n)));
    expect(batches).toEqual([[1], [2, 3, 4, 5], [13, 7]]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([2, 4, 6, 8, 10, 'Error: thirteen', 14]);
    // Nothing in flight again: the next call goes alone, at once.
    expect(await batcher.call(21)).toBe(42);
    expect(batches.at(-1)).toEqual([21]);
  });
});
