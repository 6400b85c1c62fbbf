import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownSlow, renderPlainProse } from '../../server/services/comments/render-markdown.ts';
import { hostileString } from '../helpers/arbitraries.ts';

/**
 * The plain-prose path of the renderer skips markdown-it and the sanitiser. Wherever it answers,
 * its HTML is byte for byte what the full path gives; it answers for ordinary comments, so the
 * saving cannot quietly vanish; and `renderMarkdown` equals the full path for every input.
 * A pure unit test: no database.
 */

/** Fixed, so CI is repeatable; set PARLEY_PROPERTY_SEED locally to explore further. */
const SEED = Number(process.env.PARLEY_PROPERTY_SEED ?? 20_261_202);
const RUNS = Number(process.env.PARLEY_PROPERTY_RUNS_FAST_PATH ?? 3_000);

/** Fast path against the full one; counts how often the fast path answered. */
function checker() {
  const seen = { total: 0, fast: 0 };
  const check = (source: string) => {
    const slow = renderMarkdownSlow(source);
    const fast = renderPlainProse(source);
    seen.total++;
    if (fast !== undefined) {
      seen.fast++;
      expect(slow.linkCount, JSON.stringify(source)).toBe(0);
      expect(fast, JSON.stringify(source)).toBe(slow.html);
    }
    expect(renderMarkdown(source), JSON.stringify(source)).toEqual(slow);
  };
  return { seen, check };
}

// Words that come close to what linkify or Markdown reacts to once a `.`, `:` or `/` sits next to them.
const WORDS = [
  'Great', 'article', 'thanks', 'I', 'disagree', 'with', 'the', 'second', 'point', 'though', 'a', 'x', 'Second', 'paragraph',
  'www', 'com', 'org', 'it', 'no', 'io', 'рф', 'xn--p1ai', 'localhost', 'http', 'https', 'ftp', 'mailto', 'javascript', 'data',
  'example', 'Ünïcødé', 'naïve', 'café', 'straße', 'ſ', 'K', '日本語', 'مرحبا', 'שלום', 'Привет', 'ﬁ', 'e\u0301', '１', '²', 'Ⅻ',
  '0', '1', '7', '12', '2024', '123456789', '1234567890', '👍', '👍🏽', '👨\u200D👩\u200D👧', '❤\uFE0F', '©', '™',
];
/** Every character the fast path lets through, and each run of them that matters (dots, colons, spaces, line ends). */
const PUNCT = [',', ';', '!', '?', "'", '"', '(', ')', '%', '.', ':', '-', '...', '--', ':)', ':-(', '."', '.)', '1.', '2)', '!!'];
const SPACE = [' ', '  ', '   ', '    ', '     ', '\n', '\n\n', '\n\n\n', '\n \n', '\n    \n', ' \n', '  \n', '\r\n', '\r\n\r\n', '\r', '\r\r', '\n\r'];

/** Strings made only of the fast path's alphabet, in clumps that probe its rules (line starts, dots before letters…). */
const prose = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 6 }, { arbitrary: fc.constantFrom(...PUNCT), weight: 3 }, { arbitrary: fc.constantFrom(...SPACE), weight: 4 }), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** Single characters of the alphabet (and a few neighbours outside it), any order. */
const alphabetChars = fc
  .array(fc.constantFrom('a', 'Z', 'é', '1', '0', ' ', ' ', '\n', '\r', ',', ';', '!', '?', "'", '"', '(', ')', '%', '.', ':', '-', '👍', '\u200D', '\uFE0F', '\u0301', '/', '@', '_', '*', '&', '<', '>', '#', '\t'), { maxLength: 30 })
  .map((chars) => chars.join(''));

/** Things neither path may treat as prose by mistake. */
const NAUGHTY = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '&amp; &lt; &#x3C; &#60; &nbsp; &copy;', 'AT&T', 'a < b > c', 'javascript:alert(1)',
  'JaVaScRiPt:alert(1)', '[x](javascript:alert(1))', '[a](https://example.com)', 'https://example.com', 'http://x', '//evil.example', 'www.example.com',
  'example.com', 'user@example.com', 'mailto:a@b.c', '127.0.0.1', '1.2.3.4', 'end.It', 'a.b', 'пример.рф', 'ex\u0301ample.com', '**bold**', '_em_', '~~del~~',
  '`code`', '# head', '> quote', '- item', '+ item', '* item', '1. one', '1) one', '2024. year', '   - item', '    code', '\tcode', '---', '===', 'a\n---',
  'a\n===', '| a | b |', '\\*', '![i](https://x.example/i.png)', '[r]: https://example.com', '\u202Eevil\u202C', '\u200F\u200E', '\u200B', 'a\u200Bb',
  '\uFEFF', '\u2060', '\u00A0a\u00A0', 'a\u2028b', 'a\u2029b', '\u0000', 'a\u0000b', '\u000B', '\f', '\u0085', '\u3000', 'x\uD83D', '\uDE00', '😀',
  '🇩🇪', '👍🏿', 'a\u3002com', 'a\uFF0Ecom', 'ｅｘａｍｐｌｅ．ｃｏｍ', '${7*7}', "' or 1=1 --", '"quoted"', "it's", 'a  \nb', 'a\\\nb', '<http://x>', 'x@y', '//localhost/x',
  'user@localhost', 'a//b', 'http://localhost', 'localhost:8080',
];
const naughty = fc.oneof(
  fc.constantFrom(...NAUGHTY),
  fc.array(fc.oneof(fc.constantFrom(...NAUGHTY), fc.constantFrom(...WORDS), fc.constantFrom(...SPACE), fc.constantFrom(...PUNCT)), { maxLength: 12 }).map((p) => p.join('')),
  hostileString.filter((s) => s.length < 2_000),
);

/** Typical comments: the fast path must take these. */
const TYPICAL = [
  'Great article, thanks! I disagree with the second point though.\n\nSecond paragraph.',
  'Thanks for writing this up.',
  "I don't think that's right: the numbers in the third table say otherwise. Did you check them?",
  'Agreed!\nThough I would add one thing (maybe two).',
  'This is exactly what I needed today 👍',
  'Très bien écrit, merci ! Ich stimme zu; nicht ganz, aber fast.',
  '  Leading and trailing spaces...  \n  are fine too.  \n\n\n',
  'He said "no", and that was 100% the end of it.\r\n\r\nWindows line endings too.',
];

describe('the plain-prose path renders what markdown-it and the sanitiser render, byte for byte', () => {
  it('takes ordinary comments, and gives their HTML', () => {
    for (const body of TYPICAL) {
      expect(renderPlainProse(body), JSON.stringify(body)).toBe(renderMarkdownSlow(body).html);
    }
    expect(renderPlainProse(TYPICAL[0]!)).toBe('<p>Great article, thanks! I disagree with the second point though.</p>\n<p>Second paragraph.</p>');
    expect(renderPlainProse(TYPICAL[3]!)).toBe('<p>Agreed!<br />\nThough I would add one thing (maybe two).</p>');
    expect(renderPlainProse('')).toBe('');
  });

  it('leaves Markdown, links and markup to the full path', () => {
    for (const body of ['**bold**', 'see example.com', 'https://example.com', 'a@b.co', '1. one', '- one', '    code', '<b>x</b>', 'AT&T', 'a\tb', 'a\u00A0b']) {
      expect(renderPlainProse(body), JSON.stringify(body)).toBeUndefined();
    }
  });

  const cases: Array<[name: string, arb: fc.Arbitrary<string>, minFast: number]> = [
    ['strings of the fast-path alphabet', prose, 0.3],
    ['characters of the alphabet and its neighbours', alphabetChars, 0.05],
    ['naughty strings', naughty, 0],
    ['arbitrary Unicode strings', fc.string({ unit: 'binary', maxLength: 60 }), 0],
    ['arbitrary grapheme strings', fc.string({ unit: 'grapheme', maxLength: 60 }), 0],
    ['arbitrary ASCII strings', fc.string({ unit: 'binary-ascii', maxLength: 60 }), 0],
  ];
  for (const [name, arb, minFast] of cases) {
    it(`${name}: the same HTML and link count wherever it answers`, () => {
      const { seen, check } = checker();
      fc.assert(fc.property(arb, check), { seed: SEED, numRuns: RUNS });
      console.info(`markdown fast path, ${name}: ${seen.fast} of ${seen.total} took it`);
      // The generators reach the fast path, so the property says something.
      expect(seen.fast).toBeGreaterThanOrEqual(Math.floor(minFast * seen.total));
    });
  }
});
