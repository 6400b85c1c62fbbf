import { parseArgs } from 'node:util';
import { createApp, type ParleyApp } from './app.ts';
import { ModeratorRole, Origin } from './contract/admin.ts';
import { SiteSlug } from './contract/common.ts';
import { addModerator } from './services/admin/moderators.ts';
import { issueSignInToken, signInLink } from './services/admin/sessions.ts';
import { disableSso, rotateSsoSecret } from './services/readers/sso.ts';
import { findModeratorByEmail } from './store/moderators.ts';
import { findSiteBySlug, insertSite, listSites } from './store/sites.ts';
import { migrateDatabase, openDatabase } from './store/db.ts';

const USAGE = `Usage: npm run parley -- <command>
  site add <slug> --name "News" --origin https://news.example [--origin https://www.news.example]
  site list
  site sso <slug> [--disable]   a new single sign-on secret for the site (printed once), or none
  moderator add <email> --role admin|moderator [--site <slug>]... [--name N] [--password-stdin]
  moderator link <email>        a new one-time sign-in link
Database: DATABASE_URL, else PGlite in PARLEY_DATA_DIR (default ./data; stop the server first:
PGlite allows one process per data directory). Links use PARLEY_PUBLIC_URL.`;

class UsageError extends Error {}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } }, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`${what}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function run(app: ParleyApp, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      role: { type: 'string' },
      site: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      disable: { type: 'boolean' },
    },
  });
  const [noun, verb, arg] = positionals;
  const db = app.services.database.db;
  if (noun === 'site' && verb === 'add') {
    const slug = parse(SiteSlug, arg, 'slug');
    const origins = (values.origin ?? []).map((o) => parse(Origin, o, 'origin'));
    if (await findSiteBySlug(db, slug)) throw new UsageError(`site ${slug} exists already`);
    const site = await insertSite(db, { slug, name: values.name ?? slug, allowedOrigins: origins });
    console.log(`site ${site.slug} (#${site.id}) added; origins: ${site.allowedOrigins.join(', ') || '(none)'}`);
    console.log(`embed: <script src="${app.services.config.publicUrl}/embed.js" data-site="${site.slug}" async></script>`);
    return;
  }
  if (noun === 'site' && verb === 'list') {
    for (const s of await listSites(db)) console.log(`${s.slug}\t${s.name}\t${s.allowedOrigins.join(' ')}`);
    return;
  }
  if (noun === 'site' && verb === 'sso') {
    const slug = parse(SiteSlug, arg, 'slug');
    if (!(await findSiteBySlug(db, slug))) throw new UsageError(`no site ${slug}`);
    if (values.disable) {
      console.log((await disableSso(app.services, slug)) ? `single sign-on disabled for ${slug}` : `single sign-on was not enabled for ${slug}`);
      return;
    }
    const secret = await rotateSsoSecret(app.services, slug);
    console.log(`single sign-on secret for ${slug} (any older secret stops working; keep it on your server only):`);
    console.log(secret);
    console.log(`sign: sso = base64url(JSON {id, name, email?, exp}) + "." + base64url(HMAC-SHA256(secret, that first part))`);
    console.log(`embed: <script src="${app.services.config.publicUrl}/embed.js" data-site="${slug}" data-sso="<sso>" async></script>`);
    return;
  }
  if (noun === 'moderator' && verb === 'add') {
    if (!arg) throw new UsageError('moderator add needs an e-mail');
    const role = parse(ModeratorRole, values.role ?? 'moderator', 'role');
    const siteIds: number[] = [];
    for (const slug of values.site ?? []) {
      const site = await findSiteBySlug(db, slug);
      if (!site) throw new UsageError(`no site ${slug}`);
      siteIds.push(site.id);
    }
    if (role === 'moderator' && siteIds.length === 0) throw new UsageError('a moderator needs at least one --site');
    const password = values['password-stdin'] ? await readStdin() : undefined;
    if (password !== undefined && password.length < 10) throw new UsageError('password: at least 10 characters');
    const result = await addModerator(app.services, null, {
      email: arg.trim().toLowerCase(),
      name: values.name ?? arg.split('@')[0]!,
      role,
      siteIds,
      ...(password ? { password } : {}),
    });
    console.log(`${role} ${result.moderator.email} (#${result.moderator.id}) added`);
    if (result.signInLink) console.log(`one-time sign-in link (24 h): ${result.signInLink}`);
    return;
  }
  if (noun === 'moderator' && verb === 'link') {
    const moderator = arg ? await findModeratorByEmail(db, arg.trim()) : undefined;
    if (!moderator) throw new UsageError(`no moderator ${arg ?? ''}`);
    console.log(`one-time sign-in link (24 h): ${signInLink(app.services, await issueSignInToken(app.services, moderator.id))}`);
    return;
  }
  throw new UsageError(USAGE);
}

// An entry point like main.ts: it reads the environment.
const env = process.env;
const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PARLEY_DATA_DIR ?? './data' });
let exitCode = 0;
try {
  await migrateDatabase(database);
  const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 8080}`).replace(/\/$/, '');
  const app = createApp({ database, config: { publicUrl } });
  try {
    await run(app, process.argv.slice(2));
  } finally {
    await app.close();
  }
} catch (error) {
  exitCode = 1;
  console.error(error instanceof UsageError || (error as { code?: string }).code === 'conflict' ? (error as Error).message : error);
} finally {
  await database.close();
}
process.exit(exitCode);
