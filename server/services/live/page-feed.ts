import { findPage } from '../../store/pages.ts';
import type { Services } from '../context.ts';
import type { ParleyEvent } from './events.ts';

/** What a reader may learn from an event: never that a held comment exists. */
export type PublicEvent =
  | { type: 'comment'; id: number }
  | { type: 'status'; id: number }
  | { type: 'edit'; id: number }
  | { type: 'vote'; id: number; score: number };

function publicEvent(event: ParleyEvent): PublicEvent | null {
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

/** One page's public events, from whichever instance made the change. */
export type PageFeed = { subscribe(listener: (event: PublicEvent) => void): () => void };

/** Resolves the site (unknown: 404) and the page, which need not exist yet. */
export async function openPageFeed(services: Services, siteSlug: string, pageKey: string): Promise<PageFeed> {
  const site = await services.sites.get(siteSlug);
  const page = await findPage(services.database.db, site.id, pageKey);
  return {
    subscribe(listener) {
      let pageId = page?.id ?? null;
      const push = (event: ParleyEvent) => {
        const data = publicEvent(event);
        if (data) listener(data);
      };
      return services.events.subscribe((event) => {
        if (event.siteId !== site.id || !('pageId' in event)) return;
        if (event.pageId === pageId) return push(event);
        // A page nobody has commented on yet gets its row with its first comment.
        if (pageId === null && event.type === 'comment') {
          void findPage(services.database.db, site.id, pageKey).then((found) => {
            if (found?.id !== event.pageId) return;
            pageId = found.id;
            push(event);
          });
        }
      });
    },
  };
}
