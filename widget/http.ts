import type { ErrorBody } from '../server/contract/common.ts';

/** An answer that is not 2xx, in the API's error shape; code `network` and status 0 when there was no answer. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Call = {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Revalidates with the ETag of this path's last answer; a 304 gives that answer again. */
  isRevalidated?: boolean;
  /** Sent as `Idempotency-Key`, the same on every retry of this call, so the server applies it once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
};

export type Answer<T> = { status: number; body: T };

/**
 * Whether a failed attempt is tried again: the delay in ms before attempt `attempt + 1`, or null
 * to give up. Called for every failure, so it decides which methods and errors are safe to retry.
 */
export type RetryPolicy = (error: ApiError, attempt: number, method: string) => number | null;

export type HttpOptions = {
  /** Absolute or same-origin prefix every path is appended to. */
  base: string;
  /** Fixed fetch options of this client: `credentials`, `cache`. */
  init: RequestInit;
  /** Headers of every request with this method (session, CSRF); a call's own headers win. */
  headers?: (method: string) => Record<string, string>;
  retry?: RetryPolicy;
};

/** Retries GETs (safe to repeat) after a network failure or a 503, backing off 250 ms, 500 ms, ... */
export const retryReads =
  (tries = 3, firstDelayMs = 250): RetryPolicy =>
  (error, attempt, method) =>
    method === 'GET' && attempt < tries && (error.status === 0 || error.status === 503) ? firstDelayMs * 2 ** (attempt - 1) : null;

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new ApiError('aborted', 'aborted'))), { once: true });
  });

/**
 * The one HTTP core of the reader widget and the admin view: JSON in and out, every non-2xx (and
 * no answer at all) as one `ApiError`, ETag revalidation, and a retry policy hook. The clients
 * above it add only identity (bearer token, or session cookie and CSRF header) and their routes.
 */
export class Http {
  readonly #etags = new Map<string, { etag: string; body: unknown }>();

  readonly #options: HttpOptions;

  constructor(options: HttpOptions) {
    this.#options = options;
  }

  async request<T>(path: string, call: Call = {}): Promise<Answer<T>> {
    const method = call.method ?? 'GET';
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once<T>(method, path, call);
      } catch (e) {
        const delay = e instanceof ApiError && !call.signal?.aborted ? (this.#options.retry?.(e, attempt, method) ?? null) : null;
        if (delay === null) throw e;
        await pause(delay, call.signal);
      }
    }
  }

  /** The body of a 2xx answer (undefined for 204). */
  async json<T>(path: string, call?: Call): Promise<T> {
    return (await this.request<T>(path, call)).body;
  }

  async #once<T>(method: string, path: string, call: Call): Promise<Answer<T>> {
    const known = call.isRevalidated ? this.#etags.get(path) : undefined;
    const headers: Record<string, string> = { ...this.#options.headers?.(method), ...call.headers };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (call.idempotencyKey) headers['Idempotency-Key'] = call.idempotencyKey;
    if (known) headers['If-None-Match'] = known.etag;
    let res: Response;
    try {
      res = await fetch(this.#options.base + path, {
        ...this.#options.init,
        method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal,
      });
    } catch (e) {
      throw new ApiError('network', (e as Error).message);
    }
    if (res.status === 304 && known) return { status: 304, body: known.body as T };
    if (res.status === 304 || res.status === 204) return { status: res.status, body: undefined as T };
    // An empty or non-JSON body falls through to the status check.
    const body = (await res.json().catch(() => null)) as T | ErrorBody | null;
    if (!res.ok) {
      const error = (body as ErrorBody | null)?.error;
      throw new ApiError(error?.code ?? 'unknown', error?.message ?? res.statusText, res.status, error?.field);
    }
    const etag = res.headers.get('ETag');
    if (call.isRevalidated && etag) this.#etags.set(path, { etag, body });
    return { status: res.status, body: body as T };
  }
}
