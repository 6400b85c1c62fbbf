import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AdminApi, QueueCounts } from './api.ts';

/**
 * The shell's live link to the server: one event stream for the chosen site, the queue counts it
 * keeps fresh, and a tick that bumps on every event so the open screen can refresh.
 */
export class LiveController implements ReactiveController {
  counts: QueueCounts | null = null;
  /** Bumped on every live event (and after a reconnect, when events may have been missed). */
  tick = 0;
  isLive = false;
  #stop: (() => void) | null = null;
  #isCounting = false;
  #isCountAgain = false;
  #site: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: AdminApi,
  ) {
    host.addController(this);
  }

  hostDisconnected() {
    this.stop();
  }

  start(site: string | undefined) {
    this.stop();
    this.#site = site;
    let isFirstReady = true;
    this.#stop = this.api.listen(site, () => this.bump(), () => {
      if (!isFirstReady) this.bump();
      isFirstReady = false;
      this.isLive = true;
      this.host.requestUpdate();
    });
    void this.refreshCounts();
  }

  stop() {
    this.#stop?.();
    this.#stop = null;
    this.isLive = false;
    this.counts = null;
    this.host.requestUpdate();
  }

  /** Something changed (an event, an undo): screens refresh, counts reload. */
  bump() {
    this.tick++;
    this.host.requestUpdate();
    void this.refreshCounts();
  }

  setCounts(counts: QueueCounts) {
    this.counts = counts;
    this.host.requestUpdate();
  }

  /** One counts request at a time; changes that arrive meanwhile cause exactly one more. */
  async refreshCounts() {
    if (this.#isCounting) {
      this.#isCountAgain = true;
      return;
    }
    this.#isCounting = true;
    try {
      do {
        this.#isCountAgain = false;
        this.setCounts(await this.api.counts(this.#site));
      } while (this.#isCountAgain);
    } catch {
      // Counts are a hint; the next event or action retries.
    } finally {
      this.#isCounting = false;
    }
  }
}
