import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { fakeComment, fakeThread, mountWidget } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const CYCLES = 50;

/**
 * Runs in the page before the widget bundle: counts what is left running. Listeners are counted on
 * the targets that outlive a widget (window, document, the `<parley-comments>` element itself);
 * those inside its shadow root go away with their nodes. Timers are setTimeout / setInterval not
 * yet fired or cleared; EventSources are those constructed and not closed.
 */
const INSTRUMENT = `<script>
(() => {
  const proto = EventTarget.prototype;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  const listeners = [];
  const capture = (o) => (typeof o === 'boolean' ? o : !!(o && o.capture));
  const find = (t, type, fn, c) => listeners.findIndex((l) => l.t === t && l.type === type && l.fn === fn && l.c === c);
  const watched = (t) => t === window || t === document || (t instanceof Element && t.localName === 'parley-comments');
  proto.addEventListener = function (type, fn, options) {
    add.call(this, type, fn, options);
    if (!fn || !watched(this) || find(this, type, fn, capture(options)) >= 0) return;
    const entry = { t: this, type, fn, c: capture(options) };
    listeners.push(entry);
    const drop = () => { const i = listeners.indexOf(entry); if (i >= 0) listeners.splice(i, 1); };
    if (options && options.signal) add.call(options.signal, 'abort', drop, { once: true });
    if (options && options.once) add.call(this, type, drop, { once: true });
  };
  proto.removeEventListener = function (type, fn, options) {
    remove.call(this, type, fn, options);
    const i = find(this, type, fn, capture(options));
    if (i >= 0) listeners.splice(i, 1);
  };
  const timers = new Set();
  const [st, si, ct, ci] = [setTimeout, setInterval, clearTimeout, clearInterval];
  window.setTimeout = (fn, ms, ...args) => {
    const id = st(() => { timers.delete(id); typeof fn === 'function' ? fn(...args) : 0; }, ms);
    timers.add(id);
    return id;
  };
  window.setInterval = (fn, ms, ...args) => { const id = si(fn, ms, ...args); timers.add(id); return id; };
  window.clearTimeout = (id) => { timers.delete(id); ct(id); };
  window.clearInterval = (id) => { timers.delete(id); ci(id); };
  const sources = new Set();
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(...args) { super(...args); sources.add(this); }
    close() { sources.delete(this); super.close(); }
  };
  window.__leaks = () => ({
    listeners: listeners.map((l) => (l.t === window ? 'window' : l.t === document ? 'document' : 'element') + ':' + l.type),
    timers: timers.size,
    eventSources: sources.size,
  });
})();
</script>`;

type Leaks = { listeners: string[]; timers: number; eventSources: number };
const leaks = (page: Page) => page.evaluate(() => (window as unknown as { __leaks(): Leaks }).__leaks());

describe('<parley-comments> mounted and unmounted again and again', () => {
  it(`after ${CYCLES} mounts and unmounts, no listener, timer or EventSource is left`, async () => {
    const w = await mountWidget(browser, {
      head: INSTRUMENT,
      api: (call) => (call.path === 'threads' ? { status: 200, body: fakeThread([fakeComment(1)]) } : { status: 404, body: { error: { code: 'not_found', message: 'no' } } }),
    });
    const isLive = async () => (await leaks(w.page)).eventSources === 1;
    await w.page.getByText('Comment 1').waitFor();
    await expect.poll(isLive).toBe(true);
    // The counting works: a mounted widget listens for its children's intents and to the address.
    const mounted = await leaks(w.page);
    expect(mounted.listeners).toContain('element:parley-vote');
    expect(mounted.listeners).toContain('window:hashchange');

    for (let i = 0; i < CYCLES; i++) {
      await w.page.evaluate(() => document.querySelector('parley-comments')!.remove());
      await w.page.evaluate(() => {
        const el = document.createElement('parley-comments');
        el.setAttribute('site', 'demo');
        el.setAttribute('page', '/a');
        document.querySelector('main')!.append(el);
      });
      // Every other cycle waits until the widget is fully up (thread shown, live stream open);
      // the others unmount while it is still loading, which must not open anything later.
      if (i % 2 === 0) {
        await w.page.locator('parley-comments').getByText('Comment 1').waitFor();
        await expect.poll(isLive).toBe(true);
        expect((await leaks(w.page)).listeners.filter((l) => l === 'element:parley-vote')).toHaveLength(1);
      }
    }
    await w.page.evaluate(() => document.querySelector('parley-comments')!.remove());
    // Loads still in flight when the last widget left finish on their own; then nothing remains.
    await expect.poll(() => leaks(w.page), { timeout: 10_000 }).toEqual({ listeners: [], timers: 0, eventSources: 0 });
    await w.close();
  });

  it('the same element taken out and put back listens once, not once per connection', async () => {
    const w = await mountWidget(browser, {
      head: INSTRUMENT,
      api: (call) => (call.path === 'threads' ? { status: 200, body: fakeThread([fakeComment(1)]) } : { status: 404, body: { error: { code: 'not_found', message: 'no' } } }),
    });
    await w.page.getByText('Comment 1').waitFor();
    for (let i = 0; i < 5; i++) {
      await w.page.evaluate(() => {
        const el = document.querySelector('parley-comments')!;
        el.remove();
        document.querySelector('main')!.append(el);
      });
    }
    await w.page.getByText('Comment 1').waitFor();
    await expect.poll(async () => (await leaks(w.page)).eventSources).toBe(1);
    const { listeners } = await leaks(w.page);
    expect(listeners.filter((l) => l === 'element:parley-post')).toHaveLength(1);
    expect(listeners.filter((l) => l === 'window:hashchange')).toHaveLength(1);
    await w.page.evaluate(() => document.querySelector('parley-comments')!.remove());
    await expect.poll(() => leaks(w.page)).toEqual({ listeners: [], timers: 0, eventSources: 0 });
    await w.close();
  });
});
