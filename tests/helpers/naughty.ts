/**
 * Naughty values, after the big-list-of-naughty-strings classes: what a hostile or broken client
 * sends into a field. JSON values of every kind, since a field that wants a string gets numbers,
 * arrays and objects too.
 */
const zalgo = [...'zalgo'].map((ch) => ch + '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a\u030b\u030c\u030d\u030e\u030f\u0310\u0311\u0312\u0313\u0314\u0315\u031b\u0327\u0328\u0334\u0335\u0336\u0337\u0338').join('');

export const NAUGHTY: ReadonlyArray<readonly [string, unknown]> = [
  ['an empty string', ''],
  ['whitespace only', ' \t\n\u00a0\u2003\u3000 '],
  ['a NUL byte', 'a\u0000b'],
  ['C0 controls', 'bell\u0007 esc\u001b[31m del\u007f'],
  ['C1 controls', 'c1\u0080\u0085\u009b\u009f'],
  ['a lone high surrogate', 'x\ud800y'],
  ['a lone low surrogate', '\udfffz'],
  ['a byte order mark', '\ufeffhello'],
  ['an RTL override', '\u202egnirts desrever\u202c'],
  ['direction marks and isolates', '\u200eleft\u200f \u2066iso\u2069'],
  ['zero-width joiners and spaces', 'a\u200b\u200c\u200d\u2060b'],
  ['Zalgo (combining marks)', zalgo],
  ['emoji ZWJ sequences', '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽'],
  ['10 KB', 'a'.repeat(10_240)],
  ['100 KB', 'b'.repeat(102_400)],
  ['SQL', "'; drop table comments; --"],
  ['SQL tautology', "1' or '1'='1"],
  ['a script tag', '<script>alert(1)</script>'],
  ['an attribute breakout', '"><img src=x onerror=alert(1)>'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['Markdown and HTML links to javascript:', '[x](javascript:alert(1)) <a href="javascript:alert(1)">y</a> [z](JaVaScRiPt:alert(1))'],
  ['template syntax', '{{7*7}} ${7*7} <%= 7*7 %> #{7*7}'],
  ['format strings', '%s%s%n%x%d%%'],
  ['path traversal', '../../etc/passwd'],
  ['encoded path traversal', '..%2f..%2fetc%2fpasswd%00'],
  ['unicode numbers', '١٢٣ ⅷ ① ５'],
  ['__proto__ as text', '__proto__'],
  ['constructor as text', 'constructor'],
  ['a number as text', '5'],
  ['a negative number as text', '-1'],
  ['a float as text', '1.5'],
  ['a huge number as text', '99999999999999999999999'],
  ['NaN as text', 'NaN'],
  ['a huge number', 1e308],
  ['past the largest safe integer', 9007199254740993],
  ['a huge int4', 2147483648],
  ['a negative number', -1],
  ['zero', 0],
  ['a float', 1.5],
  ['true', true],
  ['false', false],
  ['null', null],
  ['an array of text', ['a']],
  ['an empty array', []],
  ['an object', { a: 1 }],
  ['a __proto__ object', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['a constructor object', { constructor: { prototype: { polluted: true } } }],
];

/** Raw (already percent-encoded) query and path values: bytes that are not UTF-8, bad escapes. */
export const RAW_URL_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['an encoded NUL', '%00'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['bytes that are not UTF-8', '%FF%FE'],
  ['an overlong slash', '%C0%AF'],
  ['a bare percent', '%'],
  ['a bad escape', '%zz'],
  ['an encoded newline', 'a%0D%0Ab'],
];

/** A naughty value as one URL component, percent-encoded (lone surrogates become U+FFFD, as a browser does). */
export function asUrlText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return encodeURIComponent(text.toWellFormed());
}

/**
 * A naughty value as an HTTP header value, as a raw client would put it on the wire (UTF-8 bytes
 * read as Latin-1), or null when no HTTP stack can carry it (NUL, CR, LF).
 */
export function asHeaderValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const bytes = Buffer.from(text.toWellFormed(), 'utf8').toString('latin1');
  try {
    new Headers({ x: bytes });
    return bytes;
  } catch {
    return null;
  }
}

/** What a stored body_html must never contain, whatever was sent. */
export function unsafeHtml(html: string): string | null {
  if (/<script/i.test(html)) return '<script';
  if (/<[^>]*\son[a-z]+\s*=/i.test(html)) return 'an on* attribute';
  // As text ("javascript:alert(1)" in a paragraph) it is harmless; in an attribute it is not.
  if (/<[^>]*=\s*["']?\s*javascript:/i.test(html)) return 'a javascript: attribute';
  if (/<(img|iframe|svg|style|form|input|object|embed)\b/i.test(html)) return 'a tag outside the allowlist';
  return null;
}
