import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EventsQuery, type AdminLiveEvent } from '../../contract/admin.ts';
import { scopeSites } from '../../services/admin/actor.ts';
import type { Services } from '../../services/context.ts';
import type { ParleyEvent } from '../../services/live/events.ts';
import { RECONNECT_MS } from '../public/events.ts';
import { query } from '../validate.ts';
import type { AdminEnv } from './guard.ts';
import { describe } from '../openapi/describe.ts';

const RELAYED = new Set<ParleyEvent['type']>(['comment', 'status', 'edit', 'page', 'site']);
// Proxies drop a quiet connection after a minute or so; a comment line keeps it open.
const KEEP_ALIVE_MS = 25_000;

/** New items arrive live: the bus's events for the moderator's sites, as Server-Sent Events. */
export function eventRoutes(services: Services) {
  return new Hono<AdminEnv>().get('/events', describe({ summary: 'Live moderation events (Server-Sent Events)', tag: 'admin', auth: 'admin', query: EventsQuery, responses: { 200: { description: 'An event stream', type: 'text/event-stream' } }, errors: ['forbidden'] }), async (c) => {
    const q = query(c, EventsQuery);
    const { siteIds } = await scopeSites(services, c.var.actor, q.site);
    return streamSSE(c, async (stream) => {
      const queue: AdminLiveEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = services.events.subscribe((event) => {
        if (!RELAYED.has(event.type) || (siteIds !== null && !siteIds.includes(event.siteId))) return;
        queue.push(event as AdminLiveEvent);
        wake?.();
      });
      const keepAlive = setInterval(() => {
        stream.write(': ping\n\n').catch(() => {});
      }, KEEP_ALIVE_MS);
      let isOpen = true;
      stream.onAbort(() => {
        isOpen = false;
        wake?.();
      });
      const { metrics, lifecycle } = services.ops;
      metrics.sseConnections.inc({ stream: 'admin' });
      let isShuttingDown = false;
      const offStop = lifecycle.onStop(() => {
        isShuttingDown = true;
        isOpen = false;
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ type: 'ready' }) });
        while (isOpen) {
          while (queue.length > 0) {
            const event = queue.shift()!;
            await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (queue.length > 0 || !isOpen) resolve();
          });
          wake = null;
        }
        // This instance is going away: reconnect (to another one) after `retry` ms.
        if (isShuttingDown && !stream.aborted) await stream.writeSSE({ event: 'shutdown', data: '{}', retry: RECONNECT_MS });
      } finally {
        offStop();
        metrics.sseConnections.dec({ stream: 'admin' });
        clearInterval(keepAlive);
        unsubscribe();
      }
    });
  });
}
