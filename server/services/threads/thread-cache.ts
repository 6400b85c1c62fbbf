/**
 * Serialized thread pages keyed by (page, version, sort, cursor, limit). The page version bumps in
 * the transaction of every visible change, so a stale entry is never served: it is just never
 * asked for again, and falls out of the LRU.
 */
export class ThreadCache {
  readonly #entries = new Map<string, string>();
  constructor(private readonly capacity = 2000) {}

  get(key: string): string | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: string): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
