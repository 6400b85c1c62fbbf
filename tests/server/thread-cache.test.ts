import { describe, expect, it } from 'vitest';
import { ThreadCache } from '../../server/services/threads/thread-cache.ts';

describe('thread cache', () => {
  it('answers fifty readers asking for the same cold page at once with one computation', async () => {
    const cache = new ThreadCache();
    let computed = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      computed++;
      await gate;
      return '{"comments":[]}';
    };
    const answers = Array.from({ length: 50 }, () => cache.load('page|7', compute));
    release();
    expect(new Set(await Promise.all(answers))).toEqual(new Set(['{"comments":[]}']));
    expect(computed).toBe(1);
    // Cached afterwards: no new computation.
    await cache.load('page|7', compute);
    expect(computed).toBe(1);
  });

  it('computes a new version of the page separately from the old one', async () => {
    const cache = new ThreadCache();
    const seen: string[] = [];
    const compute = (key: string) => async () => (seen.push(key), key);
    await Promise.all([cache.load('page|7', compute('page|7')), cache.load('page|8', compute('page|8'))]);
    expect(seen.sort()).toEqual(['page|7', 'page|8']);
  });

  it('does not keep a failed computation: the next reader tries again', async () => {
    const cache = new ThreadCache();
    await expect(cache.load('page|9', async () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    await expect(cache.load('page|9', async () => 'fresh')).resolves.toBe('fresh');
  });

  it('keeps what is read: past its capacity the page read least recently goes first', () => {
    const cache = new ThreadCache(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, key);
    // 'a' read (twice: the second finds it the most recent already), then 'b'; 'c' is now the oldest.
    cache.get('a');
    cache.get('a');
    cache.get('b');
    cache.set('d', 'd');
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k))).toEqual(['a', 'b', undefined, 'd']);
    cache.set('e', 'e');
    expect(cache.get('a')).toBeUndefined();
    expect(['b', 'd', 'e'].map((k) => cache.get(k))).toEqual(['b', 'd', 'e']);
  });
});
