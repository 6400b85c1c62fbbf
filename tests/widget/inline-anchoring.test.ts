import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUOTE, MAX_QUOTE_CONTEXT } from '../../server/contract/comment.ts';
import { demoArticle } from '../../server/routes/demo-article.ts';
import * as quoteModule from '../../widget/inline/text-quote.ts';
import { launchBrowser } from '../helpers/browser.ts';

/**
 * Re-anchoring on the real demo article in Chromium: select a passage, change the article the way
 * editors do, and find the passage again, or say it changed. Never the wrong passage.
 */

let browser: Browser;
let page: Page;
let moduleSource: string;

beforeAll(async () => {
  browser = await launchBrowser();
  // The module as the widget ships it (approx-string-match bundled in), exposed as `window.tq`.
  const out = await build({
    entryPoints: [new URL('../../widget/inline/text-quote.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'tq',
    write: false,
    target: 'es2022',
  });
  moduleSource = out.outputFiles[0]!.text;
  page = await (await browser.newContext()).newPage();
});
afterAll(() => browser?.close());

/** A fresh copy of the demo article (no widget), the anchoring module, and test ids on its paragraphs. */
async function freshArticle(): Promise<void> {
  const html = demoArticle('en', 'light').replace(/<script[^>]*embed\.js[^>]*><\/script>/, '');
  await page.setContent(html);
  await page.addScriptTag({ content: moduleSource });
  await page.evaluate(() => document.querySelectorAll('article p, article h2').forEach((el, i) => el.setAttribute('data-test', `p${i}`)));
}

type Tq = typeof quoteModule;
type Found = { text: string; in: string | null } | null;

/** Selects `phrase` (its `nth` occurrence) inside element `[data-test=id]` and describes it. */
function select(id: string, phrase: string, nth = 0) {
  return page.evaluate(
    ({ id, phrase, nth }) => {
      const tq = (window as unknown as { tq: Tq }).tq;
      const el = document.querySelector(`[data-test="${id}"]`)!;
      const article = tq.articleText(el);
      let at = -1;
      for (let i = 0; i <= nth; i++) at = article.text.indexOf(phrase, at + 1);
      const range = tq.rangeOf(article, at, at + phrase.length)!;
      const selection = getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return tq.describeRange(document.querySelector('article')!, selection.getRangeAt(0));
    },
    { id, phrase, nth },
  );
}

/** Where the quote lands now: its text and the test id of the element holding it, or null. */
function find(quote: quoteModule.TextQuote): Promise<Found> {
  return page.evaluate((quote) => {
    const tq = (window as unknown as { tq: Tq }).tq;
    const found = tq.anchorQuote(document.querySelector('article')!, quote);
    if (!found) return null;
    const start = found.range.startContainer.parentElement?.closest('[data-test]');
    return { text: found.range.toString(), in: start?.getAttribute('data-test') ?? null };
  }, quote);
}

const edit = (fn: () => void) => page.evaluate(fn);

const SENTENCE = 'Work is due to start in September and to take eighteen months.';

describe('anchoring a passage of the demo article (real Chromium DOM)', () => {
  it('the widget and the server agree on the quote limits', () => {
    expect(quoteModule.MAX_QUOTE).toBe(MAX_QUOTE);
    expect(quoteModule.CONTEXT).toBeLessThanOrEqual(MAX_QUOTE_CONTEXT);
  });

  it('a selected sentence becomes an exact quote with prefix, suffix and position, and is found again as it was', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    expect(quote.exact).toBe(SENTENCE);
    expect(quote.prefix.endsWith('eastern entrance. ')).toBe(true);
    expect(quote.end - quote.start).toBe(SENTENCE.length);
    expect(await find(quote)).toEqual({ text: SENTENCE, in: 'p4' });
  });

  it('a selection with white space around it, or across a paragraph break, is trimmed and round-trips', async () => {
    await freshArticle();
    const padded = (await select('p4', ` ${SENTENCE}`))!;
    expect(padded.exact).toBe(SENTENCE);
    const across = await page.evaluate(() => {
      const tq = (window as unknown as { tq: Tq }).tq;
      const range = document.createRange();
      range.setStart(document.querySelector('[data-test="p3"]')!.firstChild!, 100);
      range.setEnd(document.querySelector('[data-test="p4"]')!.firstChild!, 30);
      return tq.describeRange(document.querySelector('article')!, range);
    });
    expect(across!.exact).toContain('\n');
    expect((await find(across!))!.text).toBe(across!.exact);
  });

  it('a selection outside the article, or longer than the server takes, gives no quote', async () => {
    await freshArticle();
    const outside = await page.evaluate(() => {
      const tq = (window as unknown as { tq: Tq }).tq;
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('.masthead')!);
      return tq.describeRange(document.querySelector('article')!, range);
    });
    expect(outside).toBeNull();
    const whole = await page.evaluate(() => {
      const tq = (window as unknown as { tq: Tq }).tq;
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('article')!);
      return tq.describeRange(document.querySelector('article')!, range);
    });
    expect(whole).toBeNull();
  });

  it('paragraphs inserted before the passage: found at its new position, in the same paragraph', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    await edit(() => {
      const first = document.querySelector('[data-test="p3"]')!;
      for (const text of ['UPDATE: this article was corrected on 15 March.', 'A second new paragraph, with much more text in it than before.']) {
        const p = document.createElement('p');
        p.textContent = text;
        first.before(p);
      }
    });
    const found = await find(quote);
    expect(found).toEqual({ text: SENTENCE, in: 'p4' });
  });

  it('words edited right before and after the passage: still found, on the same sentence', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    await edit(() => {
      const p = document.querySelector('[data-test="p4"]')!;
      p.textContent = p.textContent!.replace("station's eastern entrance.", "station's east door.").replace(/$/, ' Costs were not given.');
    });
    expect(await find(quote)).toEqual({ text: SENTENCE, in: 'p4' });
  });

  it('a word edited inside the passage: found by approximate match, on the edited sentence', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    await edit(() => {
      const p = document.querySelector('[data-test="p4"]')!;
      p.textContent = p.textContent!.replace('eighteen months', 'twenty months');
    });
    expect(await find(quote)).toEqual({ text: 'Work is due to start in September and to take twenty months.', in: 'p4' });
  });

  it('a paragraph moved elsewhere in the article: found where it went, short quotes and whole paragraphs alike', async () => {
    await freshArticle();
    const short = (await select('p9', 'six-week period'))!;
    const whole = (await select('p10', await page.locator('[data-test="p10"]').textContent().then((s) => s!)))!;
    await edit(() => {
      const article = document.querySelector('article')!;
      article.querySelector('.kicker')!.after(article.querySelector('[data-test="p9"]')!);
      article.querySelector('[data-test="p3"]')!.after(article.querySelector('[data-test="p10"]')!);
    });
    expect(await find(short)).toEqual({ text: 'six-week period', in: 'p9' });
    expect(await find(whole)).toEqual({ text: whole.exact, in: 'p10' });
  });

  it('a deleted passage is not found: it is "on a passage that has changed"', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    await page.evaluate((sentence) => {
      const p = document.querySelector('[data-test="p4"]')!;
      p.textContent = p.textContent!.replace(sentence, '');
    }, SENTENCE);
    expect(await find(quote)).toBeNull();
  });

  it('a deleted passage whose words occur elsewhere never lands on the other occurrence', async () => {
    await freshArticle();
    // "the towpath" is in p9 only, but "The towpath" (one letter off) opens the caption, and "the old
    // towpath" is in the standfirst and p4: none of them is the passage once p9 is gone.
    const quote = (await select('p9', 'the towpath'))!;
    expect(await find(quote)).toEqual({ text: 'the towpath', in: 'p9' });
    await edit(() => document.querySelector('[data-test="p9"]')!.remove());
    expect(await find(quote)).toBeNull();
  });

  it('the same words twice: the selected occurrence is the one found, before and after an insertion', async () => {
    await freshArticle();
    const quote = (await select('p4', 'the station'))!;
    const other = (await select('p1', 'the station'))!;
    expect(await find(quote)).toMatchObject({ in: 'p4' });
    expect(await find(other)).toMatchObject({ in: 'p1' });
    await edit(() => {
      const p = document.createElement('p');
      p.textContent = 'Near the station, new lifts are planned too.';
      document.querySelector('[data-test="p3"]')!.before(p);
    });
    expect(await find(quote)).toMatchObject({ in: 'p4' });
    expect(await find(other)).toMatchObject({ in: 'p1' });
  });

  it('text Parley itself adds to the article ([data-parley-ui]) does not shift the anchors', async () => {
    await freshArticle();
    const quote = (await select('p4', SENTENCE))!;
    await edit(() => {
      const ui = document.createElement('span');
      ui.setAttribute('data-parley-ui', '');
      ui.textContent = '3 comments here';
      document.querySelector('[data-test="p3"]')!.prepend(ui);
    });
    const found = await page.evaluate((quote) => {
      const tq = (window as unknown as { tq: Tq }).tq;
      return tq.anchorQuote(document.querySelector('article')!, quote);
    }, quote);
    expect(found).toMatchObject({ start: quote.start, end: quote.end });
  });
});
