import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/contract/settings.ts';
import type { ModerationSnapshot } from '../../server/services/moderation/phase.ts';
import { runPipeline } from '../../server/services/moderation/pipeline.ts';
import { labelledComments, type LabelledComment } from '../fixtures/labelled-comments.ts';

// The figures reported in issue 13's note, measured on this set: a change to the heuristics that
// makes either rate worse fails here. Lower is better; improve the heuristics, then lower these.
const REPORTED = { falsePositives: 4, falseNegatives: 29 };

/** An ordinary reader in good standing on a site without pre-moderation: only content decides. */
function snapshotOf(c: LabelledComment): ModerationSnapshot {
  return {
    now: new Date('2026-01-01T12:00:00Z'),
    settings: defaultSettings,
    isEdit: false,
    page: { isLocked: false, isClosed: false },
    reader: { id: 1, approvedCount: 3, rejectedCount: 0 },
    comment: { body: c.body, linkCount: (c.body.match(/https?:\/\//g) ?? []).length, authorName: c.authorName, email: c.email, honeypot: undefined, elapsedMs: 30_000 },
    bans: [],
    rate: { reader: 1, ip: 1, retryAfter: 60 },
    recentBodies: [],
    externalSpam: null,
  };
}

const set = labelledComments();
const outcomes = set.map((c) => ({ c, status: runPipeline(snapshotOf(c)).status }));
const ordinary = outcomes.filter((o) => o.c.label === 'ordinary');
const spam = outcomes.filter((o) => o.c.label === 'spam');
const falsePositives = ordinary.filter((o) => o.status !== 'approved');
const falseNegatives = spam.filter((o) => o.status === 'approved');
const rate = (n: number, of: number) => `${n}/${of} = ${((100 * n) / of).toFixed(1)}%`;

describe('the spam heuristics on a labelled set of comments', () => {
  it('the set has at least 200 ordinary and 200 spam comments of every kind', () => {
    expect(ordinary.length).toBeGreaterThanOrEqual(200);
    expect(spam.length).toBeGreaterThanOrEqual(200);
    expect(new Set(spam.map((o) => o.c.kind))).toEqual(new Set(['pharmacy', 'casino', 'money', 'contact', 'repeated', 'shouting', 'look-alike letters', 'subtle']));
    expect(spam.every((o) => !/https?:\/\/|www\./.test(o.c.body))).toBe(true);
  });

  it(`false positives (ordinary comments held) stay at or under ${REPORTED.falsePositives} of the ordinary ones`, () => {
    console.info(`spam set: false positives ${rate(falsePositives.length, ordinary.length)}, false negatives ${rate(falseNegatives.length, spam.length)}`);
    expect(falsePositives.map((o) => o.c.body).length, falsePositives.map((o) => o.c.body).join('\n')).toBeLessThanOrEqual(REPORTED.falsePositives);
  });

  it(`false negatives (spam published) stay at or under ${REPORTED.falseNegatives} of the spam ones`, () => {
    expect(falseNegatives.length, falseNegatives.map((o) => o.c.body).join('\n')).toBeLessThanOrEqual(REPORTED.falseNegatives);
  });

  it('every kind of obvious link-less spam is held: pharmacy, casino, money, contact, repeated text, shouting, look-alike letters', () => {
    for (const kind of ['pharmacy', 'casino', 'money', 'contact', 'repeated', 'shouting', 'look-alike letters']) {
      const ofKind = spam.filter((o) => o.c.kind === kind);
      expect(ofKind.length, kind).toBeGreaterThan(5);
      expect(ofKind.filter((o) => o.status === 'approved').map((o) => o.c.body), kind).toEqual([]);
    }
  });

  it('ordinary comments in other scripts, with one source link or one shouted word, are published', () => {
    for (const kind of ['russian', 'other language', 'source link', 'emphasis', 'short', 'markdown']) {
      const ofKind = ordinary.filter((o) => o.c.kind === kind);
      expect(ofKind.length, kind).toBeGreaterThan(3);
      expect(ofKind.filter((o) => o.status !== 'approved').map((o) => o.c.body), kind).toEqual([]);
    }
  });
});
