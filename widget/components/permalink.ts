import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ThreadStore } from '../thread-store.ts';

const PERMALINK = /^#comment-(\d{1,15})$/;

/**
 * `#comment-123` in the address: the store loads whatever thread page and reply page hold the
 * comment and highlights it; this scrolls to it and focuses it. On load and on every hash change.
 */
export class Permalink implements ReactiveController {
  private connection: AbortController | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly store: ThreadStore,
    private readonly focus: (id: number, block: ScrollLogicalPosition) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connection = new AbortController();
    addEventListener('hashchange', () => void this.open(), { signal: this.connection.signal });
  }

  hostDisconnected(): void {
    this.connection?.abort();
    this.connection = null;
  }

  async open(): Promise<void> {
    const id = Number(PERMALINK.exec(location.hash)?.[1] ?? NaN);
    if (!Number.isSafeInteger(id)) return;
    await this.store.run(async () => {
      if (await this.store.reveal(id)) await this.focus(id, 'center');
    });
  }
}
