import type { CommentView, CreatedComment, FlagResult, NewComment, NewReaderView, PreviewView, VoteResult } from '../server/contract/comment.ts';
import type { FlagReason, ParleyClient, SubscriptionKind, SubscriptionState } from './api-client.ts';
import { ApiError, type Call } from './http.ts';

/** A fresh key for one user action: random, and available outside secure contexts (unlike `randomUUID`). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The reader's writes and the live stream, over `ParleyClient`'s identity and HTTP core. Its own
 * chunk: a reader who only reads never needs it before the thread is on screen.
 */
export class ParleyWrites {
  constructor(readonly client: ParleyClient) {}

  /**
   * Calls that need a reader: creates the guest identity on first use. A token is replaced only when
   * the server says it is gone for good (`reader_unknown`); any other failure, an outage included,
   * keeps it, so the reader never loses the comments they may still edit.
   */
  async #asReader<T>(path: string, call: Call): Promise<T> {
    const c = this.client;
    if (!c.token) await this.#createReader();
    try {
      return await c.request<T>(path, { ...call, auth: true });
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'reader_unknown') throw e;
      await this.#createReader();
      return await c.request<T>(path, { ...call, auth: true });
    }
  }

  /** A user action: one `Idempotency-Key` for all its attempts, so it takes effect once. */
  #act<T>(path: string, call: Call): Promise<T> {
    return this.#asReader<T>(path, { ...call, headers: { ...call.headers, 'Idempotency-Key': newIdempotencyKey() } });
  }

  async #createReader(): Promise<void> {
    const c = this.client;
    if (c.sso) return void (await c.signIn(c.sso, true));
    c.token = null;
    const body = await c.request<NewReaderView>('readers', { method: 'POST', body: { site: c.site } });
    c.token = body.token;
  }

  /** The Markdown of the reader's own recent comments, kept on this device by `rememberSource`, for editing them. */
  sources(): Record<string, string> {
    try {
      return JSON.parse(localStorage.getItem(`${this.client.storageKey}:sources`) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  }

  /** Keeps the Markdown of the reader's own recent comments on this device, for editing them within the window. */
  rememberSource(id: number, markdown: string): void {
    const all = this.sources();
    all[id] = markdown;
    const recent = Object.fromEntries(Object.entries(all).slice(-50));
    try {
      localStorage.setItem(`${this.client.storageKey}:sources`, JSON.stringify(recent));
    } catch {
      /* storage blocked: editing falls back to the rendered text */
    }
  }

  post(input: Omit<NewComment, 'site'>): Promise<CreatedComment> {
    return this.#act('comments', { method: 'POST', body: { ...input, site: this.client.site } });
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

  /** A signed-in reader's address is the one their site signed: `email` is then left out. */
  subscribe(page: string, email: string, kind: SubscriptionKind): Promise<SubscriptionState> {
    return this.#asReader('subscriptions', { method: 'POST', body: { site: this.client.site, page, kind, email: email || undefined } });
  }

  /** The reader's subscriptions on the page; without an identity there are none. */
  async subscriptions(page: string): Promise<SubscriptionState[]> {
    if (!this.client.token) return [];
    const q = new URLSearchParams({ site: this.client.site, page });
    return (await this.#asReader<{ subscriptions: SubscriptionState[] }>(`subscriptions?${q}`, {})).subscriptions;
  }

  unsubscribe(id: number): Promise<void> {
    return this.#asReader(`subscriptions/${id}`, { method: 'DELETE' });
  }

  /**
   * Live changes on the page (Server-Sent Events): `comment` {id}, `vote` {id, score}, `edit`,
   * `status`. Returns the function that stops listening. EventSource reconnects by itself.
   */
  listen(page: string, onEvent: (type: string, data: { id?: number; score?: number }) => void): () => void {
    if (typeof EventSource === 'undefined') return () => {};
    const source = new EventSource(`${this.client.base}events?${new URLSearchParams({ site: this.client.site, page })}`);
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
    return (await this.client.request<PreviewView>('preview', { method: 'POST', body: { site: this.client.site, body } })).html;
  }
}
