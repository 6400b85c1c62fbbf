import type { ContentfulStatusCode } from 'hono/utils/http-status';

// Every error code the API can answer with, and its status: fixed here, where the shape is.
export const STATUS = {
  validation: 422,
  bad_request: 400,
  payload_too_large: 413,
  unauthorized: 401,
  reader_required: 401,
  // A token was sent and the database (answering, not failing) knows no reader for it: gone for good,
  // so a client may drop it. `reader_required` only ever means "no token was sent".
  reader_unknown: 401,
  sso_invalid: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  csrf: 403,
  not_owner: 403,
  banned: 403,
  edit_window_closed: 403,
  page_locked: 403,
  page_closed: 403,
  banned_word: 422,
  import_refused: 422,
  duplicate: 409,
  conflict: 409,
  // Idempotency-Key: the first request with the key still runs (retry), or the key named another request.
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
  parent_not_found: 404,
  not_found: 404,
  site_not_found: 404,
  page_not_found: 404,
  comment_not_found: 404,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds, for `rate_limited`: sent as `Retry-After`. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export const notFound = (what: 'site' | 'page' | 'comment', field?: string) =>
  new AppError(`${what}_not_found`, `No such ${what}`, field);
