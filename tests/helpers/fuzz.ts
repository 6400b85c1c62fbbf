import { sql } from 'drizzle-orm';
import type { ParleyApp } from '../../server/app.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { asHeaderValue, asUrlText, NAUGHTY, RAW_URL_VALUES } from './naughty.ts';

/** One route as the fuzzer sees it: a request that works, and which parts of it to spoil. */
export type RouteSample = {
  /** `METHOD /path/:param` as in `app.routes`. */
  route: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: () => Record<string, unknown>;
  headers: () => Record<string, string>;
  /** Headers to spoil one at a time. */
  fuzzHeaders: string[];
};

export type Sent = { label: string; method: string; url: string; headers: Record<string, string>; body?: unknown; rawBody?: string };
export type Answer = { status: number; body: any; contentType: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf path of a JSON object, and every object on the way (so `author` itself is spoiled too). */
export function fieldPaths(value: Record<string, unknown>, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, v] of Object.entries(value)) {
    out.push([...prefix, key]);
    if (isPlainObject(v)) out.push(...fieldPaths(v, [...prefix, key]));
  }
  return out;
}

/** A copy of `value` with `path` set; own properties only, so `__proto__` is data, not a prototype. */
export function withField(value: Record<string, unknown>, path: string[], field: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(at[key])) Object.defineProperty(at, key, { value: {}, enumerable: true, writable: true, configurable: true });
    at = at[key] as Record<string, unknown>;
  }
  Object.defineProperty(at, path.at(-1)!, { value: field, enumerable: true, writable: true, configurable: true });
  return copy;
}

function buildUrl(sample: RouteSample, params: Record<string, string>, query: Array<[string, string]>): string {
  const [, template] = sample.route.split(' ') as [string, string];
  const path = template.replace(/:([a-z]+)/gi, (_, name: string) => params[name] ?? '');
  const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
  return search ? `${path}?${search}` : path;
}

const encodedQuery = (query: Record<string, string>) => Object.entries(query).map(([k, v]) => [k, encodeURIComponent(v)] as [string, string]);
const encodedParams = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)]));

/** Every spoiled variant of one sample: each body field, the whole body, each query value, path param and header. */
export function* variants(sample: RouteSample): Generator<Sent> {
  const [method] = sample.route.split(' ') as [string];
  const params = encodedParams(sample.params ?? {});
  const query = encodedQuery(sample.query ?? {});
  const base = (label: string, over: Partial<Sent> = {}): Sent => {
    const body = sample.body?.();
    return {
      label,
      method,
      url: buildUrl(sample, params, query),
      headers: { ...sample.headers(), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
      ...over,
    };
  };
  yield base('the sample as it is');
  if (sample.body) {
    const shape = sample.body();
    for (const path of fieldPaths(shape)) {
      for (const [name, value] of NAUGHTY) {
        const sent = base('');
        yield { ...sent, label: `body ${path.join('.')} = ${name}`, body: withField(sent.body as Record<string, unknown>, path, value) };
      }
    }
    for (const [name, value] of NAUGHTY) yield { ...base(''), label: `the whole body = ${name}`, body: value };
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const sent = base('');
      yield { ...sent, label: `an extra body key ${key}`, rawBody: JSON.stringify(sent.body).replace(/^\{/, `{"${key}":{"polluted":true,"isAdmin":true},`) };
    }
    yield { ...base(''), label: 'a body that is not JSON', rawBody: '{"a": ' };
  }
  for (const key of Object.keys(sample.query ?? {})) {
    const spoiled = (text: string | null) => query.filter(([k]) => k !== key).concat(text === null ? [] : [[key, text]]);
    for (const [name, value] of NAUGHTY) {
      const sent = base('');
      const q = Array.isArray(value)
        ? query.filter(([k]) => k !== key).concat(value.map((v) => [key, asUrlText(v) ?? ''] as [string, string]))
        : spoiled(asUrlText(value));
      yield { ...sent, label: `query ${key} = ${name}`, url: buildUrl(sample, params, q) };
    }
    for (const [name, raw] of RAW_URL_VALUES) yield { ...base(''), label: `query ${key} = ${name}`, url: buildUrl(sample, params, spoiled(raw)) };
    yield { ...base(''), label: `query ${key} twice`, url: buildUrl(sample, params, [...query, ...query.filter(([k]) => k === key)]) };
  }
  for (const key of Object.keys(sample.params ?? {})) {
    const values: Array<[string, string]> = [
      ...NAUGHTY.map(([name, v]) => [name, asUrlText(v) ?? ''] as [string, string]),
      ...RAW_URL_VALUES.map(([name, raw]) => [name, raw] as [string, string]),
    ];
    for (const [name, text] of values) {
      yield { ...base(''), label: `path :${key} = ${name}`, url: buildUrl(sample, { ...params, [key]: text }, query) };
    }
  }
  for (const header of sample.fuzzHeaders) {
    for (const [name, value] of NAUGHTY) {
      const text = asHeaderValue(value);
      if (text === null) continue; // no HTTP stack can carry it
      const sent = base('');
      yield { ...sent, label: `header ${header} = ${name}`, headers: { ...sent.headers, [header]: text } };
    }
  }
}

/** Sends one request through `app.request()`; an event stream is answered but not read to its end. */
export async function send(app: ParleyApp, sent: Sent): Promise<Answer> {
  const body = sent.rawBody ?? (sent.body === undefined ? undefined : JSON.stringify(sent.body));
  const res = await app.request(sent.url, { method: sent.method, headers: sent.headers, body });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, body: null, contentType };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // left as text: the shape check reports it
  }
  return { status: res.status, body: parsed, contentType };
}

/** What is wrong with an answer in itself: a 5xx, or an error not in the one shape. */
export function answerProblem(answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
  if (answer.status < 400) return null;
  const b = answer.body;
  const error = isPlainObject(b) ? b.error : undefined;
  const isShaped =
    answer.contentType.includes('application/json') &&
    isPlainObject(b) &&
    Object.keys(b).join() === 'error' &&
    isPlainObject(error) &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    Object.keys(error).every((k) => ['code', 'message', 'field'].includes(k));
  return isShaped ? null : `status ${answer.status} without the error shape: ${JSON.stringify(b).slice(0, 300)}`;
}

export type RowCounts = Record<string, number>;

/** Row counts of every table a request may write; rate_limits is left out (attempts count by design). */
export async function rowCounts(app: ParleyApp): Promise<RowCounts> {
  const result = await app.services.database.db.execute(sql`
    select (select count(*) from sites)::int as sites, (select count(*) from pages)::int as pages,
           (select count(*) from readers)::int as readers, (select count(*) from comments)::int as comments,
           (select count(*) from votes)::int as votes, (select count(*) from flags)::int as flags,
           (select count(*) from moderators)::int as moderators, (select count(*) from sessions)::int as sessions,
           (select count(*) from login_tokens)::int as login_tokens, (select count(*) from bans)::int as bans,
           (select count(*) from audit_log)::int as audit_log, (select count(*) from subscriptions)::int as subscriptions,
           (select count(*) from outbox)::int as outbox`);
  return rowsOf<RowCounts>(result)[0]!;
}

export const changedTables = (before: RowCounts, after: RowCounts) =>
  Object.keys(before)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${before[k]}→${after[k]}`);
