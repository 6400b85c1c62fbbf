import type { ActionResult, AdminLiveEvent, AdminPage, AuditPage, BanPage, BanResult, BanView, BulkAction, ModerationAction, NewBan, PageList, QueueCounts, QueueItem, QueueName, QueuePage, ReaderHistory, ReaderList, SettingsUpdate, SiteSettingsView, UndoResult } from '../../server/contract/admin.ts';
import type { AdminMe, ModeratorUpdate, ModeratorView, NewModerator, NewModeratorResult, AdminSite } from '../../server/contract/accounts.ts';
import type { EmailStatus, OutboxStatus, OutboxView, SubscriptionView, TestMailResult } from '../../server/contract/email.ts';
import type { EraseResultView, ImportJobView, NewImport, RemapResultView } from '../../server/contract/migrate.ts';
import { ApiError, Http, errorOf } from '../http.ts';

export type * from '../../server/contract/admin.ts';
export type * from '../../server/contract/accounts.ts';
export type { EmailStatus, OutboxStatus, OutboxView, SubscriptionView, TestMailResult } from '../../server/contract/email.ts';
export type { EraseResultView, ImportJobView, ImportReportView, RemapResultView } from '../../server/contract/migrate.ts';
export { ApiError } from '../http.ts';

type Query = Record<string, string | number | boolean | undefined | null>;

const toSearch = (query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
};

/**
 * PUTs a file with upload progress, which `fetch` cannot report: one XMLHttpRequest, its answer
 * and failures mapped by the HTTP core's `errorOf` exactly as `Http.json` maps them. It lives here,
 * not in the core, so the reader's bundle does not carry it.
 */
function upload<T>(url: string, file: Blob, headers: Record<string, string>, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        // Not JSON: the status decides.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(errorOf(xhr.status, body, xhr.statusText, xhr.getResponseHeader('Retry-After')));
    });
    xhr.addEventListener('error', () => reject(new ApiError('network', 'The upload broke off')));
    xhr.addEventListener('abort', () => reject(new ApiError('network', 'The upload was stopped')));
    xhr.send(file);
  });
}

/**
 * The admin view's only door to the server. Same origin, session cookie (`credentials:
 * 'same-origin'`), and the `X-Parley-CSRF` header on every state change.
 */
export class AdminApi {
  #csrf = 'login';
  /** Called when the server says the session is gone (401), so the shell can show sign-in. */
  onUnauthorized: (() => void) | null = null;

  readonly #http: Http;

  constructor(readonly base = '/api/v1/admin') {
    this.#http = new Http(base, { credentials: 'same-origin' });
  }

  #headers(method: string): Record<string, string> {
    return method === 'GET' ? { accept: 'application/json' } : { accept: 'application/json', 'x-parley-csrf': this.#csrf };
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#guard(path, () => this.#http.json<T>(path, { method, body, headers: this.#headers(method) }));
  }

  /** Says when the session is gone (401, except on sign-in), then passes the failure on. */
  async #guard<T>(path: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && !path.startsWith('/login')) this.onUnauthorized?.();
      throw error;
    }
  }

  #remember(me: AdminMe): AdminMe {
    this.#csrf = me.csrfToken;
    return me;
  }

  // ---- session ----
  async login(email: string, password: string) {
    return this.#remember(await this.#call<AdminMe>('POST', '/login', { email, password }));
  }
  async loginWithToken(token: string) {
    return this.#remember(await this.#call<AdminMe>('POST', '/login/token', { token }));
  }
  async me() {
    return this.#remember(await this.#call<AdminMe>('GET', '/me'));
  }
  async logout() {
    await this.#call<void>('POST', '/logout');
    this.#csrf = 'login';
  }

  // ---- queues and comments ----
  counts(site?: string) {
    return this.#call<QueueCounts>('GET', `/queues/counts${toSearch({ site })}`);
  }
  queue(queue: QueueName, query: { site?: string; pageId?: number; text?: string; readerId?: number; cursor?: string | null; limit?: number } = {}) {
    return this.#call<QueuePage>('GET', `/queues/${queue}${toSearch(query)}`);
  }
  item(id: number) {
    return this.#call<QueueItem>('GET', `/comments/${id}`);
  }
  act(action: ModerationAction, ids: number[]) {
    if (ids.length === 1) return this.#call<ActionResult>('POST', `/comments/${ids[0]}/actions`, { action });
    return this.#call<ActionResult>('POST', '/actions', { action, ids } satisfies BulkAction);
  }
  undo() {
    return this.#call<UndoResult>('POST', '/undo');
  }

  // ---- readers and bans ----
  readers(query: { site?: string; q?: string; cursor?: string | null } = {}) {
    return this.#call<ReaderList>('GET', `/readers${toSearch(query)}`);
  }
  reader(id: number) {
    return this.#call<ReaderHistory>('GET', `/readers/${id}`);
  }
  bans(query: { site?: string; active?: boolean; cursor?: string | null } = {}) {
    return this.#call<BanPage>('GET', `/bans${toSearch(query)}`);
  }
  ban(input: Partial<NewBan>) {
    return this.#call<BanResult>('POST', '/bans', input);
  }
  liftBan(id: number) {
    return this.#call<BanView>('DELETE', `/bans/${id}`);
  }

  // ---- pages, sites, settings ----
  pages(query: { site?: string; text?: string; cursor?: string | null } = {}) {
    return this.#call<PageList>('GET', `/pages${toSearch(query)}`);
  }
  setPageLocked(id: number, isLocked: boolean) {
    return this.#call<AdminPage>('POST', `/pages/${id}/${isLocked ? 'lock' : 'unlock'}`);
  }
  sites() {
    return this.#call<{ sites: AdminSite[] }>('GET', '/sites');
  }
  settings(site: string) {
    return this.#call<SiteSettingsView>('GET', `/sites/${encodeURIComponent(site)}/settings`);
  }
  saveSettings(site: string, update: SettingsUpdate) {
    return this.#call<SiteSettingsView>('PUT', `/sites/${encodeURIComponent(site)}/settings`, update);
  }

  // ---- moderators and audit ----
  moderators() {
    return this.#call<{ moderators: ModeratorView[] }>('GET', '/moderators');
  }
  addModerator(input: Partial<NewModerator>) {
    return this.#call<NewModeratorResult>('POST', '/moderators', input);
  }
  updateModerator(id: number, update: ModeratorUpdate) {
    return this.#call<ModeratorView>('PATCH', `/moderators/${id}`, update);
  }
  audit(query: { site?: string; cursor?: string | null; limit?: number } = {}) {
    return this.#call<AuditPage>('GET', `/audit${toSearch(query)}`);
  }

  // ---- moving in and out ----
  /** Starts an import; the file follows with `uploadImport`, progress and report come from `importJob`. */
  startImport(input: NewImport) {
    return this.#call<ImportJobView>('POST', '/imports', input);
  }
  uploadImport(id: string, file: Blob, onProgress: (sent: number, total: number) => void) {
    const headers = { ...this.#headers('PUT'), 'content-type': 'application/xml' };
    const path = `/imports/${encodeURIComponent(id)}/file`;
    return this.#guard(path, () => upload<ImportJobView>(this.base + path, file, headers, onProgress));
  }
  importJob(id: string) {
    return this.#call<ImportJobView>('GET', `/imports/${encodeURIComponent(id)}`);
  }
  /** The site's export as a download link (a GET with the session cookie; the server names the file). */
  exportHref(site: string) {
    return `${this.base}/export${toSearch({ site })}`;
  }
  /** Moves threads from old page keys to new ones (merging onto a key that has comments). */
  remapPages(site: string, pairs: { from: string; to: string }[]) {
    return this.#call<{ results: RemapResultView[] }>('POST', '/pages/remap', { site, pairs });
  }
  /** Everything stored about one reader (GDPR access), as the JSON the server gives. */
  readerData(site: string, readerId: number) {
    return this.#call<unknown>('GET', `/reader-data${toSearch({ site, readerId })}`);
  }
  eraseReader(site: string, readerId: number) {
    return this.#call<EraseResultView>('POST', '/reader-data/erase', { site, readerId });
  }

  // ---- e-mail (admins) ----
  emailStatus() {
    return this.#call<EmailStatus>('GET', '/email');
  }
  /** Sends one mail now; answers the SMTP server's reply or its error, word for word (a 200 either way). */
  sendTestMail(to: string) {
    return this.#call<TestMailResult>('POST', '/email/test', { to });
  }
  /** The outbox (the dev mailbox without SMTP), newest first; `before` pages on from `nextBefore`. */
  outbox(query: { status?: OutboxStatus; before?: number | null; limit?: number } = {}) {
    return this.#call<{ rows: OutboxView[]; nextBefore: number | null }>('GET', `/email/outbox${toSearch(query)}`);
  }
  retryMail(id: number) {
    return this.#call<OutboxView>('POST', `/email/outbox/${id}/retry`);
  }
  subscriptions(site: string, page: string) {
    return this.#call<{ subscriptions: SubscriptionView[] }>('GET', `/email/subscriptions${toSearch({ site, page })}`);
  }

  /** Live events for the caller's sites; returns a function that stops listening. */
  listen(site: string | undefined, onEvent: (event: AdminLiveEvent) => void, onReady?: () => void): () => void {
    const source = new EventSource(`${this.base}/events${toSearch({ site })}`, { withCredentials: false });
    const handler = (e: MessageEvent<string>) => {
      try {
        onEvent(JSON.parse(e.data) as AdminLiveEvent);
      } catch {
        // Not one of ours; ignore it.
      }
    };
    const types: AdminLiveEvent['type'][] = ['comment', 'status', 'edit', 'page', 'site'];
    for (const type of types) source.addEventListener(type, handler as EventListener);
    // `ready` comes once the server is subscribed, again after every reconnect: a moment to catch up.
    if (onReady) source.addEventListener('ready', () => onReady());
    return () => source.close();
  }
}
