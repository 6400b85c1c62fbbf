/**
 * Whole-word matching for the banned and suspect word lists: case-insensitive, Unicode-aware, and
 * blind to the cheap disguises (accents, zero-width characters, l33t digits, s.p.a.c.e.d letters,
 * Cyrillic look-alikes inside a Latin word). Pure string work, no I/O.
 */

// Zero-width and invisible formatting characters a spammer slips inside a word.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;
const TOKEN = /[\p{L}\p{N}@$]+/gu;
// Scripts written without spaces between words: a listed word matches anywhere in the text.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };
// Cyrillic and Greek letters drawn like Latin ones; only swapped inside a word that mixes scripts.
const LOOKALIKE: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
};
const LATIN = /\p{Script=Latin}/u;
const NON_LATIN_LOOKALIKE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Lower case, no accents, no invisible characters. */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(INVISIBLE, '').toLowerCase();
}

const mapChars = (token: string, table: Record<string, string>) => [...token].map((ch) => table[ch] ?? ch).join('');

function deLeet(token: string): string {
  // Only a word with letters is l33t: "2024" stays a number.
  return /\p{L}/u.test(token) ? mapChars(token, LEET) : token;
}

function deLookalike(token: string): string {
  return LATIN.test(token) && NON_LATIN_LOOKALIKE.test(token) ? mapChars(token, LOOKALIKE) : token;
}

/** Runs of single characters ("s p a m", "s.p.a.m") read as one word as well. */
function joinSingles(tokens: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const t of tokens) {
    if ([...t].length === 1) {
      run += t;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(t);
  }
  if (run) out.push(run);
  return out;
}

const tokensOf = (normalized: string) => (normalized.match(TOKEN) ?? []).map((t) => t.replace(/[@$]+$/u, '')).filter(Boolean);

/** The readings of a text to match against: as written, de-l33ted and de-disguised, with spaced letters joined. */
function readings(text: string): string[] {
  const base = tokensOf(normalizeText(text));
  const clean = base.map((t) => deLookalike(deLeet(t)));
  const variants = [base, clean, joinSingles(clean)];
  return [...new Set(variants.map((v) => ` ${v.join(' ')} `))];
}

export type WordMatcher = (text: string) => string | null;

/** Compiles a word list once; the matcher returns the first listed word (as listed) found in a text. */
export function compileWords(words: readonly string[]): WordMatcher {
  const entries = words
    .map((word) => {
      const normalized = normalizeText(word.trim());
      const isUnspaced = UNSPACED.test(normalized);
      const tokens = tokensOf(normalized).map((t) => deLookalike(deLeet(t)));
      return { word, isUnspaced, needle: isUnspaced ? normalized : ` ${tokens.join(' ')} ` };
    })
    .filter((e) => e.needle.trim() !== '');
  if (entries.length === 0) return () => null;
  return (text) => {
    const views = readings(text);
    const plain = normalizeText(text);
    for (const e of entries) {
      if (e.isUnspaced ? plain.includes(e.needle) : views.some((v) => v.includes(e.needle))) return e.word;
    }
    return null;
  };
}

// Word lists change rarely and each post checks two of them: keep the last few compiled.
const compiled = new Map<string, WordMatcher>();
export function findListedWord(text: string, words: readonly string[]): string | null {
  if (words.length === 0) return null;
  const key = words.join('\u0000');
  let matcher = compiled.get(key);
  if (!matcher) {
    matcher = compileWords(words);
    if (compiled.size >= 32) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, matcher);
  }
  return matcher(text);
}
