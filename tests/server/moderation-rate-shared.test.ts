import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { openDatabase, type Database } from '../../server/store/db.ts';
import { client, PUBLIC_URL, TestClock } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// Two instances on one database. On PostgreSQL each has its own connection pool, as two
// processes would; PGlite is one process by nature, so there they share the handle.
let database: TestDatabase;
let second: Database;
let one: ParleyApp;
let two: ParleyApp;
const clock = new TestClock();

beforeAll(async () => {
  database = await createTestDatabase();
  second = database.url ? await openDatabase({ url: database.url, maxConnections: 4 }) : database;
  const config = { publicUrl: PUBLIC_URL, trustProxy: true };
  one = createApp({ database, clock, config });
  two = createApp({ database: second, clock, config });
  await Promise.all([one.ready, two.ready]);
  await ensureDemoSite(one.services);
});
afterAll(async () => {
  await one.close();
  await two.close();
  if (second !== database) await second.close();
  await database.close();
});

const post = async (app: ParleyApp, token: string, body: string, ip = '203.0.113.7'): Promise<Response> =>
  app.request('/api/v1/comments', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': ip },
    body: JSON.stringify({ site: 'demo', page: '/shared', body, author: { name: 'Ann' } }),
  });

it('the per-reader limit is shared by two instances on one database', async () => {
  const token = await client(one).reader();
  const statuses = [];
  // Alternate instances: 3 posts on one, 2 on two, then the 6th on either is over.
  for (let i = 1; i <= 5; i++) statuses.push((await post(i % 2 ? one : two, token, `Comment ${i}`, `198.51.100.${i}`)).status);
  expect(statuses).toEqual([201, 201, 201, 201, 201]);
  const sixth = await post(two, token, 'Comment 6', '198.51.100.6');
  expect(sixth.status).toBe(429);
  expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
  expect((await post(one, token, 'Comment 7', '198.51.100.7')).status).toBe(429);
});

it('the per-IP limit (three readers\' worth) is shared too', async () => {
  clock.advance(60_000);
  const readers = await Promise.all(Array.from({ length: 4 }, () => client(one).reader()));
  const statuses: number[] = [];
  for (let i = 0; i < 16; i++) {
    const app = i % 2 ? one : two;
    statuses.push((await post(app, readers[i % 4]!, `From the office, note ${i}`)).status);
  }
  expect(statuses.slice(0, 15).every((s) => s === 201)).toBe(true);
  expect(statuses[15]).toBe(429);
});

it('parallel posts by one reader on both instances let exactly the limit through', async () => {
  clock.advance(60_000);
  const token = await client(one).reader();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => post(i % 2 ? one : two, token, `Burst ${i}`, `192.0.2.${i}`).then((r) => r.status)),
  );
  expect(results.filter((s) => s === 201)).toHaveLength(5);
  expect(results.filter((s) => s === 429)).toHaveLength(5);
});
