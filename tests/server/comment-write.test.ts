import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/services/readers/tokens.ts';
import { newCommentRow, writePost } from '../../server/store/comment-post.ts';
import { readForPost } from '../../server/store/post-read.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

// A new comment is one read statement and one write statement (issue 16). Between the two, nothing
// is locked: these are the races that leaves open, and the write must close each of them itself.
let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  api = client(t.app);
});
afterAll(() => t.close());

const counters = async (page: string, parentId: number) => {
  const { db } = t.app.services.database;
  const [row] = rowsOf<{ comments: number; comment_count: number; version: number; reply_count: number; descendants: number }>(
    await db.execute(sql`select (select count(*)::int from comments c join pages p on p.id = c.page_id where p.key = ${page}) as comments,
      p.comment_count, p.version, c.reply_count, c.descendant_count as descendants
      from pages p, comments c where p.key = ${page} and c.id = ${parentId}`),
  );
  return row!;
};

async function readAndPrepare(token: string, page: string, parentId: number) {
  const site = await t.app.services.sites.get('demo');
  const read = await readForPost(t.app.services.database, {
    tokenHash: sha256(token),
    siteId: site.id,
    pageKey: page,
    parentId,
    guestEmailBan: null,
    ipHash: null,
    readerKeyPrefix: 'post:reader:',
    ipKey: null,
    windowStart: new Date(Math.floor(Date.now() / 60_000) * 60_000),
    now: new Date(),
  });
  expect(read.reader).not.toBeNull();
  expect(read.parent?.status).toBe('approved');
  const row = newCommentRow(
    {
      pageId: read.page!.id,
      readerId: read.reader!.id,
      authorName: 'Racer',
      isGuest: true,
      bodyMd: 'a reply that races a moderator',
      bodyHtml: '<p>a reply that races a moderator</p>',
      status: 'approved',
      isVisible: true,
      reasons: ['a "quoted" reason, with a comma'],
      anchor: null,
      ipHash: null,
      createdAt: new Date(),
    },
    read.nextId,
    read.parent,
  );
  const write = () =>
    writePost(t.app.services.database, {
      row,
      parent: { id: read.parent!.id, rootId: read.parent!.rootId },
      reader: read.reader!,
      profile: { name: 'Racer', email: null },
      pageInfo: { url: null, title: null },
      mail: null,
      notify: null,
      keep: null,
      rate: { keys: [{ key: `test:race:${row.id}`, limit: 10 }], windowStart: new Date() },
    });
  return { row, write };
}

describe('a new comment written in one statement', () => {
  it('a reply whose parent a moderator removes between the read and the write is not written, and no counter moves', async () => {
    const page = '/race-removed';
    const [alice, bob] = [await api.reader(), await api.reader()];
    const root = (await api.comment(alice, { page, body: 'the root' })).body.comment.id as number;
    const { row, write } = await readAndPrepare(bob, page, root);

    // The moderator's rejection commits after the reply's read and before its write.
    await t.app.services.database.db.execute(sql`update comments set status = 'rejected', visible = false where id = ${root}`);
    const before = await counters(page, root);
    const result = await write();

    expect(result.isWritten).toBe(false);
    expect(await counters(page, root)).toEqual(before);
    const stored = rowsOf(await t.app.services.database.db.execute(sql`select id from comments where id = ${row.id}`));
    expect(stored).toEqual([]);
  });

  it('with its parent still approved, the reply and every counter land together', async () => {
    const page = '/race-kept';
    const [alice, bob] = [await api.reader(), await api.reader()];
    const root = (await api.comment(alice, { page, body: 'the root' })).body.comment.id as number;
    const { row, write } = await readAndPrepare(bob, page, root);
    const before = await counters(page, root);

    expect((await write()).isWritten).toBe(true);
    expect(await counters(page, root)).toEqual({ ...before, comments: before.comments + 1, comment_count: before.comment_count + 1, version: before.version + 1, reply_count: before.reply_count + 1, descendants: before.descendants + 1 });
    // The stored row is the one the answer describes, reasons with quotes and commas included.
    const thread = await api.get(`/api/v1/comments/${root}/replies`);
    expect(thread.body.comments.map((c: { id: number }) => c.id)).toEqual([row.id]);
    const [stored] = rowsOf<{ reasons: string[]; path: string; root_id: number | string }>(await t.app.services.database.db.execute(sql`select reasons, path, root_id from comments where id = ${row.id}`));
    expect(stored!.reasons).toEqual(row.reasons);
    expect(stored!.path).toBe(row.path);
    expect(Number(stored!.root_id)).toBe(root);
  });
});
