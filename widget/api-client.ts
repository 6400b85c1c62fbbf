import type { z } from 'zod';
import type {
  CommentView,
  CreatedComment,
  FlagResult,
  MeView,
  NewComment,
  NewFlag,
  NewReaderView,
  PreviewView,
  RepliesPage,
  Sort,
  ThreadFilter,
  ThreadPage,
  VoteResult,
} from '../server/contract/comment.ts';
import type { SsoReaderView } from '../server/contract/sso.ts';
import { ApiError, Http, newIdempotencyKey, retryTransient, type Call } from './http.ts';

export { ApiError } from './http.ts';
export type { CommentView, MeView, Sort, ThreadPage } from '../server/contract/comment.ts';
export type FlagReason = z.infer<typeof NewFlag>['reason'];
// No subscription contract on the server yet (issue 11): the one hand-kept type left.
export type SubscriptionKind = 'page' | 'replies';

type ReaderCall = Call & { auth?: boolean };
type SignedIn = { sso: string; token: string; name: string };

/**
 * The only place the widget talks to the network. Identity is a bearer token kept in
 * localStorage per API origin and site, never a cookie: it works with third-party cookies blocked.
 */
export class ParleyClient {
  private readonly base: string;
  readonly #storageKey: string;
  #memoryToken: string | null = null;
  readonly #http: Http;
  /** The host site's signed-in user: while set, its token is used, never the guest's. */
  #signedIn: SignedIn | null = null;

  constructor(base: string, readonly site: string) {
    this.base = new URL('api/v1/', base).href;
    this.#http = new Http(this.base, { cache: 'no-store', credentials: 'omit' }, retryTransient());
    this.#storageKey = `parley:${new URL(base).host}:${site}`;
  }

  get token(): string | null {
    if (this.#signedIn) return this.#signedIn.token;
    try {
      return localStorage.getItem(this.#storageKey) ?? this.#memoryToken;
    } catch {
      return this.#memoryToken; // storage blocked: the identity lasts as long as the page
    }
  }

  private set token(value: string | null) {
    this.#memoryToken = value;
    try {
      if (value) localStorage.setItem(this.#storageKey, value);
      else localStorage.removeItem(this.#storageKey);
    } catch {
      /* storage blocked */
    }
  }

  /** The Markdown of the reader's own recent comments, kept for editing them within the window. */
  rememberSource(id: number, markdown: string): void {
    const all = this.#sources();
    all[id] = markdown;
    const recent = Object.fromEntries(Object.entries(all).slice(-50));
    try {
      localStorage.setItem(`${this.#storageKey}:sources`, JSON.stringify(recent));
    } catch {
      /* storage blocked: editing falls back to the rendered text */
    }
  }

  sourceOf(id: number): string | undefined {
    return this.#sources()[id];
  }

  #sources(): Record<string, string> {
    try {
      return JSON.parse(localStorage.getItem(`${this.#storageKey}:sources`) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  #request<T>(path: string, call: ReaderCall = {}): Promise<T> {
    const token = call.auth && this.token;
    return this.#http.json<T>(path, token ? { ...call, headers: { ...call.headers, Authorization: `Bearer ${token}` } } : call);
  }

  /**
   * Calls that need a reader: creates the guest identity on first use. A token is replaced only when
   * the server says it is gone for good (`reader_unknown`); any other failure, an outage included,
   * keeps it, so the reader never loses the comments they may still edit.
   */
  async #asReader<T>(path: string, call: Call): Promise<T> {
    if (!this.token) await this.#createReader();
    try {
      return await this.#request<T>(path, { ...call, auth: true });
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'reader_unknown') throw e;
      await this.#createReader();
      return await this.#request<T>(path, { ...call, auth: true });
    }
  }

  /** A user action: one `Idempotency-Key` for all its attempts, so it takes effect once. */
  #act<T>(path: string, call: Call): Promise<T> {
    return this.#asReader<T>(path, { ...call, headers: { ...call.headers, 'Idempotency-Key': newIdempotencyKey() } });
  }

  /**
   * Exchanges the host site's signed `sso` value for a reader token; returns the signed name. Kept
   * per site beside the guest token and reused while the page carries the same value; `isFresh`
   * asks again, as when another device's sign-in rotated the token.
   */
  async signIn(sso: string, isFresh = false): Promise<string> {
    const key = `${this.#storageKey}:sso`;
    try {
      const kept = JSON.parse(localStorage.getItem(key) ?? 'null') as SignedIn | null;
      if (!isFresh && kept?.sso === sso) this.#signedIn = kept;
    } catch {
      /* storage blocked: sign in for this page only */
    }
    if (isFresh || this.#signedIn?.sso !== sso) {
      const body = await this.#request<SsoReaderView>('readers/sso', { method: 'POST', body: { site: this.site, sso } });
      this.#signedIn = { sso, token: body.token, name: body.name };
      try {
        localStorage.setItem(key, JSON.stringify(this.#signedIn));
      } catch {
        /* storage blocked */
      }
    }
    return this.#signedIn.name;
  }

  async #createReader(): Promise<void> {
    if (this.#signedIn) return void (await this.signIn(this.#signedIn.sso, true));
    this.token = null;
    const body = await this.#request<NewReaderView>('readers', { method: 'POST', body: { site: this.site } });
    this.token = body.token;
  }

  /** One page of the thread; `null` when nobody has commented on the page yet. Revalidated by ETag. */
  async thread(page: string, sort: Sort, cursor: string | null, limit = 20, filter: ThreadFilter = 'all'): Promise<ThreadPage | null> {
    const q = new URLSearchParams({ site: this.site, page, sort, limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    if (filter !== 'all') q.set('filter', filter);
    try {
      return await this.#request<ThreadPage>(`threads?${q}`, { isRevalidated: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'page_not_found') return null;
      throw e;
    }
  }

  async replies(id: number, cursor: string | null, limit = 50): Promise<RepliesPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    return this.#request<RepliesPage>(`comments/${id}/replies?${q}`);
  }

  async comment(id: number): Promise<CommentView> {
    return (await this.#request<{ comment: CommentView }>(`comments/${id}`)).comment;
  }

  /** The viewer's own state; without an identity there is nothing to ask. */
  async me(page: string): Promise<MeView | null> {
    if (!this.token) return null;
    const q = new URLSearchParams({ site: this.site, page });
    return this.#request<MeView>(`me?${q}`, { auth: true });
  }

  post(input: Omit<NewComment, 'site'>): Promise<CreatedComment> {
    return this.#act('comments', { method: 'POST', body: { ...input, site: this.site } });
  }

  edit(id: number, body: string): Promise<{ comment: CommentView }> {
    return this.#act(`comments/${id}`, { method: 'PATCH', body: { body } });
  }

  remove(id: number): Promise<void> {
    return this.#asReader(`comments/${id}`, { method: 'DELETE' });
  }

  vote(id: number, value: 1 | -1 | 0): Promise<VoteResult> {
    return this.#act(`comments/${id}/vote`, { method: 'PUT', body: { value } });
  }

  flag(id: number, reason: FlagReason): Promise<FlagResult> {
    return this.#act(`comments/${id}/flags`, { method: 'POST', body: { reason } });
  }

  subscribe(page: string, email: string, kind: SubscriptionKind): Promise<unknown> {
    return this.#asReader('subscriptions', { method: 'POST', body: { site: this.site, page, email, kind } });
  }

  /**
   * Live changes on the page (Server-Sent Events): `comment` {id}, `vote` {id, score}, `edit`,
   * `status`. Returns the function that stops listening. EventSource reconnects by itself.
   */
  listen(page: string, onEvent: (type: string, data: { id?: number; score?: number }) => void): () => void {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource(`${this.base}events?${new URLSearchParams({ site: this.site, page })}`);
    for (const type of ['comment', 'vote', 'edit', 'status']) {
      source.addEventListener(type, (e) => {
        try {
          onEvent(type, JSON.parse((e as MessageEvent<string>).data) as { id?: number; score?: number });
        } catch {
          /* a malformed event is skipped, the stream goes on */
        }
      });
    }
    return () => source.close();
  }

  async preview(body: string): Promise<string> {
    return (await this.#request<PreviewView>('preview', { method: 'POST', body: { site: this.site, body } })).html;
  }
}
