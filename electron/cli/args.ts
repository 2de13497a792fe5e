/**
 * A small, strict argument parser for `parceldesk`: unknown options are usage errors (exit 2)
 * rather than silently ignored, because a mistyped `--crs` must never import into the wrong zone.
 */
import { UserError } from '../../shared/errors.js';

export interface OptionSpec {
  /** Takes a value (`--crs EPSG:5899` or `--crs=EPSG:5899`). */
  value?: boolean;
  /** May be given several times (values collected in order). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[]>;
}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UserError('cli.usage', { detail: `unknown option --${name}` });
    if (!s.value) {
      if (eq !== -1) throw new UserError('cli.usage', { detail: `--${name} takes no value` });
      options[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new UserError('cli.usage', { detail: `--${name} needs a value` });
    }
    if (s.repeat) {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(value);
      options[name] = list;
    } else {
      if (name in options) throw new UserError('cli.usage', { detail: `--${name} given twice` });
      options[name] = value;
    }
  }
  return { positionals, options };
}

export function str(opts: ParsedArgs['options'], name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}

export function list(opts: ParsedArgs['options'], name: string): string[] {
  const v = opts[name];
  return Array.isArray(v) ? v : [];
}
