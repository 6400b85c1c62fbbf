import type { z } from 'zod';
import type { CommentView, MeView, NewFlag, RepliesPage, Sort, ThreadFilter, ThreadPage } from '../server/contract/comment.ts';
import type { SsoReaderView } from '../server/contract/sso.ts';
import { ApiError, Http, retryTransient, type Call } from './http.ts';

export { ApiError } from './http.ts';
export type { CommentView, MeView, Sort, ThreadPage } from '../server/contract/comment.ts';
export type FlagReason = z.infer<typeof NewFlag>['reason'];
export type { SubscriptionKind, SubscriptionState } from '../server/contract/subscription.ts';

export type ReaderCall = Call & { auth?: boolean };
type SignedIn = { sso: string; token: string; name: string };

/**
 * The only place the widget talks to the network. Identity is a bearer token kept in
 * localStorage per API origin and site, never a cookie: it works with third-party cookies blocked.
 * This half reads (the thread, the reader's own state, signing in); the writes and live updates
 * are `ParleyWrites` (api-writes.ts), fetched after the first paint or on the first write.
 */
export class ParleyClient {
  readonly base: string;
  readonly storageKey: string;
  #memoryToken: string | null = null;
  readonly #http: Http;
  /** The host site's signed-in user: while set, its token is used, never the guest's. */
  #signedIn: SignedIn | null = null;

  constructor(base: string, readonly site: string, early?: Http['early']) {
    this.base = new URL('api/v1/', base).href;
    this.#http = new Http(this.base, { cache: 'no-store', credentials: 'omit' }, retryTransient());
    this.#http.early = early;
    this.storageKey = `parley:${new URL(base).host}:${site}`;
  }

  get token(): string | null {
    if (this.#signedIn) return this.#signedIn.token;
    try {
      return localStorage.getItem(this.storageKey) ?? this.#memoryToken;
    } catch {
      return this.#memoryToken; // storage blocked: the identity lasts as long as the page
    }
  }

  set token(value: string | null) {
    this.#memoryToken = value;
    try {
      if (value) localStorage.setItem(this.storageKey, value);
      else localStorage.removeItem(this.storageKey);
    } catch {
      /* storage blocked */
    }
  }

  /** The host site's `sso` value the reader is signed in with, if any. */
  get sso(): string | null {
    return this.#signedIn?.sso ?? null;
  }

  request<T>(path: string, call: ReaderCall = {}): Promise<T> {
    const token = call.auth && this.token;
    return this.#http.json<T>(path, token ? { ...call, headers: { ...call.headers, Authorization: `Bearer ${token}` } } : call);
  }

  /**
   * Exchanges the host site's signed `sso` value for a reader token; returns the signed name. Kept
   * per site beside the guest token and reused while the page carries the same value; `isFresh`
   * asks again, as when another device's sign-in rotated the token.
   */
  async signIn(sso: string, isFresh = false): Promise<string> {
    const key = `${this.storageKey}:sso`;
    try {
      const kept = JSON.parse(localStorage.getItem(key) ?? 'null') as SignedIn | null;
      if (!isFresh && kept?.sso === sso) this.#signedIn = kept;
    } catch {
      /* storage blocked: sign in for this page only */
    }
    if (isFresh || this.#signedIn?.sso !== sso) {
      const body = await this.request<SsoReaderView>('readers/sso', { method: 'POST', body: { site: this.site, sso } });
      this.#signedIn = { sso, token: body.token, name: body.name };
      try {
        localStorage.setItem(key, JSON.stringify(this.#signedIn));
      } catch {
        /* storage blocked */
      }
    }
    return this.#signedIn.name;
  }

  /** One page of the thread; `null` when nobody has commented on the page yet. Revalidated by ETag. */
  async thread(page: string, sort: Sort, cursor: string | null, limit = 20, filter: ThreadFilter = 'all'): Promise<ThreadPage | null> {
    const q = new URLSearchParams({ site: this.site, page, sort, limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    if (filter !== 'all') q.set('filter', filter);
    try {
      return await this.request<ThreadPage>(`threads?${q}`, { isRevalidated: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'page_not_found') return null;
      throw e;
    }
  }

  async replies(id: number, cursor: string | null, limit = 50): Promise<RepliesPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    return this.request<RepliesPage>(`comments/${id}/replies?${q}`);
  }

  async comment(id: number): Promise<CommentView> {
    return (await this.request<{ comment: CommentView }>(`comments/${id}`)).comment;
  }

  /** The viewer's own state; without an identity there is nothing to ask. */
  async me(page: string): Promise<MeView | null> {
    if (!this.token) return null;
    const q = new URLSearchParams({ site: this.site, page });
    return this.request<MeView>(`me?${q}`, { auth: true });
  }
}
