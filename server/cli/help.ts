import type { Command } from './command.ts';

const PROGRAM = 'npm run parley --';

const optionLabel = (name: string, o: Command['options'][string]) =>
  `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.placeholder ?? name}>` : ''}${o.multiple ? '...' : ''}`;

const argLabel = (a: Command['args'][number]) => (a.required === false ? `[${a.name}]` : `<${a.name}>`);

/** One line: `site add <slug> [options]`. */
export const synopsis = (c: Command) =>
  [...c.path, ...c.args.map(argLabel), ...(Object.keys(c.options).length > 0 ? ['[options]'] : [])].join(' ');

function table(rows: Array<[string, string]>): string[] {
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length)));
  return rows.map(([left, right]) => (left.length > width ? `  ${left}\n  ${' '.repeat(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`));
}

const ENVIRONMENT = `Environment:
  DATABASE_URL        PostgreSQL; without it PGlite in PARLEY_DATA_DIR (default ./data).
                      PGlite allows one process per data directory: stop the server first.
  PARLEY_PUBLIC_URL   the server's public address, for printed links and embed snippets.`;

/** Every command, grouped: what `--help` and `help` print. */
export function topUsage(commands: readonly Command[]): string {
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...table(commands.map((c) => [synopsis(c), c.summary])),
    '',
    `Help on one command: ${PROGRAM} <command> --help  (or: ${PROGRAM} help <command>)`,
    '',
    ENVIRONMENT,
  ].join('\n');
}

/** The commands of one group, for `site --help` or `site` alone. */
export function groupUsage(group: string, commands: readonly Command[]): string {
  return [`Usage: ${PROGRAM} ${group} <command> [options]`, '', 'Commands:', ...table(commands.map((c) => [synopsis(c), c.summary]))].join('\n');
}

export function commandUsage(c: Command): string {
  const args = c.args.map((a): [string, string] => [argLabel(a), a.description]);
  const options = Object.entries(c.options).map(([name, o]): [string, string] => [optionLabel(name, o), o.description]);
  options.push(['-h, --help', 'show this help']);
  return [
    `Usage: ${PROGRAM} ${synopsis(c)}`,
    '',
    c.summary,
    ...(args.length > 0 ? ['', 'Arguments:', ...table(args)] : []),
    '',
    'Options:',
    ...table(options),
    ...(c.details ? ['', c.details] : []),
  ].join('\n');
}
