import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../server/routes/accept-encoding.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings } from '../helpers/rows.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ settings: bulkSettings });
  const api = client(t.app);
  const token = await api.reader();
  // Enough comments for an answer worth compressing (well over 1 KB).
  for (let i = 0; i < 8; i++) await api.comment(token, { page: '/compressed', body: `Comment number ${i}, with a few words in it.` });
});
afterAll(() => t.close());

const BROWSER = 'gzip, deflate, br';
const url = (page: string) => `/api/v1/threads?site=demo&page=${page}`;
const read = async (page: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(url(page), { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
};
const decode = (r: { headers: Headers; bytes: Buffer }) => {
  const coding = r.headers.get('content-encoding');
  const raw = coding === 'br' ? brotliDecompressSync(r.bytes) : coding === 'gzip' ? gunzipSync(r.bytes) : r.bytes;
  return JSON.parse(raw.toString('utf8'));
};

describe('compressed thread answers', () => {
  it("a browser's read gets the thread in brotli: the same JSON in fewer bytes, with Vary: Accept-Encoding", async () => {
    const plain = await read('/compressed');
    const browser = await read('/compressed', { 'accept-encoding': BROWSER });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(browser.headers.get('content-encoding')).toBe('br');
    expect(browser.bytes.length).toBeLessThan(plain.bytes.length / 2);
    expect(decode(browser)).toEqual(decode(plain));
    for (const r of [plain, browser]) {
      expect(r.headers.get('vary')).toBe('Origin, Accept-Encoding');
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(r.headers.get('content-length') ?? r.bytes.length)).toBe(r.bytes.length);
    }
  });

  it('gzip when brotli is not accepted, and as it is when neither is', async () => {
    const gzip = await read('/compressed', { 'accept-encoding': 'gzip, deflate' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(decode(gzip).comments).toHaveLength(8);
    for (const refused of ['identity', 'deflate', 'br;q=0, gzip;q=0']) {
      const r = await read('/compressed', { 'accept-encoding': refused });
      expect(r.headers.get('content-encoding')).toBeNull();
      expect(JSON.parse(r.bytes.toString('utf8')).comments).toHaveLength(8);
    }
  });

  it('one ETag in every coding: a copy kept in any coding revalidates with a 304 and no body', async () => {
    const tags = new Set<string>();
    for (const accepted of ['', 'gzip', BROWSER]) tags.add((await read('/compressed', accepted ? { 'accept-encoding': accepted } : {})).headers.get('etag')!);
    expect(tags.size).toBe(1);
    const [etag] = tags;
    const revalidated = await read('/compressed', { 'accept-encoding': BROWSER, 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
    expect(revalidated.headers.get('content-encoding')).toBeNull();
    expect(revalidated.headers.get('vary')).toBe('Origin, Accept-Encoding');
  });

  it('a small answer (a thread nobody has commented on yet) is sent as it is', async () => {
    const r = await read('/nobody-yet', { 'accept-encoding': BROWSER });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(r.bytes.toString('utf8')).comments).toEqual([]);
  });
});

describe('the coding chosen for an Accept-Encoding header', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['GZIP', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=1', 'gzip'],
    ['br;q=1, gzip;q=1', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', null],
    ['deflate', null],
    ['gzip;q=0', null],
    ['br;q=nonsense', null],
    ['', null],
  ])('%j → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
