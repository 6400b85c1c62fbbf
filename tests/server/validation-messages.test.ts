import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';

// Every validation error names the field as people know it and the rule it broke.
let t: TestApp;
let api: ReturnType<typeof client>;
let token: string;
beforeAll(async () => {
  t = await createTestApp({ settings: { maxNameLength: 60, rateLimitPerMinute: 10_000 } });
  api = client(t.app);
  token = await api.reader();
});
afterAll(() => t.close());

const post = (fields: Record<string, unknown>) =>
  api.call('POST', '/api/v1/comments', { token, body: { site: 'demo', page: '/v', body: 'Hello', author: { name: 'Ann' }, ...fields } });

describe('validation messages are written for people', () => {
  it.each([
    ['a name over the site’s limit', { author: { name: 'N'.repeat(61) } }, 'author.name', 'Name: at most 60 characters'],
    ['a name over the hard ceiling', { author: { name: 'N'.repeat(101) } }, 'author.name', 'Name: at most 100 characters'],
    ['a blank name', { author: { name: '   ' } }, 'author.name', 'Name: must not be empty'],
    ['no comment text', { body: undefined }, 'body', 'Comment: required'],
    ['a comment that is a number', { body: 5 }, 'body', 'Comment: must be text'],
    ['an empty comment', { body: '   ' }, 'body', 'Comment: write something first'],
    ['a bad e-mail', { author: { name: 'Ann', email: 'ann-at-home' } }, 'author.email', 'E-mail: must be an e-mail address'],
    ['a bad site slug', { site: 'The Demo' }, 'site', 'Site: lower-case letters, digits and dashes'],
  ])('%s: “%s”', async (_name, fields, field, message) => {
    const res = await post(fields);
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: 'validation', field, message });
  });

  it('a bad query parameter is named too', async () => {
    const res = await api.get('/api/v1/threads?site=demo&page=/v&sort=best');
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: 'validation', field: 'sort', message: 'Sort: must be one of "oldest", "newest", "votes"' });
  });

  it('no answer carries a raw schema message', async () => {
    const bad = [{ body: [] }, { author: 'Ann' }, { parentId: 'x' }, { anchor: { quote: 5 } }, { elapsedMs: -1 }, { url: 'ftp://x' }];
    for (const fields of bad) {
      const res = await post(fields);
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.body.error.message).toMatch(/^[A-Z][\w ()-]*: [a-z]/);
      expect(res.body.error.message).not.toMatch(/Invalid input|expected|received|Too (big|small)/);
    }
  });
});
