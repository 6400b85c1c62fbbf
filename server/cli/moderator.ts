import { AccountEmail as Email, ModeratorRole } from '../contract/accounts.ts';
import type { ModeratorView } from '../contract/accounts.ts';
import { addModerator, changeModerator } from '../services/admin/moderators.ts';
import { issueSignInToken, signInLink } from '../services/admin/sessions.ts';
import { findModeratorByEmail, listModerators, type ModeratorRow } from '../store/moderators.ts';
import { findSiteBySlug, listSites } from '../store/sites.ts';
import { CliError, defineCommand, type CliContext } from './command.ts';
import { check, oneOf } from './values.ts';

async function existingModerator(ctx: CliContext, raw: string): Promise<ModeratorRow> {
  const email = check(Email, raw, 'e-mail');
  const moderator = await findModeratorByEmail((await ctx.app()).services.database.db, email);
  if (!moderator) throw new CliError(`no moderator ${email} (npm run parley -- moderator list shows them)`);
  return moderator;
}

async function siteIdsOf(ctx: CliContext, slugs: string[]): Promise<number[]> {
  const db = (await ctx.app()).services.database.db;
  const ids: number[] = [];
  for (const slug of slugs) {
    const site = await findSiteBySlug(db, slug);
    if (!site) throw new CliError(`no site "${slug}" (npm run parley -- site list shows them)`);
    ids.push(site.id);
  }
  return ids;
}

const roleAndSites = {
  role: { type: 'string', placeholder: ModeratorRole.options.join('|'), description: 'admin: every site and the settings; moderator (default): the --site ones' },
  site: { type: 'string', multiple: true, placeholder: 'slug', description: 'a site this moderator works on (repeat for more)' },
  name: { type: 'string', description: 'the name shown in the audit log (default: the part before @)' },
} as const;

async function create(ctx: CliContext, rawEmail: string, options: { role?: string | undefined; site?: string[] | undefined; name?: string | undefined }, password?: string) {
  const email = check(Email, rawEmail, 'e-mail');
  const role = oneOf(ModeratorRole.options, options.role ?? 'moderator', 'role');
  const siteIds = await siteIdsOf(ctx, options.site ?? []);
  if (role === 'moderator' && siteIds.length === 0) throw new CliError('a moderator needs at least one --site <slug> (or --role admin)');
  const db = (await ctx.app()).services.database.db;
  if (await findModeratorByEmail(db, email)) throw new CliError(`${email} already has an account (npm run parley -- moderator link ${email} for a new sign-in link)`);
  return addModerator((await ctx.app()).services, null, { email, name: options.name ?? email.split('@')[0]!, role, siteIds, ...(password ? { password } : {}) });
}

export const moderatorInvite = defineCommand({
  path: ['moderator', 'invite'],
  summary: 'create an account and print its one-time sign-in link to send',
  details: 'Example: npm run parley -- moderator invite ed@example.com --site news\nThe link is valid for 24 hours; after signing in they set a password.',
  args: [{ name: 'email', description: "the moderator's e-mail" }],
  options: roleAndSites,
  async run(ctx, { args, options }) {
    const result = await create(ctx, args.email, options);
    ctx.print(`${result.moderator.role} ${result.moderator.email} (#${result.moderator.id}) invited`);
    ctx.print(`one-time sign-in link (24 h): ${result.signInLink}`);
  },
});

export const moderatorAdd = defineCommand({
  path: ['moderator', 'add'],
  summary: 'create an account, with a password from stdin or a sign-in link',
  args: [{ name: 'email', description: "the moderator's e-mail" }],
  options: { ...roleAndSites, 'password-stdin': { type: 'boolean', description: 'read the password (at least 10 characters) from standard input' } },
  async run(ctx, { args, options }) {
    const password = options['password-stdin'] ? await ctx.readStdin() : undefined;
    if (password !== undefined && password.length < 10) throw new CliError('password: at least 10 characters');
    const result = await create(ctx, args.email, options, password);
    ctx.print(`${result.moderator.role} ${result.moderator.email} (#${result.moderator.id}) added`);
    if (result.signInLink) ctx.print(`one-time sign-in link (24 h): ${result.signInLink}`);
  },
});

export const moderatorList = defineCommand({
  path: ['moderator', 'list'],
  summary: 'list moderators and admins with their sites and state',
  args: [],
  options: {},
  async run(ctx) {
    const db = (await ctx.app()).services.database.db;
    const slugs = new Map((await listSites(db)).map((s) => [s.id, s.slug]));
    const rows = await listModerators(db);
    ctx.print(['email', 'name', 'role', 'sites', 'state'].join('\t'));
    for (const m of rows) {
      const sites = m.role === 'admin' ? '(all)' : m.siteIds.map((id) => slugs.get(id) ?? `#${id}`).join(',') || '-';
      const state = m.disabledAt ? 'disabled' : m.passwordHash ? 'active' : 'invited (no password yet)';
      ctx.print([m.email, m.name, m.role, sites, state].join('\t'));
    }
  },
});

async function setDisabled(ctx: CliContext, rawEmail: string, isDisabled: boolean): Promise<ModeratorView> {
  const moderator = await existingModerator(ctx, rawEmail);
  return changeModerator((await ctx.app()).services, null, moderator.id, { isDisabled });
}

export const moderatorDisable = defineCommand({
  path: ['moderator', 'disable'],
  summary: 'stop an account from signing in (its sessions end at once)',
  args: [{ name: 'email', description: "the moderator's e-mail" }],
  options: {},
  async run(ctx, { args }) {
    const view = await setDisabled(ctx, args.email, true);
    ctx.print(`${view.email} disabled; signed out everywhere`);
  },
});

export const moderatorEnable = defineCommand({
  path: ['moderator', 'enable'],
  summary: 'let a disabled account sign in again',
  args: [{ name: 'email', description: "the moderator's e-mail" }],
  options: {},
  async run(ctx, { args }) {
    const view = await setDisabled(ctx, args.email, false);
    ctx.print(`${view.email} enabled`);
  },
});

export const moderatorLink = defineCommand({
  path: ['moderator', 'link'],
  summary: 'a new one-time sign-in link for an account (forgotten password)',
  args: [{ name: 'email', description: "the moderator's e-mail" }],
  options: {},
  async run(ctx, { args }) {
    const moderator = await existingModerator(ctx, args.email);
    if (moderator.disabledAt) throw new CliError(`${moderator.email} is disabled (npm run parley -- moderator enable ${moderator.email})`);
    const services = (await ctx.app()).services;
    ctx.print(`one-time sign-in link (24 h): ${signInLink(services, await issueSignInToken(services, moderator.id))}`);
  },
});

export const moderatorCommands = [moderatorInvite, moderatorAdd, moderatorList, moderatorDisable, moderatorEnable, moderatorLink];
