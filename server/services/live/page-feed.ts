import { findPage } from '../../store/pages.ts';
import { lastApprovedId, listApprovedAfter } from '../../store/page-feed.ts';
import type { Services } from '../context.ts';
import type { ParleyEvent } from './events.ts';

/** What a reader may learn from an event: never that a held comment exists. `reset`: refetch the thread. */
export type PublicEvent =
  | { type: 'comment'; id: number }
  | { type: 'status'; id: number }
  | { type: 'edit'; id: number }
  | { type: 'vote'; id: number; score: number }
  | { type: 'reset' };

/** More missed comments than this on a reconnect: the client is told to refetch (`reset`) instead. */
const REPLAY_LIMIT = 50;

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

/**
 * One page's public events, from whichever instance made the change. `startId`: the newest
 * approved comment id of the page (comment ids are one sequence for all instances, so it means the
 * same everywhere); a stream's event ids grow from it.
 */
export type PageFeed = { startId: number; subscribe(listener: (event: PublicEvent) => void): () => void };

/**
 * Resolves the site (unknown: 404) and the page, which need not exist yet. With `resumeFrom` (a
 * client's Last-Event-ID), the approved comments after it are announced first. The same catch-up
 * runs when this instance's LISTEN connection comes back after a loss (a PostgreSQL restart).
 */
export async function openPageFeed(services: Services, siteSlug: string, pageKey: string, resumeFrom: number | null = null): Promise<PageFeed> {
  const site = await services.sites.get(siteSlug);
  const db = services.database.db;
  const page = await findPage(db, site.id, pageKey);
  const newest = page ? await lastApprovedId(db, page.id) : 0;
  return {
    startId: resumeFrom === null ? newest : Math.min(newest, resumeFrom),
    subscribe(listener) {
      let pageId = page?.id ?? null;
      let seen = resumeFrom ?? newest;
      const announced = new Set<number>();
      const emit = (data: PublicEvent) => {
        if (data.type === 'comment') {
          // A comment both replayed and announced live is sent once.
          if (announced.has(data.id)) return;
          announced.add(data.id);
          seen = Math.max(seen, data.id);
        }
        listener(data);
      };
      let chain: Promise<void> = Promise.resolve();
      const catchUp = () => {
        chain = chain
          .then(async () => {
            if (pageId === null) pageId = (await findPage(db, site.id, pageKey))?.id ?? null;
            if (pageId === null) return;
            const missed = await listApprovedAfter(db, pageId, seen, REPLAY_LIMIT + 1);
            if (missed.length > REPLAY_LIMIT) return listener({ type: 'reset' });
            for (const { id } of missed) emit({ type: 'comment', id });
          })
          .catch(() => {});
      };
      const unsubscribe = services.events.subscribe((event) => {
        if (event.type === 'resync') return catchUp();
        if (event.siteId !== site.id || !('pageId' in event)) return;
        if (event.pageId === pageId) {
          const data = publicEvent(event);
          if (data) emit(data);
          return;
        }
        // A page nobody had commented on when we connected gets its row with its first comment,
        // maybe on another instance: look it up, then announce what it holds by now.
        if (pageId === null && event.type === 'comment') catchUp();
      });
      if (resumeFrom !== null) catchUp();
      return unsubscribe;
    },
  };
}
