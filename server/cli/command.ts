import type { ParleyApp } from '../app.ts';

/*
 * A CLI command is one object: the words that name it, what it does, its arguments and options,
 * and `run`. A command group is one file (site.ts, moderator.ts, ...) exporting its commands;
 * commands.ts lists the groups. Parsing, `--help` and usage errors live in run.ts, once.
 */

export type OptionSpec = {
  type: 'string' | 'boolean';
  /** May be given more than once; the value is the list. */
  multiple?: boolean;
  short?: string;
  /** Shown in usage: `--role <role>`. */
  placeholder?: string;
  description: string;
};

export type ArgSpec = { name: string; description: string; required?: boolean };

type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean | undefined
  : S['multiple'] extends true
    ? string[] | undefined
    : string | undefined;

export type OptionValues<O extends Record<string, OptionSpec>> = { [K in keyof O]: OptionValue<O[K]> };

/** Required arguments are strings when `run` sees them; optional ones may be missing. */
export type ArgValues<A extends readonly ArgSpec[]> = {
  [E in A[number] as E['name']]: E['required'] extends false ? string | undefined : string;
};

/** What a command may use: the app (opened on first use, so `--help` never touches the database). */
export type CliContext = {
  app(): Promise<ParleyApp>;
  /** One line to standard output. */
  print(line: string): void;
  /** One line to standard error (progress, warnings). */
  warn(line: string): void;
  readStdin(): Promise<string>;
  publicUrl: string;
};

export type Command = {
  /** The words that name it: `['site', 'add']`, or `['import']`. */
  path: readonly string[];
  summary: string;
  /** Extra lines for `COMMAND --help`: examples, what happens. */
  details?: string;
  args: readonly ArgSpec[];
  options: Record<string, OptionSpec>;
  run(ctx: CliContext, input: { args: Record<string, string | undefined>; options: Record<string, unknown> }): Promise<void>;
};

/** Types `run`'s arguments from the specs; the registry keeps the erased `Command`. */
export function defineCommand<const A extends readonly ArgSpec[], const O extends Record<string, OptionSpec>>(spec: {
  path: readonly string[];
  summary: string;
  details?: string;
  args: A;
  options: O;
  run(ctx: CliContext, input: { args: ArgValues<A>; options: OptionValues<O> }): Promise<void>;
}): Command {
  return spec as unknown as Command;
}

/** Wrong use of the CLI (unknown command or option, missing argument): usage is printed, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to print; none for the top-level usage. */
    readonly command?: Command,
  ) {
    super(message);
  }
}

/** The command ran but could not do it (no such site, e-mail taken): exit 1, no usage. */
export class CliError extends Error {}
