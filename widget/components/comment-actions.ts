import { ApiError, type CommentView, type FlagReason, type Sort, type SubscriptionKind } from '../api-client.ts';
import { removeComment } from '../thread-state.ts';
import type { ParleyComments } from './parley-comments.ts';
import type { PostDetail, ThreadView } from './view.ts';

type Detail<T> = CustomEvent<T>;

/**
 * What `<parley-comments>` does when a reader acts: each `parley-*` event from below becomes one
 * API call, and the answer becomes state that flows back down. Votes are optimistic.
 */
export class CommentActions {
  constructor(private readonly host: ParleyComments) {}

  listen(): void {
    const on = <T>(name: string, handler: (detail: T) => unknown) =>
      this.host.addEventListener(name, (e) => {
        e.stopPropagation();
        void handler((e as Detail<T>).detail);
      });
    on<PostDetail>('parley-post', (d) => this.post(d));
    on<{ body: string }>('parley-save', (d) => this.save(d.body));
    on('parley-cancel', () => this.cancel());
    on<NonNullable<ThreadView['active']>>('parley-open', (d) => this.open(d));
    on<{ id: number }>('parley-delete', (d) => this.remove(d.id));
    on<{ id: number; value: 1 | -1 | 0 }>('parley-vote', (d) => this.vote(d.id, d.value));
    on<{ id: number; reason: FlagReason }>('parley-flag', (d) => this.flag(d.id, d.reason));
    on<{ sort: Sort }>('parley-sort', (d) => this.sortBy(d.sort));
    on<{ on: boolean }>('parley-inline', (d) => (this.host.isInlineOnly = d.on));
    on<{ id: number }>('parley-toggle', (d) => this.toggle(d.id));
    on<{ id: number }>('parley-more-replies', (d) => this.run(() => this.host.loadReplies(d.id)));
    on<{ email: string; kind: SubscriptionKind }>('parley-subscribe', (d) => this.subscribe(d.email, d.kind));
  }

  /** Runs a read; a failure is told in the notice line instead of thrown. */
  async run(task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.host.notice = this.host.describe(e);
    }
  }

  sourceOf(id: number): string {
    const known = this.host.me?.sources?.[String(id)] ?? this.host.client.sourceOf(id);
    if (known !== undefined) return known;
    // Written on another device: start from the rendered text rather than from nothing.
    const c = this.host.comments.find((x) => x.id === id) ?? this.host.me?.pending.find((x) => x.id === id);
    const doc = new DOMParser().parseFromString(c?.bodyHtml ?? '', 'text/html');
    return [...doc.body.children].map((p) => p.textContent ?? '').join('\n\n');
  }

  /** Closing an inline form puts focus back on its comment, not at the top of the page. */
  private async cancel() {
    const id = this.host.active?.id;
    this.open(null);
    if (id !== undefined) await this.host.focusComment(id);
  }

  private open(active: ThreadView['active']) {
    const h = this.host;
    h.active = active;
    h.formError = null;
  }

  private async post(d: PostDetail) {
    const h = this.host;
    h.busy = true;
    h.formError = null;
    try {
      const url = /^https?:$/.test(location.protocol) ? location.href.split('#')[0] : undefined;
      const res = await h.client.post({
        page: h.pageKey,
        ...(url ? { url } : {}),
        ...(document.title ? { title: document.title.slice(0, 300) } : {}),
        ...(d.parentId ? { parentId: d.parentId } : {}),
        body: d.body,
        author: { name: d.author.name, ...(d.author.email ? { email: d.author.email } : {}) },
        honeypot: d.honeypot,
        elapsedMs: Math.max(0, Date.now() - d.renderedAt),
      });
      const c = res.comment;
      h.client.rememberSource(c.id, d.body.trim());
      h.live.markOwn(c.id);
      h.author = d.author;
      this.allowEdit(c);
      h.place(res.status === 'pending' ? { ...c, status: 'pending' } : c, true);
      h.notice = h.words.t(res.status === 'approved' ? 'posted' : 'postedPending');
      h.active = null;
      if (!d.parentId) h.resetKey++;
      await h.focusComment(c.id);
    } catch (e) {
      h.formError = h.describe(e);
      h.formErrorFor = d.parentId ? 'active' : 'new';
      if (e instanceof ApiError && (e.code === 'page_locked' || e.code === 'page_closed') && h.info) {
        h.info = { ...h.info, isLocked: true };
        h.notice = h.formError;
      }
    } finally {
      h.busy = false;
    }
  }

  private allowEdit(c: CommentView) {
    const h = this.host;
    const minutes = h.settings?.editWindowMinutes ?? 0;
    const deadline = new Date(Date.parse(c.createdAt) + minutes * 60_000).toISOString();
    const me = h.meOrEmpty();
    h.me = { ...me, editable: { ...me.editable, [String(c.id)]: deadline } };
  }

  private async save(body: string) {
    const h = this.host;
    const id = h.active?.kind === 'edit' ? h.active.id : null;
    if (id === null) return;
    h.busy = true;
    h.formError = null;
    try {
      const { comment } = await h.client.edit(id, body);
      h.client.rememberSource(id, body.trim());
      h.place(comment, false);
      h.notice = h.words.t(comment.status === 'pending' ? 'postedPending' : 'saved');
      h.active = null;
      await h.focusComment(id);
    } catch (e) {
      h.formError = h.describe(e);
      h.formErrorFor = 'active';
    } finally {
      h.busy = false;
    }
  }

  private async remove(id: number) {
    const h = this.host;
    try {
      await h.client.remove(id);
      const wasApproved = h.comments.some((c) => c.id === id && c.status === 'approved');
      h.comments = removeComment(h.comments, id);
      const me = h.meOrEmpty();
      h.me = { ...me, pending: me.pending.filter((c) => c.id !== id) };
      if (wasApproved && h.info) h.info = { ...h.info, commentCount: Math.max(0, h.info.commentCount - 1) };
      h.notice = h.words.t('removed');
    } catch (e) {
      h.notice = h.describe(e);
    }
  }

  private async vote(id: number, value: 1 | -1 | 0) {
    const h = this.host;
    const before = h.comments.find((c) => c.id === id);
    if (!before) return;
    const me = h.meOrEmpty();
    const previous = me.votes[String(id)] ?? 0;
    const setVote = (v: 1 | -1 | 0) => {
      const votes = { ...h.meOrEmpty().votes };
      if (v) votes[String(id)] = v;
      else delete votes[String(id)];
      h.me = { ...h.meOrEmpty(), votes };
    };
    const setCounts = (c: Pick<CommentView, 'upvotes' | 'downvotes' | 'score'>) =>
      (h.comments = h.comments.map((x) => (x.id === id ? { ...x, upvotes: c.upvotes, downvotes: c.downvotes, score: c.score } : x)));
    // Optimistic: the arrow and the score change at once; an error puts both back.
    const upvotes = before.upvotes - Number(previous === 1) + Number(value === 1);
    const downvotes = before.downvotes - Number(previous === -1) + Number(value === -1);
    setCounts({ upvotes, downvotes, score: before.score + value - previous });
    setVote(value);
    try {
      const result = await h.client.vote(id, value);
      setCounts(result);
      setVote(result.value);
    } catch (e) {
      setCounts(before);
      setVote(previous);
      h.notice = h.describe(e);
    }
  }

  private async flag(id: number, reason: FlagReason) {
    const h = this.host;
    try {
      await h.client.flag(id, reason);
      const me = h.meOrEmpty();
      h.me = { ...me, flagged: [...me.flagged, id] };
      h.notice = h.words.t('reportThanks');
    } catch (e) {
      h.notice = h.describe(e);
    }
  }

  private async sortBy(sort: Sort) {
    const h = this.host;
    h.isInlineOnly = false;
    if (sort === h.sort && h.loadState === 'ready') return;
    h.sort = sort;
    await h.load();
  }

  private toggle(id: number) {
    const next = new Set(this.host.collapsed);
    if (!next.delete(id)) next.add(id);
    this.host.collapsed = next;
  }

  private async subscribe(email: string, kind: SubscriptionKind) {
    const h = this.host;
    h.busy = true;
    try {
      await h.client.subscribe(h.pageKey, email, kind);
      h.subscribeStatus = h.words.t('subscribeSent');
    } catch (e) {
      h.subscribeStatus = e instanceof ApiError && e.code === 'not_found' ? h.words.t('subscribeUnavailable') : h.describe(e);
    } finally {
      h.busy = false;
      h.notice = h.subscribeStatus ?? '';
    }
  }
}
