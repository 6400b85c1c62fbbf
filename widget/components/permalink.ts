import type { ReactiveController } from 'lit';
import type { ParleyComments } from './parley-comments.ts';

/** "View all comments" and permalinks page through at most this many pages: bounded work. */
export const MAX_PAGES = 100;
const PERMALINK = /^#comment-(\d{1,15})$/;

/**
 * `#comment-123` in the address: load whatever thread page and reply page hold the comment, then
 * scroll to it, highlight and focus it. On load and on every hash change.
 */
export class Permalink implements ReactiveController {
  private readonly onHash = () => void this.open();

  constructor(private readonly host: ParleyComments) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('hashchange', this.onHash);
  }

  hostDisconnected(): void {
    removeEventListener('hashchange', this.onHash);
  }

  async open(): Promise<void> {
    const h = this.host;
    const id = Number(PERMALINK.exec(location.hash)?.[1] ?? NaN);
    if (!Number.isSafeInteger(id) || h.loadState !== 'ready') return;
    const isShown = () => h.visible.some((c) => c.id === id);
    const hasRoot = (rootId: number) => h.comments.some((c) => c.id === rootId);
    try {
      if (!isShown()) {
        const target = await h.client.comment(id);
        h.isInlineOnly = false;
        for (let i = 0; !hasRoot(target.rootId) && h.nextCursor && i < MAX_PAGES; i++) await h.loadMore(100);
        for (let i = 0; !isShown() && hasRoot(target.rootId) && i < MAX_PAGES; i++) {
          await h.loadReplies(target.rootId);
          if (!h.replyCursors.get(target.rootId)?.cursor) break;
        }
      }
    } catch (e) {
      h.notice = h.describe(e);
      return;
    }
    if (!isShown()) return;
    h.highlightId = id;
    await h.focusComment(id, 'center');
  }
}
