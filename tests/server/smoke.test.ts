import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a guest comments on an article', () => {
  it('the comment shows in the thread with the page count', async () => {
    const api = client(t.app);
    const token = await api.reader();
    const created = await api.comment(token, { body: 'Hello **there**' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('approved');
    const thread = await api.get('/api/v1/threads?site=demo&page=/article');
    expect(thread.status).toBe(200);
    expect(thread.body.page.commentCount).toBe(1);
    expect(thread.body.comments[0].bodyHtml).toBe('<p>Hello <strong>there</strong></p>');
  });
});
