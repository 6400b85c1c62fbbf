/*
 * What link-less spam says, for the content heuristics. Phrases, not single words: a story about
 * a casino or a pharmacy brings readers who write "casino" and "pharmacy"; spam says "online
 * casino", "free spins", "no prescription". Matched on folded text (see foldLookalikes), whole
 * words only. Measured on tests/fixtures/labelled-comments.ts.
 */

/** Goods and schemes spam sells. Each distinct one is a strong signal. */
export const SPAM_TOPICS = [
  // pharmacy
  'viagra', 'cialis', 'levitra', 'tramadol', 'xanax', 'oxycodone', 'phentermine', 'valium', 'ambien', 'adderall',
  'weight loss pills', 'diet pills', 'generic meds', 'online pharmacy', 'no prescription', 'without prescription', 'male enhancement',
  // casino and betting
  'online casino', 'casino bonus', 'free spins', 'no deposit bonus', 'online slots', 'slot machines', 'poker bonus', 'online roulette', 'betting tips', 'sports betting',
  // money
  'make money from home', 'make money online', 'earn from home', 'earn $', 'crypto signals', 'bitcoin doubler',
  'forex profits', 'fast cash', 'payday loan', 'cash loan', 'easy money', 'investment opportunity', 'passive income',
  // misc
  'replica watches', 'seo services', 'buy followers', 'claim your free', 'free prize', 'you have been selected',
] as const;

/** How spam pushes: words of selling and urgency. Each distinct one is a weak signal. */
export const PUSH_WORDS = [
  'buy', 'order', 'cheap', 'discount', 'best price', 'best prices', 'guaranteed', 'limited offer', 'limited time', 'act now', 'click here',
  'click now', 'order now', 'buy now', 'fast delivery', 'discreet shipping', 'contact us', 'free', 'bonus', 'winner', 'prize', 'deal', 'jackpot',
  'slots', 'roulette', 'work from home', 'profit', 'income',
] as const;

/** A messenger or phone number to contact: how link-less spam gets its reply. */
export const CONTACT_RE = /\b(?:whats\s?app|telegram|viber|wechat|signal)\b[^\n]{0,20}?(?:\+?\d[\d\s-]{6,}\d|@\w{3,})|\b(?:text|call|dm)\b[^\n]{0,12}?(?:\+?\d[\d\s-]{6,}\d|@\w{3,})/iu;

// Cyrillic and Greek letters drawn like Latin ones. Folding them lets the word lists see through
// "vіаgrа"; finding them inside a Latin word is a signal of its own.
const LOOKALIKES: Record<string, string> = {
  а: 'a', с: 'c', е: 'e', о: 'o', р: 'p', х: 'x', у: 'y', і: 'i', ј: 'j', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y',
  α: 'a', ο: 'o', ρ: 'p', ν: 'v', τ: 't', ι: 'i', κ: 'k', υ: 'u',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
};

export const foldLookalikes = (text: string) => text.replace(/[\u0370-\u03ff\u0400-\u052f]/gu, (ch) => LOOKALIKES[ch] ?? ch);

/**
 * Words that mix Latin letters with Cyrillic or Greek ones. A Russian sentence that names an
 * iPhone has whole words in each script; "vіаgrа" mixes them inside one word.
 */
export function mixedScriptWords(text: string): string[] {
  const words = text.match(/\p{L}+/gu) ?? [];
  return words.filter((w) => /\p{Script=Latin}/u.test(w) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(w));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phraseRe = (list: readonly string[]) =>
  list.map((p) => ({ phrase: p, re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(p).replace(/ /g, '\\s+')}(?![\\p{L}])`, 'iu') }));
const TOPIC_RES = phraseRe(SPAM_TOPICS);
const PUSH_RES = phraseRe(PUSH_WORDS);

/** Distinct phrases of each list found in (already folded) text. */
export function findSpamPhrases(folded: string): { topics: string[]; pushes: string[] } {
  return {
    topics: TOPIC_RES.filter(({ re }) => re.test(folded)).map(({ phrase }) => phrase),
    pushes: PUSH_RES.filter(({ re }) => re.test(folded)).map(({ phrase }) => phrase),
  };
}

/**
 * How much of the text is the same words again: 1 when every word is new, near 0 for "buy now"
 * twenty times. Only meaningful past a dozen words.
 */
export function uniqueWordRatio(text: string): { words: number; ratio: number } {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  return { words: words.length, ratio: words.length === 0 ? 1 : new Set(words).size / words.length };
}
