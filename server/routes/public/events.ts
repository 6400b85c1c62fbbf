import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PageQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { openPageFeed, type PublicEvent } from '../../services/live/page-feed.ts';
import { query } from '../validate.ts';

// Proxies close idle connections; a comment line every 25 s keeps the stream open.
const HEARTBEAT_MS = 25_000;

/** `GET /events?site&page`: Server-Sent Events for one page, from whichever instance made the change. */
export function eventRoutes(services: Services) {
  return new Hono().get('/events', async (c) => {
    const q = query(c, PageQuery);
    const feed = await openPageFeed(services, q.site, q.page);
    return streamSSE(c, async (stream) => {
      let nextId = 0;
      const queue: PublicEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = feed.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        const data = queue.shift();
        if (data) {
          await stream.writeSSE({ event: data.type, data: JSON.stringify(data), id: String(++nextId) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, HEARTBEAT_MS).unref?.();
        });
        wake = null;
        if (queue.length === 0 && !stream.aborted) await stream.write(': ping\n\n');
      }
      unsubscribe();
    });
  });
}
