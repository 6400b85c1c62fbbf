import { EventEmitter } from 'node:events';
import type { Database } from '../../store/db.ts';

export type ParleyEvent =
  /** `hasMail`: the comment's transaction queued outbox rows (most queue none). */
  | { type: 'comment'; siteId: number; pageId: number; commentId: number; status: string; hasMail?: boolean }
  | { type: 'status'; siteId: number; pageId: number; commentId: number; status: string }
  | { type: 'edit'; siteId: number; pageId: number; commentId: number }
  | { type: 'vote'; siteId: number; pageId: number; commentId: number; score: number }
  | { type: 'page'; siteId: number; pageId: number }
  | { type: 'site'; siteId: number }
  /** Rows were written to the outbox: every instance's worker looks now instead of at its next poll. */
  | { type: 'outbox'; siteId: number }
  /**
   * Local only: this instance's LISTEN connection came back after a loss, so events of other
   * instances may have been missed meanwhile. Every site (`siteId` 0); streams catch up from their ids.
   */
  | { type: 'resync'; siteId: 0 };

const CHANNEL = 'parley_events';

/**
 * In-process fan-out, carried across instances by LISTEN/NOTIFY: an event published on one
 * instance reaches every instance's subscribers (caches, SSE streams) exactly once.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  readonly #origin = Math.random().toString(36).slice(2);
  #unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: Database,
    /** Told, for each event from another instance, how long it took to arrive (seconds). */
    private readonly onReceived: (lagSeconds: number) => void = () => {},
  ) {
    this.#emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    let listens = 0;
    this.#unlisten = await this.database.listen(CHANNEL, (payload) => {
      try {
        const { origin, event, at } = JSON.parse(payload) as { origin: string; event: ParleyEvent; at?: number };
        if (origin === this.#origin) return;
        // Clocks of two machines differ a little; a negative lag is reported as none.
        if (typeof at === 'number') this.onReceived(Math.max(0, Date.now() - at) / 1000);
        this.#emitter.emit('event', event);
      } catch {
        // A malformed payload is not ours; ignore it.
      }
    }, () => {
      if (++listens > 1) this.#emitter.emit('event', { type: 'resync', siteId: 0 } satisfies ParleyEvent);
    });
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = null;
  }

  /** Call after the change has committed. Delivery to other instances is best effort. */
  publish(event: ParleyEvent): void {
    this.#emitter.emit('event', event);
    if (this.#unlisten) {
      this.database.notify(CHANNEL, JSON.stringify({ origin: this.#origin, event, at: Date.now() })).catch(() => {});
    }
  }

  /**
   * For a write that sends the cross-instance message in its own statement (`pg_notify`, delivered
   * at its commit, so no round trip after it): the channel and payload, or null when this instance
   * does not listen. Call `publishLocal` with the same event after the write.
   */
  notification(event: ParleyEvent): { channel: string; payload: string } | null {
    return this.#unlisten ? { channel: CHANNEL, payload: JSON.stringify({ origin: this.#origin, event, at: Date.now() }) } : null;
  }

  /** The local half of `publish`, for a write that sent `notification(event)` itself. */
  publishLocal(event: ParleyEvent): void {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: (event: ParleyEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
