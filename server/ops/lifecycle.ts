/**
 * The process's shutdown, as the app sees it: once `stop()` is called `/readyz` answers 503 (the load
 * balancer stops sending), open event streams tell their clients to reconnect elsewhere, and
 * responses ask for the connection to be closed.
 */
export class Lifecycle {
  #isStopping = false;
  readonly #listeners = new Set<() => void>();

  get isStopping(): boolean {
    return this.#isStopping;
  }

  /** Runs `listener` at shutdown (at once if it has begun); returns an unsubscribe. */
  onStop(listener: () => void): () => void {
    if (this.#isStopping) {
      listener();
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    if (this.#isStopping) return;
    this.#isStopping = true;
    for (const listener of this.#listeners) listener();
    this.#listeners.clear();
  }
}
