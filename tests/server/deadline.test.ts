import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { deadline } from '../../server/routes/middleware/deadline.ts';
import { onError } from '../../server/routes/on-error.ts';

describe('the request deadline', () => {
  it('a request stuck past the deadline is a clean 503 with Retry-After, not a hang', async () => {
    const app = new Hono();
    app.onError(onError);
    app.use(deadline(30));
    app.get('/stuck', () => new Promise<Response>(() => {}));
    app.get('/quick', (c) => c.json({ ok: true }));
    const stuck = await app.request('/stuck');
    expect(stuck.status).toBe(503);
    expect(stuck.headers.get('retry-after')).toBe('2');
    expect(await stuck.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    const quick = await app.request('/quick');
    expect(quick.status).toBe(200);
    expect(await quick.json()).toEqual({ ok: true });
  });
});
