import type { ReactiveController } from 'lit';
import type { ParleyComments } from './parley-comments.ts';

/**
 * Live changes from the server while the page is open. New comments are counted, not inserted:
 * the "N new comments" button lets the reader pull them in, so the page never moves under them.
 * Score changes are applied in place (they change no layout).
 */
export class LiveUpdates implements ReactiveController {
  private stop: (() => void) | null = null;
  private readonly arrived = new Set<number>();
  private readonly own = new Set<number>();

  constructor(private readonly host: ParleyComments) {
    host.addController(this);
  }

  get count(): number {
    return this.arrived.size;
  }

  start(): void {
    if (this.stop) return;
    this.stop = this.host.client.listen(this.host.pageKey, (type, data) => {
      const id = data.id;
      if (typeof id !== 'number') return;
      if (type === 'comment' && !this.own.has(id) && !this.host.comments.some((c) => c.id === id)) {
        this.arrived.add(id);
        this.host.requestUpdate();
      } else if (type === 'vote' && typeof data.score === 'number') {
        const score = data.score;
        if (this.host.comments.some((c) => c.id === id && c.score !== score)) {
          this.host.comments = this.host.comments.map((c) => (c.id === id ? { ...c, score } : c));
        }
      }
    });
  }

  /** The reader's own new comment is already on screen, whichever came first, answer or event. */
  markOwn(id: number): void {
    this.own.add(id);
    if (this.arrived.delete(id)) this.host.requestUpdate();
  }

  reset(): void {
    this.arrived.clear();
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
  }
}
