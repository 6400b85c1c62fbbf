import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { runRetention, RETENTION_INTERVAL_MS } from '../../server/jobs/retention.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { client, createTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

const DAY = 86_400_000;

describe('IP hashes are kept no longer than the retention period', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ settings: bulkSettings });
  });
  afterAll(() => t.close());

  const hashes = async () =>
    rowsOf<{ body: string; ip: string | null }>(await t.app.services.database.db.execute(sql`select body_md as body, ip_hash as ip from comments order by id`));

  it('one run across two instances drops the hashes older than 30 days and keeps the recent ones', async () => {
    const api = client(t.app);
    const reader = await api.reader();
    await api.comment(reader, { body: 'old comment' });
    t.clock.advance(29 * DAY);
    await api.comment(reader, { body: 'recent comment' });
    await t.app.services.database.db.execute(sql`update comments set ip_hash = 'hash-' || id`);
    await t.app.services.database.db.execute(sql`insert into rate_limits (key, window_start, count) values ('ip:hash-1', ${new Date(t.clock.now().getTime() - 2 * DAY).toISOString()}::timestamptz, 1)`);
    t.clock.advance(2 * DAY);

    // A second instance on the same database, waking at the same moment.
    const other = createApp({ database: t.database, clock: t.clock, config: { publicUrl: PUBLIC_URL } });
    const runs = await Promise.all([runRetention(t.app.services), runRetention(other.services)]);
    await other.close();
    expect(runs.filter((r) => r.ran)).toHaveLength(1);
    expect(runs.find((r) => r.ran)).toMatchObject({ ipHashes: 1, rateWindows: expect.any(Number) });
    const staleWindows = await t.app.services.database.db.execute(
      sql`select count(*)::int as n from rate_limits where window_start < ${new Date(t.clock.now().getTime() - DAY).toISOString()}::timestamptz`,
    );
    expect(rowsOf<{ n: number }>(staleWindows)[0]!.n).toBe(0);
    expect(await hashes()).toEqual([
      { body: 'old comment', ip: null },
      { body: 'recent comment', ip: expect.stringMatching(/^hash-/) },
    ]);

    expect((await runRetention(t.app.services)).ran).toBe(false);
    // The recent comment turns 30 days old; the next hour's run takes its hash too.
    t.clock.advance(RETENTION_INTERVAL_MS + 28 * DAY);
    expect(await runRetention(t.app.services)).toMatchObject({ ran: true, ipHashes: 1 });
    expect((await hashes()).every((r) => r.ip === null)).toBe(true);
  });
});
