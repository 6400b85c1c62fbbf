import { Origin } from '../contract/admin.ts';
import { SiteSlug } from '../contract/common.ts';
import { Language, ModerationMode } from '../contract/settings.ts';
import { removeSite, siteContentCounts } from '../services/admin/sites.ts';
import { updateSiteSettings } from '../services/admin/settings.ts';
import { disableSso, rotateSsoSecret } from '../services/readers/sso.ts';
import { findSiteBySlug, insertSite, listSites, type SiteRow } from '../store/sites.ts';
import { resolveSettings } from '../contract/settings.ts';
import { CliError, UsageError, defineCommand, type CliContext } from './command.ts';
import { check, oneOf } from './values.ts';

async function existingSite(ctx: CliContext, raw: string): Promise<SiteRow> {
  const slug = check(SiteSlug, raw, 'site');
  const site = await findSiteBySlug((await ctx.app()).services.database.db, slug);
  if (!site) throw new CliError(`no site "${slug}" (npm run parley -- site list shows them)`);
  return site;
}

const embedSnippet = (ctx: CliContext, slug: string) => `<script src="${ctx.publicUrl}/embed.js" data-site="${slug}" async></script>`;

export const siteAdd = defineCommand({
  path: ['site', 'add'],
  summary: 'add a site and print its embed snippet',
  details: 'Example: npm run parley -- site add news --name "The Daily" --origin https://news.example.com',
  args: [{ name: 'slug', description: 'short name used in data-site: lower-case letters, digits, dashes' }],
  options: {
    name: { type: 'string', description: 'the name moderators see (default: the slug)' },
    origin: { type: 'string', multiple: true, placeholder: 'url', description: 'an origin whose pages may embed it, like https://news.example.com' },
  },
  async run(ctx, { args, options }) {
    const slug = check(SiteSlug, args.slug, 'slug');
    const origins = (options.origin ?? []).map((o) => check(Origin, o, 'origin'));
    const db = (await ctx.app()).services.database.db;
    if (await findSiteBySlug(db, slug)) throw new CliError(`site "${slug}" exists already (edit it with: npm run parley -- site edit ${slug})`);
    const site = await insertSite(db, { slug, name: options.name ?? slug, allowedOrigins: origins });
    ctx.print(`site ${site.slug} (#${site.id}) added; origins: ${site.allowedOrigins.join(', ') || '(none: only this server may embed it)'}`);
    ctx.print(`embed: ${embedSnippet(ctx, site.slug)}`);
  },
});

export const siteList = defineCommand({
  path: ['site', 'list'],
  summary: 'list the sites with their origins, language and moderation mode',
  args: [],
  options: {},
  async run(ctx) {
    const sites = await listSites((await ctx.app()).services.database.db);
    if (sites.length === 0) ctx.print('no sites yet (add one with: npm run parley -- site add <slug>)');
    else ctx.print(['slug', 'name', 'language', 'moderation', 'origins'].join('\t'));
    for (const s of sites) {
      const settings = resolveSettings(s.settings);
      ctx.print([s.slug, s.name, settings.language, settings.moderationMode, s.allowedOrigins.join(' ') || '-'].join('\t'));
    }
  },
});

export const siteEdit = defineCommand({
  path: ['site', 'edit'],
  summary: 'change a site: name, origins, language, moderation mode',
  details: 'Example: npm run parley -- site edit news --add-origin https://m.news.example.com --moderation first',
  args: [{ name: 'slug', description: 'the site to change' }],
  options: {
    name: { type: 'string', description: 'a new name' },
    origin: { type: 'string', multiple: true, placeholder: 'url', description: 'replace the allowed origins with these' },
    'add-origin': { type: 'string', multiple: true, placeholder: 'url', description: 'allow one more origin' },
    'remove-origin': { type: 'string', multiple: true, placeholder: 'url', description: 'stop allowing an origin' },
    language: { type: 'string', placeholder: Language.options.join('|'), description: 'the widget language when the page does not say' },
    moderation: {
      type: 'string',
      placeholder: ModerationMode.options.join('|'),
      description: 'all: every comment waits for a moderator; first: until a reader has one approved; none',
    },
  },
  async run(ctx, { args, options }) {
    // Every value is checked before the database is opened: a typo is a usage error, at once.
    const isOrigin = (o: string) => check(Origin, o, 'origin');
    const replaced = options.origin?.map(isOrigin);
    const added = (options['add-origin'] ?? []).map(isOrigin);
    const settings = {
      ...(options.language !== undefined ? { language: oneOf(Language.options, options.language, 'language') } : {}),
      ...(options.moderation !== undefined ? { moderationMode: oneOf(ModerationMode.options, options.moderation, 'moderation') } : {}),
    };
    const changesOrigins = options.origin !== undefined || options['add-origin'] !== undefined || options['remove-origin'] !== undefined;
    if (options.name === undefined && !changesOrigins && Object.keys(settings).length === 0) {
      throw new UsageError('nothing to change: give --name, --origin, --add-origin, --remove-origin, --language or --moderation');
    }
    const site = await existingSite(ctx, args.slug);
    let origins = replaced ?? [...site.allowedOrigins];
    origins.push(...added.filter((o) => !origins.includes(o)));
    for (const o of options['remove-origin'] ?? []) {
      if (!origins.includes(o)) throw new CliError(`site ${site.slug} does not allow origin ${o}; it allows: ${origins.join(', ') || '(none)'}`);
      origins = origins.filter((x) => x !== o);
    }
    const view = await updateSiteSettings((await ctx.app()).services, null, site.slug, {
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(changesOrigins ? { allowedOrigins: origins } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
    });
    ctx.print(`site ${view.site.slug} updated: name "${view.site.name}", language ${view.settings.language}, moderation ${view.settings.moderationMode}`);
    ctx.print(`origins: ${view.site.allowedOrigins.join(', ') || '(none)'}`);
  },
});

export const siteRemove = defineCommand({
  path: ['site', 'remove'],
  summary: 'remove a site with its pages, comments and readers',
  details: 'A site with comments is removed only with --yes: this cannot be undone (export it first).',
  args: [{ name: 'slug', description: 'the site to remove' }],
  options: { yes: { type: 'boolean', short: 'y', description: 'yes, also delete its comments' } },
  async run(ctx, { args, options }) {
    const site = await existingSite(ctx, args.slug);
    const services = (await ctx.app()).services;
    const counts = await siteContentCounts(services, site.id);
    if (counts.comments > 0 && !options.yes) {
      throw new CliError(`site ${site.slug} has ${counts.comments} comments on ${counts.pages} pages; add --yes to delete them with it`);
    }
    await removeSite(services, null, site.slug);
    ctx.print(`site ${site.slug} removed (${counts.pages} pages, ${counts.comments} comments, ${counts.readers} readers)`);
  },
});

export const siteSso = defineCommand({
  path: ['site', 'sso'],
  summary: 'a new single sign-on secret for a site (printed once), or --disable',
  args: [{ name: 'slug', description: 'the site' }],
  options: { disable: { type: 'boolean', description: 'turn single sign-on off' } },
  async run(ctx, { args, options }) {
    const site = await existingSite(ctx, args.slug);
    const services = (await ctx.app()).services;
    if (options.disable) {
      ctx.print((await disableSso(services, site.slug)) ? `single sign-on disabled for ${site.slug}` : `single sign-on was not enabled for ${site.slug}`);
      return;
    }
    const secret = await rotateSsoSecret(services, site.slug);
    ctx.print(`single sign-on secret for ${site.slug} (any older secret stops working; keep it on your server only):`);
    ctx.print(secret);
    ctx.print(`sign: sso = base64url(JSON {id, name, email?, exp}) + "." + base64url(HMAC-SHA256(secret, that first part))`);
    ctx.print(`embed: <script src="${ctx.publicUrl}/embed.js" data-site="${site.slug}" data-sso="<sso>" async></script>`);
  },
});

export const siteCommands = [siteAdd, siteList, siteEdit, siteRemove, siteSso];
