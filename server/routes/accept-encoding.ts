import type { ContentEncoding } from '../services/threads/thread-answer.ts';

// A server sees few distinct Accept-Encoding values (one per browser and version): each is parsed
// once. Longer values than any browser sends are parsed every time and not kept.
const KEPT = 100;
const KEPT_LENGTH = 200;
const memo = new Map<string, ContentEncoding | null>();

/**
 * The coding to answer in for an `Accept-Encoding` header (RFC 9110 §12.5.3): the one of brotli and
 * gzip with the higher weight, brotli on a tie (smaller at the same cost); none when neither is
 * accepted. `q=0` refuses a coding, and `*` stands for any coding the header does not name.
 */
export function preferredEncoding(header: string | null | undefined): ContentEncoding | null {
  if (!header) return null;
  const known = memo.get(header);
  if (known !== undefined) return known;
  const found = parse(header);
  if (header.length <= KEPT_LENGTH) {
    if (memo.size >= KEPT) memo.clear();
    memo.set(header, found);
  }
  return found;
}

function parse(header: string): ContentEncoding | null {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    const q = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}
