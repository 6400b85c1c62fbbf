import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// Issue 16: an instance keeps at most `maxLiveConnections` reader streams; past it, 503 and Retry-After.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ config: { maxLiveConnections: 2 } });
});
afterAll(async () => {
  await t?.close();
});

const open = () => t.app.request('/api/v1/events?site=demo&page=%2Flive-cap');

describe('the cap on live connections', () => {
  it('answers 503 with Retry-After past the cap, and takes a new stream once one closes', async () => {
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.get('content-type')).toContain('text/event-stream');

    const refused = await open();
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } });

    // A reader leaves: their stream closes and frees its place.
    await first.body!.cancel();
    await expect.poll(async () => {
      const res = await open();
      const status = res.status;
      if (status === 200) await res.body!.cancel();
      return status;
    }).toBe(200);
    await second.body!.cancel();
  });

  it('an unknown site does not use up a place', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.request('/api/v1/events?site=nowhere&page=%2F')).status).toBe(404);
    const res = await open();
    expect(res.status).toBe(200);
    await res.body!.cancel();
  });
});
