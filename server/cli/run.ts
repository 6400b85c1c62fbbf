import { parseArgs } from 'node:util';
import { AppError } from '../errors.ts';
import { CliError, UsageError, type CliContext, type Command } from './command.ts';
import { commandUsage, groupUsage, topUsage } from './help.ts';

export const EXIT_OK = 0;
/** The command ran and failed: no such site, e-mail taken, database unreachable. */
export const EXIT_FAILED = 1;
/** The command line itself is wrong: unknown command or option, missing argument. */
export const EXIT_USAGE = 2;

const isHelp = (word: string | undefined) => word === '--help' || word === '-h';
const startsWith = (argv: readonly string[], path: readonly string[]) => path.every((word, i) => argv[i] === word);

/** The command named by the leading words, the longest match winning (`pages remap` over `pages`). */
function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  return commands.filter((c) => startsWith(argv, c.path)).sort((a, b) => b.path.length - a.path.length)[0];
}

const groupOf = (commands: readonly Command[], word: string | undefined) =>
  word === undefined ? [] : commands.filter((c) => c.path.length > 1 && c.path[0] === word);

const quote = (words: readonly string[]) => `"${words.join(' ')}"`;

/** node:util's messages name the option but talk about positionals; say it for this CLI. */
function optionError(error: { code?: string; message: string }, command: Command): UsageError {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? 'an option';
  const where = quote(command.path);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option} for ${where}`, command);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take/.test(error.message)
        ? new UsageError(`option ${option} takes no value`, command)
        : new UsageError(`option ${option} needs a value`, command);
    default:
      return new UsageError(error.message, command);
  }
}

function parseCommandLine(command: Command, rest: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw optionError(error as { code?: string; message: string }, command);
  }
  const { help, ...options } = parsed.values as Record<string, unknown>;
  if (help) return { help: true as const };
  const positionals = parsed.positionals;
  if (positionals.length > command.args.length) {
    throw new UsageError(`unexpected argument "${positionals[command.args.length]}" for ${quote(command.path)}`, command);
  }
  const args: Record<string, string | undefined> = {};
  command.args.forEach((spec, i) => {
    const value = positionals[i];
    if (value === undefined && spec.required !== false) throw new UsageError(`${quote(command.path)} needs <${spec.name}>: ${spec.description}`, command);
    args[spec.name] = value;
  });
  return { help: false as const, args, options };
}

export type CliIo = { out(text: string): void; err(text: string): void };

/**
 * Runs one command line and answers the exit code. Usage errors print the message and the usage
 * to stderr (exit 2); failures print what went wrong (exit 1); never a stack trace for either.
 */
export async function runCli(argv: readonly string[], commands: readonly Command[], ctx: CliContext, io: CliIo): Promise<number> {
  const [first, ...afterFirst] = argv;
  if (first === undefined || isHelp(first)) {
    io.out(topUsage(commands));
    return EXIT_OK;
  }
  let command: Command | undefined;
  try {
    if (first === 'help') {
      if (afterFirst.length === 0) {
        io.out(topUsage(commands));
        return EXIT_OK;
      }
      const named = findCommand(commands, afterFirst);
      if (named && named.path.length === afterFirst.length) {
        io.out(commandUsage(named));
        return EXIT_OK;
      }
      const group = groupOf(commands, afterFirst[0]);
      if (group.length > 0 && afterFirst.length === 1) {
        io.out(groupUsage(afterFirst[0]!, group));
        return EXIT_OK;
      }
      throw new UsageError(`unknown command ${quote(afterFirst)}`);
    }
    command = findCommand(commands, argv);
    if (!command) {
      const group = groupOf(commands, first);
      if (group.length === 0) throw new UsageError(`unknown command "${first}"`);
      const second = afterFirst[0];
      if (isHelp(second)) {
        io.out(groupUsage(first, group));
        return EXIT_OK;
      }
      io.err(second === undefined ? `error: "${first}" needs a command` : `error: unknown command ${quote([first, second])}`);
      io.err('');
      io.err(groupUsage(first, group));
      return EXIT_USAGE;
    }
    const parsed = parseCommandLine(command, argv.slice(command.path.length));
    if (parsed.help) {
      io.out(commandUsage(command));
      return EXIT_OK;
    }
    await command.run(ctx, { args: parsed.args, options: parsed.options });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      io.err('');
      const about = error.command ?? command;
      io.err(about ? commandUsage(about) : topUsage(commands));
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return EXIT_FAILED;
    }
    if (error instanceof AppError) {
      io.err(`error: ${error.field ? `${error.field}: ` : ''}${error.message}`);
      return EXIT_FAILED;
    }
    const where = command ? ` in ${quote(command.path)}` : '';
    io.err(`error${where}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.PARLEY_DEBUG) io.err(String((error as Error).stack));
    return EXIT_FAILED;
  }
}
