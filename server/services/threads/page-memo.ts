import type { Db } from '../../store/db.ts';
import { findPage, type PageRow } from '../../store/pages.ts';

// How stale a page row (and so a cached thread) may be on an instance that missed a NOTIFY.
// Changes on this instance, and NOTIFYs from others, drop the entry at once.
const TTL_MS = 1000;

/**
 * Page rows by (site, key) for the read path: a cached thread is then served without touching the
 * database. Every visible change publishes an event naming its page, which drops the entry.
 */
export class PageMemo {
  readonly #byKey = new Map<string, { page: PageRow | undefined; at: number }>();
  readonly #keyById = new Map<number, string>();

  constructor(private readonly db: Db, private readonly capacity = 5000) {}

  /** The page row as held now, with no await: `undefined` when it must be looked up (or does not exist). */
  peek(siteId: number, key: string): PageRow | undefined {
    const hit = this.#byKey.get(`${siteId}\u0000${key}`);
    return hit && Date.now() - hit.at < TTL_MS ? hit.page : undefined;
  }

  async find(siteId: number, key: string): Promise<PageRow | undefined> {
    const memoKey = `${siteId}\u0000${key}`;
    const hit = this.#byKey.get(memoKey);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.page;
    const page = await findPage(this.db, siteId, key);
    // A page that does not exist yet is not remembered: its first comment must show at once.
    if (!page) return undefined;
    if (this.#byKey.size >= this.capacity) this.#clear();
    this.#byKey.set(memoKey, { page, at: Date.now() });
    this.#keyById.set(page.id, memoKey);
    return page;
  }

  forget(pageId: number): void {
    const memoKey = this.#keyById.get(pageId);
    if (memoKey === undefined) return;
    this.#byKey.delete(memoKey);
    this.#keyById.delete(pageId);
  }

  #clear(): void {
    this.#byKey.clear();
    this.#keyById.clear();
  }
}
