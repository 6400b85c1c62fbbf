import type { ErrorBody } from '../server/contract/common.ts';

/** An answer that is not 2xx, in the API's error shape; code `network` and status 0 when there was no answer. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly field?: string,
    /** The server's `Retry-After`, in ms, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type Call = {
  method?: string;
  body?: unknown;
  /**
   * This call's own headers: identity, CSRF, and `Idempotency-Key` for a user action (the same
   * object goes out on every retry, so the key is the same and the server applies the action once).
   */
  headers?: Record<string, string>;
  /** Revalidates with the ETag of this path's last answer; a 304 gives that answer again. */
  isRevalidated?: boolean;
};

/**
 * Whether a failed attempt is tried again: the delay in ms before the next one, or null to give
 * up. It sees every failure and the call, so it decides what is safe to repeat (a GET, or a write
 * that carries an `Idempotency-Key`).
 */
export type RetryPolicy = (error: ApiError, attempt: number, call: Call) => number | null;

/**
 * Tries again what is safe to repeat, a read or a write that carries an `Idempotency-Key` (the
 * server applies it once, however many copies arrive), when the failure may pass: no answer at
 * all (a dropped connection, a timeout), a 503 (the database is away a moment), or the key's first
 * request still running. Waits 300 ms, 600 ms, 1.2 s, with jitter so many readers do not come back
 * at once, or longer when the server's `Retry-After` says so (at most 5 s).
 */
export const retryTransient =
  (tries = 4, firstDelayMs = 300): RetryPolicy =>
  (error, attempt, call) => {
    const isRepeatable = (call.method ?? 'GET') === 'GET' || call.headers?.['Idempotency-Key'] !== undefined;
    const mayPass = error.status === 0 || error.status === 503 || error.code === 'idempotency_in_progress';
    if (!isRepeatable || !mayPass || attempt >= tries) return null;
    const backoff = firstDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
    return Math.min(Math.max(backoff, error.retryAfterMs ?? 0), 5_000);
  };

/**
 * The one HTTP core of the reader widget and the admin view: JSON in and out, every non-2xx (and
 * no answer at all) as one `ApiError`, ETag revalidation, and a retry policy hook. The clients
 * above it add only identity (bearer token, or session cookie and CSRF header) and their routes.
 */
export class Http {
  readonly #etags = new Map<string, { etag: string; body: unknown }>();
  readonly #base: string;
  /** Fixed fetch options of this client: `credentials`, `cache`. */
  readonly #init: RequestInit;
  readonly #retry: RetryPolicy | undefined;

  constructor(base: string, init: RequestInit, retry?: RetryPolicy) {
    this.#base = base;
    this.#init = init;
    this.#retry = retry;
  }

  /** The body of a 2xx answer (undefined for 204), after as many attempts as the retry policy allows. */
  async json<T>(path: string, call: Call = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.#once(path, call)) as T;
      } catch (e) {
        const delay = e instanceof ApiError ? this.#retry?.(e, attempt, call) : null;
        if (delay == null) throw e;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * A GET already on its way, started before this client existed (the reader's first page, by
   * embed.js): its URL and answer. The first call for exactly that URL takes the answer instead of
   * asking again; a retry asks anew.
   */
  early: [string, Promise<Response>] | undefined;

  async #once(path: string, call: Call): Promise<unknown> {
    const known = call.isRevalidated ? this.#etags.get(path) : undefined;
    const headers: Record<string, string> = { ...call.headers };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (known) headers['If-None-Match'] = known.etag;
    const url = this.#base + path;
    const early = this.early?.[0] === url && !call.method && !known ? this.early[1] : undefined;
    if (early) this.early = undefined;
    let res: Response;
    try {
      res = await (early ?? fetch(url, {
        ...this.#init,
        method: call.method ?? 'GET',
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      }));
    } catch (e) {
      throw new ApiError('network', (e as Error).message);
    }
    if (res.status === 304 && known) return known.body;
    if (res.status === 304 || res.status === 204) return undefined;
    // An empty or non-JSON body falls through to the status check.
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const error = (body as ErrorBody | null)?.error;
      const retryAfter = Number(res.headers.get('Retry-After'));
      throw new ApiError(error?.code ?? 'unknown', error?.message ?? res.statusText, res.status, error?.field, retryAfter > 0 ? retryAfter * 1000 : undefined);
    }
    const etag = res.headers.get('ETag');
    if (call.isRevalidated && etag) this.#etags.set(path, { etag, body });
    return body;
  }
}

/**
 * A non-2xx answer as an `ApiError`, from the API's error body when there is one: the mapping
 * `Http.json` does, for the admin view's upload (`Http.json` keeps it inline: calling this from
 * there would cost the reader's bundle some gzip bytes).
 */
export function errorOf(status: number, body: unknown, statusText: string, retryAfterHeader: string | null): ApiError {
  const error = (body as ErrorBody | null)?.error;
  const retryAfter = Number(retryAfterHeader);
  return new ApiError(error?.code ?? 'unknown', error?.message ?? statusText, status, error?.field, retryAfter > 0 ? retryAfter * 1000 : undefined);
}
