import { parseArgs } from 'node:util';
import { ValidationError } from '../../core/errors.js';
import { closest, didYouMean } from '../../core/suggest.js';
import { type CommandSpec, GLOBAL_OPTIONS, type Invocation, type OptionSpec } from './command.js';

function toParseArgsOptions(options: Record<string, OptionSpec>) {
  const out: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  return out;
}

const seeHelp = (spec: CommandSpec) => `see 'track ${spec.name} --help'`;

/** Options never offered for a typo: a security override is typed on purpose or not at all. */
const NEVER_SUGGESTED = new Set(['allow-foreign-root']);

function unknownOption(spec: CommandSpec, rawName: string, options: Record<string, OptionSpec>): ValidationError {
  const near = rawName.startsWith('--')
    ? closest(
        rawName,
        Object.keys(options)
          .filter((o) => !NEVER_SUGGESTED.has(o))
          .map((o) => `--${o}`),
      )
    : [];
  return new ValidationError(
    `unknown option '${rawName.slice(0, 60)}' for 'track ${spec.name}'`,
    near.length ? didYouMean(near) : `${seeHelp(spec)} for its options`,
    { option: rawName.slice(0, 200), ...(near.length ? { did_you_mean: near } : {}) },
  );
}

/**
 * Parses the arguments after the command name. Every problem becomes our own one-line error:
 * node's parser runs non-strict (its messages never reach the user) and the tokens are checked here.
 */
export function parseInvocation(spec: CommandSpec, args: string[]): Invocation {
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...spec.options };
  const parsed = parseArgs({ args, options: toParseArgsOptions(options), allowPositionals: true, strict: false, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) throw unknownOption(spec, token.rawName, options);
    const usage = `${token.rawName} ${option.value ?? 'VALUE'}`;
    if (option.type === 'boolean' && token.value !== undefined) {
      throw new ValidationError(`option ${token.rawName} takes no value`, `write ${token.rawName} alone (${seeHelp(spec)})`);
    }
    if (option.type === 'string' && token.value === undefined) {
      throw new ValidationError(`option ${token.rawName} needs a value`, `track ${spec.name} ${usage}`);
    }
    if (option.type === 'string' && !token.inlineValue && token.value && token.value.length > 1 && token.value.startsWith('-')) {
      throw new ValidationError(
        `option ${token.rawName} needs a value, got the option-like '${token.value.slice(0, 60)}'`,
        `write ${usage}; a value that starts with '-' is attached with '=': ${token.rawName}=${token.value.slice(0, 60)}`,
      );
    }
  }
  const max = spec.positionals?.length ?? 0;
  if (parsed.positionals.length > max) {
    throw new ValidationError(`unexpected argument '${String(parsed.positionals[max]).slice(0, 60)}' for 'track ${spec.name}'`, seeHelp(spec));
  }
  const v = parsed.values as Invocation['values'];
  return {
    values: v,
    positionals: parsed.positionals,
    global: {
      root: typeof v.root === 'string' ? v.root : undefined,
      lane: typeof v.lane === 'string' ? v.lane : undefined,
      databaseUrl: typeof v['database-url'] === 'string' ? v['database-url'] : undefined,
      project: typeof v.project === 'string' ? v.project : undefined,
      json: v.json === true,
      allowForeignRoot: v['allow-foreign-root'] === true,
    },
  };
}

/** Refuses an invocation that lacks an option its command cannot run without. */
export function checkRequired(spec: CommandSpec, inv: Invocation): void {
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required === undefined || inv.values[name] !== undefined) continue;
    throw new ValidationError(`track ${spec.name} needs --${name} ${option.value ?? 'VALUE'}`, option.required, { option: `--${name}` });
  }
}
