/**
 * Serialized thread pages (the bytes a cached answer sends, services/threads/thread-answer.ts) keyed by (page, version, sort, cursor, limit). The page version bumps in
 * the transaction of every visible change, so a stale entry is never served: it is just never
 * asked for again, and falls out of the LRU.
 */
export class ThreadCache<T = string> {
  readonly #entries = new Map<string, T>();
  readonly #loading = new Map<string, Promise<T>>();
  #newest: string | undefined;
  constructor(private readonly capacity = 2000) {}

  /**
   * The entry, or `compute()` run once however many requests ask at the same moment: when a story
   * breaks, hundreds of readers open the same thread right after a change, and one query must
   * answer them all (on PGlite's single connection the rest would queue behind identical work).
   */
  async load(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const loading = compute().finally(() => this.#loading.delete(key));
    this.#loading.set(key, loading);
    const value = await loading;
    this.set(key, value);
    return value;
  }

  get(key: string): T | undefined {
    const value = this.#entries.get(key);
    // Already the most recent (a busy article read over and over): nothing to move.
    if (value !== undefined && key !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /** Forget every entry (the bench's cache-off runs). */
  clear(): void {
    this.#entries.clear();
    this.#newest = undefined;
  }

  set(key: string, value: T): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#newest = key;
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
