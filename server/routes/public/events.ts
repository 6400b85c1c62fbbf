import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PageQuery } from '../../contract/comment.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services/context.ts';
import { openPageFeed, type PublicEvent } from '../../services/live/page-feed.ts';
import { query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

// Proxies close idle connections; a comment line every 25 s keeps the stream open.
const HEARTBEAT_MS = 25_000;
/** After a shutdown, reconnect this soon (with jitter left to the browser's own scheduling). */
export const RECONNECT_MS = 1000;

/** `Last-Event-ID` (EventSource sends it on its own reconnects) or `?lastEventId=` (a new EventSource). */
function resumeFrom(header: string | undefined, param: string | undefined): number | null {
  const raw = header ?? param;
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/** `GET /events?site&page`: Server-Sent Events for one page, from whichever instance made the change. */
export function eventRoutes(services: Services) {
  // Streams open on this instance, counted from the request on (the cap holds during a surge of opens).
  let open = 0;
  return new Hono().get('/events', describe({ summary: 'Live updates of one page (Server-Sent Events)', tag: 'live', query: PageQuery, responses: { 200: { description: 'An event stream', type: 'text/event-stream' } }, errors: ['site_not_found', 'unavailable'] }), async (c) => {
    const q = query(c, PageQuery);
    if (open >= services.config.maxLiveConnections) {
      // EventSource treats a 503 as fatal for that object; the widget opens a new one later (a page
      // reload at worst). The thread itself still loads: only live updates wait.
      throw new AppError('unavailable', 'Too many live connections on this server; try again shortly', undefined, 30);
    }
    open++;
    let isCounted = true;
    const release = () => {
      if (isCounted) open--;
      isCounted = false;
    };
    let feed;
    try {
      feed = await openPageFeed(services, q.site, q.page, resumeFrom(c.req.header('last-event-id'), c.req.query('lastEventId')));
    } catch (error) {
      release();
      throw error;
    }
    return streamSSE(c, async (stream) => {
      // Each event's id is the newest approved comment id this stream has accounted for: a client
      // reconnecting with it as Last-Event-ID, to any instance, is sent what it missed.
      let lastId = feed.startId;
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
      const { metrics, lifecycle } = services.ops;
      metrics.sseConnections.inc({ stream: 'reader' });
      let isShuttingDown = false;
      const offStop = lifecycle.onStop(() => {
        isShuttingDown = true;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', id: String(lastId) });
        while (!stream.aborted && !stream.closed && !isShuttingDown) {
          const data = queue.shift();
          if (data) {
            if (data.type === 'comment') lastId = Math.max(lastId, data.id);
            await stream.writeSSE({ event: data.type, data: JSON.stringify(data), id: String(lastId) });
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, HEARTBEAT_MS).unref?.();
          });
          wake = null;
          if (queue.length === 0 && !stream.aborted && !isShuttingDown) await stream.write(': ping\n\n');
        }
        // This instance is going away: the browser's EventSource reconnects (to another instance) after `retry` ms.
        if (isShuttingDown && !stream.aborted) await stream.writeSSE({ event: 'shutdown', data: '{}', retry: RECONNECT_MS });
      } finally {
        release();
        offStop();
        metrics.sseConnections.dec({ stream: 'reader' });
        unsubscribe();
      }
    });
  });
}
