import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { PageQuery } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import type { ParleyEvent } from '../../services/live/events.ts';
import { findPage } from '../../store/pages.ts';
import { lastApprovedId, listApprovedAfter } from '../../store/page-feed.ts';
import { query } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

// Proxies close idle connections; a comment line every 25 s keeps the stream open.
const HEARTBEAT_MS = 25_000;
/** After a shutdown, reconnect this soon (with jitter left to the browser's own scheduling). */
export const RECONNECT_MS = 1000;
/** More missed comments than this on a reconnect: the client is told to refetch (`reset`) instead. */
const REPLAY_LIMIT = 50;

/** What a reader may learn from an event: never that a held comment exists. */
function publicEvent(event: ParleyEvent): Record<string, unknown> | null {
  switch (event.type) {
    case 'comment':
      return event.status === 'approved' ? { type: 'comment', id: event.commentId } : null;
    case 'status':
      return { type: 'status', id: event.commentId };
    case 'edit':
      return { type: 'edit', id: event.commentId };
    case 'vote':
      return { type: 'vote', id: event.commentId, score: event.score };
    default:
      return null;
  }
}

/** `Last-Event-ID` (EventSource sends it on its own reconnects) or `?lastEventId=` (a new EventSource). */
function resumeFrom(header: string | undefined, param: string | undefined): number | null {
  const raw = header ?? param;
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

/**
 * `GET /events?site&page`: Server-Sent Events for one page, from whichever instance made the change.
 *
 * Every event's id is the newest approved comment id of the page this stream has accounted for
 * (comment ids are one sequence for all instances, so an id means the same on every instance). A
 * client reconnecting with `Last-Event-ID: N` (to this instance or another) is first sent a
 * `comment` event for each approved comment after N that it missed; more than REPLAY_LIMIT, a
 * `reset` (refetch the thread). The same catch-up runs when this instance's LISTEN connection comes
 * back after a loss (a PostgreSQL restart), since notifications sent meanwhile are gone.
 */
export function eventRoutes(services: Services) {
  return new Hono().get('/events', describe({ summary: 'Live updates of one page (Server-Sent Events)', tag: 'live', query: PageQuery, responses: { 200: { description: 'An event stream', type: 'text/event-stream' } }, errors: ['site_not_found'] }), async (c) => {
    const q = query(c, PageQuery);
    const site = await services.sites.get(q.site);
    const db = services.database.db;
    const resume = resumeFrom(c.req.header('last-event-id'), c.req.query('lastEventId'));
    const page = await findPage(db, site.id, q.page);
    return streamSSE(c, async (stream) => {
      let watermark = page ? await lastApprovedId(db, page.id) : 0;
      const queue: Array<Record<string, unknown>> = [];
      let wake: (() => void) | null = null;
      const enqueue = (data: Record<string, unknown>) => {
        queue.push(data);
        wake?.();
      };
      let pageId = page?.id ?? null;
      /** Announces approved comments after `from` that no event told this stream about. */
      let catchingUp: Promise<void> = Promise.resolve();
      const catchUp = (from: number) => {
        catchingUp = catchingUp.then(async () => {
          if (pageId === null) return;
          const missed = await listApprovedAfter(db, pageId, from, REPLAY_LIMIT + 1);
          if (missed.length > REPLAY_LIMIT) return enqueue({ type: 'reset' });
          for (const { id } of missed) enqueue({ type: 'comment', id });
        }).catch(() => {});
      };
      const unsubscribe = services.events.subscribe((event) => {
        if (event.type === 'resync') return catchUp(watermark);
        if (event.siteId !== site.id || !('pageId' in event)) return;
        if (event.pageId === pageId) {
          const data = publicEvent(event);
          if (data) enqueue(data);
          return;
        }
        // A page nobody had commented on when we connected gets its row with its first comment,
        // maybe on another instance: look its id up, then announce what it holds by now.
        if (pageId === null && event.type === 'comment') {
          catchingUp = catchingUp.then(async () => {
            if (pageId !== null) return;
            const found = await findPage(db, site.id, q.page);
            if (found?.id === event.pageId) pageId = found.id;
          }).catch(() => {});
          catchUp(0);
        }
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
      const sent = new Set<number>();
      try {
        if (resume !== null) catchUp(resume);
        await stream.writeSSE({ event: 'ready', data: '{}', id: String(resume ?? watermark) });
        if (resume !== null) watermark = Math.min(watermark, resume);
        while (!stream.aborted && !stream.closed && !isShuttingDown) {
          const data = queue.shift();
          if (data) {
            const id = Number(data.id);
            if (data.type === 'comment') {
              // A comment both replayed and announced live is sent once.
              if (sent.has(id)) continue;
              sent.add(id);
              watermark = Math.max(watermark, id);
            }
            await stream.writeSSE({ event: String(data.type), data: JSON.stringify(data), id: String(watermark) });
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
        offStop();
        metrics.sseConnections.dec({ stream: 'reader' });
        unsubscribe();
      }
    });
  });
}
