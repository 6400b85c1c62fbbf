import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/contract/settings.ts';
import { AppError } from '../../server/errors.ts';
import type { ModerationSnapshot, Phase, PhaseResult } from '../../server/services/moderation/phase.ts';
import { runPipeline } from '../../server/services/moderation/pipeline.ts';
import { bannedWords } from '../../server/services/moderation/phases/banned-words.ts';
import { bans } from '../../server/services/moderation/phases/bans.ts';
import { honeypot } from '../../server/services/moderation/phases/honeypot.ts';
import { phases } from '../../server/services/moderation/phases/index.ts';
import { linkLimit } from '../../server/services/moderation/phases/link-limit.ts';
import { pageOpen } from '../../server/services/moderation/phases/page-open.ts';
import { rateLimit } from '../../server/services/moderation/phases/rate-limit.ts';
import { repeatPost } from '../../server/services/moderation/phases/repeat-post.ts';
import { siteMode } from '../../server/services/moderation/phases/site-mode.ts';
import { spamScore } from '../../server/services/moderation/phases/spam-score.ts';
import { suspectWords } from '../../server/services/moderation/phases/suspect-words.ts';
import { tooFast } from '../../server/services/moderation/phases/too-fast.ts';
import { trust } from '../../server/services/moderation/phases/trust.ts';

const NOW = new Date('2026-01-01T12:00:00Z');

type Patch = { [K in keyof ModerationSnapshot]?: ModerationSnapshot[K] extends Date | unknown[] ? ModerationSnapshot[K] : Partial<ModerationSnapshot[K]> };

/** A comment every phase passes: an ordinary reader writing an ordinary sentence. */
function snapshot(patch: Patch = {}): ModerationSnapshot {
  const base: ModerationSnapshot = {
    now: NOW,
    settings: defaultSettings,
    isEdit: false,
    page: { isLocked: false, isClosed: false },
    reader: { id: 1, approvedCount: 2, rejectedCount: 0 },
    comment: { body: 'I think the article misses the point about rent control.', linkCount: 0, authorName: 'Ann', email: null, honeypot: undefined, elapsedMs: 60_000 },
    bans: [],
    rate: { reader: 1, ip: 1, retryAfter: 30 },
    recentBodies: [],
    externalSpam: null,
  };
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const current = (base as Record<string, unknown>)[key];
    out[key] = value instanceof Date || Array.isArray(value) || typeof current !== 'object' || current === null ? value : { ...(current as object), ...(value as object) };
  }
  return out as ModerationSnapshot;
}

type Expect = 'pass' | { hold: string; status?: 'pending' | 'spam' } | { reject: string; retryAfter?: number };
type Case = [name: string, patch: Patch, expected: Expect];

function outcome(phase: Phase, s: ModerationSnapshot): Expect {
  let result: PhaseResult;
  try {
    result = phase(s);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e.retryAfter === undefined ? { reject: e.code } : { reject: e.code, retryAfter: e.retryAfter };
  }
  return result.kind === 'pass' ? 'pass' : { hold: result.reason, status: result.status };
}

const settings = (s: Partial<typeof defaultSettings>) => ({ settings: { ...defaultSettings, ...s } });

const table: Record<string, [Phase, Case[]]> = {
  'page open': [
    pageOpen,
    [
      ['an open page passes', {}, 'pass'],
      ['a locked page rejects', { page: { isLocked: true } }, { reject: 'page_locked' }],
      ['a page closed after N days rejects', { page: { isClosed: true } }, { reject: 'page_closed' }],
    ],
  ],
  bans: [
    bans,
    [
      ['no ban passes', {}, 'pass'],
      ['a reader ban rejects', { bans: [{ kind: 'reader', reason: 'abuse', expiresAt: null }] }, { reject: 'banned' }],
      ['an e-mail ban rejects', { bans: [{ kind: 'email', reason: '', expiresAt: new Date('2026-02-01T00:00:00Z') }] }, { reject: 'banned' }],
      ['an IP ban rejects', { bans: [{ kind: 'ip', reason: '', expiresAt: null }] }, { reject: 'banned' }],
      ['an expired ban passes', { bans: [{ kind: 'reader', reason: '', expiresAt: new Date('2026-01-01T11:59:59Z') }] }, 'pass'],
      ['banAction hold holds with the kind', { bans: [{ kind: 'ip', reason: '', expiresAt: null }], ...settings({ banAction: 'hold' }) }, { hold: 'banned ip', status: 'pending' }],
    ],
  ],
  'rate limit': [
    rateLimit,
    [
      ['at the limit passes', { rate: { reader: 5, ip: 5 } }, 'pass'],
      ['one over per reader rejects with Retry-After', { rate: { reader: 6, ip: 6, retryAfter: 42 } }, { reject: 'rate_limited', retryAfter: 42 }],
      ['an IP may carry three readers', { rate: { reader: 1, ip: 15 } }, 'pass'],
      ['past that the IP is limited', { rate: { reader: 1, ip: 16, retryAfter: 3 } }, { reject: 'rate_limited', retryAfter: 3 }],
      ['edits are not counted', { isEdit: true, rate: { reader: 99, ip: 99 } }, 'pass'],
      ['a raised setting lets more through', { rate: { reader: 50 }, ...settings({ rateLimitPerMinute: 100 }) }, 'pass'],
    ],
  ],
  honeypot: [
    honeypot,
    [
      ['an empty honeypot passes', { comment: { honeypot: '' } }, 'pass'],
      ['a filled honeypot is spam', { comment: { honeypot: 'http://buy.example' } }, { hold: 'honeypot', status: 'spam' }],
    ],
  ],
  'too fast': [
    tooFast,
    [
      ['an unknown time passes', { comment: { elapsedMs: null } }, 'pass'],
      ['after the minimum passes', { comment: { elapsedMs: 3000 } }, 'pass'],
      ['under the minimum is spam', { comment: { elapsedMs: 800 } }, { hold: 'too fast: 0.8 s', status: 'spam' }],
      ['a clock running ahead proves nothing', { comment: { elapsedMs: -5000 } }, 'pass'],
      ['minSecondsToPost 0 turns it off', { comment: { elapsedMs: 0 }, ...settings({ minSecondsToPost: 0 }) }, 'pass'],
    ],
  ],
  'banned words': [
    bannedWords,
    [
      ['no listed word passes', settings({ bannedWords: ['scam'] }), 'pass'],
      ['a listed word rejects', { comment: { body: 'What a SCAM this is' }, ...settings({ bannedWords: ['scam'] }) }, { reject: 'banned_word' }],
      ['part of a longer word passes', { comment: { body: 'The scampi was fine' }, ...settings({ bannedWords: ['scam'] }) }, 'pass'],
      ['the author name is checked too', { comment: { authorName: 'scam bot' }, ...settings({ bannedWords: ['scam'] }) }, { reject: 'banned_word' }],
      ['dotted letters reject', { comment: { body: 'pure s.c.a.m here' }, ...settings({ bannedWords: ['scam'] }) }, { reject: 'banned_word' }],
    ],
  ],
  'suspect words': [
    suspectWords,
    [
      ['no listed word passes', settings({ suspectWords: ['crypto'] }), 'pass'],
      ['a listed word holds, naming it', { comment: { body: 'Invest in Crypto today' }, ...settings({ suspectWords: ['crypto'] }) }, { hold: 'suspect word: crypto', status: 'pending' }],
      ['a phrase holds', { comment: { body: 'a free   money offer' }, ...settings({ suspectWords: ['free money'] }) }, { hold: 'suspect word: free money', status: 'pending' }],
    ],
  ],
  'link limit': [
    linkLimit,
    [
      ['up to the limit passes', { comment: { linkCount: 2 } }, 'pass'],
      ['over the limit holds with the count', { comment: { linkCount: 3 } }, { hold: 'links: 3', status: 'pending' }],
      ['limit 0 holds any link', { comment: { linkCount: 1 }, ...settings({ linkLimit: 0 }) }, { hold: 'links: 1', status: 'pending' }],
    ],
  ],
  'repeat post': [
    repeatPost,
    [
      ['a new text passes', { recentBodies: ['Something else entirely'] }, 'pass'],
      ['the same text rejects', { comment: { body: 'Great read!' }, recentBodies: ['great   READ!'] }, { reject: 'duplicate' }],
    ],
  ],
  'spam score': [
    spamScore,
    [
      ['ordinary text passes', {}, 'pass'],
      ['one link with words passes', { comment: { body: 'The ruling is here: https://court.example/ruling and it is long', linkCount: 1 } }, 'pass'],
      ['forum link markup and a bare link is spam', { comment: { body: '[url=http://pills.example]cheap[/url]', linkCount: 1 } }, { hold: 'spam score: 4 (foreign link markup, only a link)', status: 'spam' }],
      ['the pluggable checker saying spam is spam', { externalSpam: true }, { hold: 'spam checker', status: 'spam' }],
      ['the checker saying ham passes', { externalSpam: false }, 'pass'],
    ],
  ],
  'site mode': [
    siteMode,
    [
      ['none passes a new reader', { reader: { approvedCount: 0 } }, 'pass'],
      ['all holds everyone', { ...settings({ moderationMode: 'all' }) }, { hold: 'pre-moderation', status: 'pending' }],
      ['first holds a reader with nothing approved', { reader: { approvedCount: 0 }, ...settings({ moderationMode: 'first' }) }, { hold: 'first comment', status: 'pending' }],
      ['first passes a trusted reader', { reader: { approvedCount: 1 }, ...settings({ moderationMode: 'first' }) }, 'pass'],
      ['trustThreshold raises the bar', { reader: { approvedCount: 2 }, ...settings({ moderationMode: 'first', trustThreshold: 3 }) }, { hold: 'first comment', status: 'pending' }],
    ],
  ],
  trust: [
    trust,
    [
      ['a reader in good standing passes', { reader: { approvedCount: 5, rejectedCount: 2 } }, 'pass'],
      ['mostly rejected holds', { reader: { approvedCount: 1, rejectedCount: 3 } }, { hold: 'low trust: 3 rejected', status: 'pending' }],
    ],
  ],
};

describe('each moderation phase rejects, holds with the right reason, or passes', () => {
  for (const [phaseName, [phase, cases]] of Object.entries(table)) {
    describe(phaseName, () => {
      it.each(cases)('%s', (_name, patch, expected) => {
        expect(outcome(phase, snapshot(patch))).toEqual(expected);
      });
    });
  }
});

describe('the pipeline', () => {
  it('runs the phases in the documented order', () => {
    expect(phases).toEqual([pageOpen, bans, rateLimit, honeypot, tooFast, bannedWords, suspectWords, linkLimit, repeatPost, spamScore, siteMode, trust]);
  });

  it('an ordinary comment is approved with no reasons', () => {
    expect(runPipeline(snapshot())).toEqual({ status: 'approved', reasons: [] });
  });

  it('holds add up their reasons in phase order', () => {
    const s = snapshot({ comment: { body: 'crypto links', linkCount: 3 }, ...settings({ suspectWords: ['crypto'], moderationMode: 'all' }) });
    expect(runPipeline(s)).toEqual({ status: 'pending', reasons: ['suspect word: crypto', 'links: 3', 'pre-moderation'] });
  });

  it('a locked page rejects before a ban is looked at', () => {
    const s = snapshot({ page: { isLocked: true }, bans: [{ kind: 'reader', reason: '', expiresAt: null }] });
    expect(() => runPipeline(s)).toThrowError(expect.objectContaining({ code: 'page_locked' }));
  });

  it('a ban rejects before the rate limit', () => {
    const s = snapshot({ bans: [{ kind: 'reader', reason: '', expiresAt: null }], rate: { reader: 99 } });
    expect(() => runPipeline(s)).toThrowError(expect.objectContaining({ code: 'banned' }));
  });

  it('spam stops the run: a bot never learns a word is banned', () => {
    const s = snapshot({ comment: { honeypot: 'x', body: 'scam' }, ...settings({ bannedWords: ['scam'] }) });
    expect(runPipeline(s)).toEqual({ status: 'spam', reasons: ['honeypot'] });
  });

  it('a banned word rejects even when a suspect word was found', () => {
    const s = snapshot({ comment: { body: 'crypto scam' }, ...settings({ bannedWords: ['scam'], suspectWords: ['crypto'] }) });
    expect(() => runPipeline(s)).toThrowError(expect.objectContaining({ code: 'banned_word' }));
  });

  it('a repeat is rejected even when an earlier phase held it', () => {
    const s = snapshot({ comment: { body: 'crypto again', linkCount: 0 }, recentBodies: ['Crypto again'], ...settings({ suspectWords: ['crypto'] }) });
    expect(() => runPipeline(s)).toThrowError(expect.objectContaining({ code: 'duplicate' }));
  });
});
