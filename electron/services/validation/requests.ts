/**
 * Checking validation requests at the service boundary: the bridges only check that a payload is
 * plain JSON, so the types and enums of findings queries and repair requests are checked here.
 */
import { UserError } from '../../../shared/errors.js';
import type { ExceptionFilter, FindingsQuery, FixRequest, RepairChoice } from '../../../shared/ipc/validation.js';
import { RULE_IDS, type RuleId, type Severity } from '../../../shared/model/finding.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const EXCEPTION_FILTERS: readonly ExceptionFilter[] = ['open', 'excepted', 'all'];
const CHOICES: readonly RepairChoice[] = ['longest-boundary', 'legal-area', 'ask'];

function bad(detail: string): UserError {
  return new UserError('validation.badSetting', { detail });
}

export function checkRule(rule: unknown): RuleId {
  if (typeof rule !== 'string' || !(RULE_IDS as readonly string[]).includes(rule)) {
    throw new UserError('validation.unknownRule', { rule: String(rule), known: RULE_IDS.join(', ') });
  }
  return rule as RuleId;
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${name} must be an integer >= 0`);
  return v;
}

export function checkFindingsQuery(q: unknown): FindingsQuery {
  const r = (q ?? {}) as Record<string, unknown>;
  const out: FindingsQuery = {};
  if (r.rule !== undefined && r.rule !== null && r.rule !== '') out.rule = checkRule(r.rule);
  if (r.severity !== undefined && r.severity !== null && r.severity !== '') {
    if (!SEVERITIES.includes(r.severity as Severity)) throw bad(`severity must be one of ${SEVERITIES.join(', ')}`);
    out.severity = r.severity as Severity;
  }
  if (r.sheet !== undefined && r.sheet !== null) {
    if (typeof r.sheet !== 'string' && typeof r.sheet !== 'number') throw bad('sheet must be text');
    out.sheet = String(r.sheet);
  }
  if (r.exceptions !== undefined && r.exceptions !== null) {
    if (!EXCEPTION_FILTERS.includes(r.exceptions as ExceptionFilter)) throw bad(`exceptions must be one of ${EXCEPTION_FILTERS.join(', ')}`);
    out.exceptions = r.exceptions as ExceptionFilter;
  }
  out.offset = optionalInt(r.offset, 'offset');
  out.limit = optionalInt(r.limit, 'limit');
  return out;
}

export function checkChoose(v: unknown): RepairChoice {
  if (!CHOICES.includes(v as RepairChoice)) throw new UserError('validation.badChoose', { choose: String(v) });
  return v as RepairChoice;
}

export function checkFixRequest(req: unknown): FixRequest {
  const r = (req ?? {}) as Record<string, unknown>;
  const out: FixRequest = { choose: checkChoose(r.choose ?? 'longest-boundary') };
  if (r.rules !== undefined && r.rules !== null) {
    if (!Array.isArray(r.rules)) throw bad('rules must be a list of rule ids');
    out.rules = r.rules.map(checkRule);
  }
  if (r.fingerprints !== undefined && r.fingerprints !== null) {
    if (!Array.isArray(r.fingerprints) || r.fingerprints.some((f) => typeof f !== 'string')) throw bad('fingerprints must be a list of text');
    out.fingerprints = r.fingerprints as string[];
  }
  if (r.choices !== undefined && r.choices !== null) {
    if (typeof r.choices !== 'object' || Array.isArray(r.choices)) throw bad('choices must map fingerprints to parcel ids');
    const choices: Record<string, number> = {};
    for (const [fp, fid] of Object.entries(r.choices as Record<string, unknown>)) {
      if (typeof fid !== 'number' || !Number.isInteger(fid)) throw bad(`choice for ${fp} must be a parcel id`);
      choices[fp] = fid;
    }
    out.choices = choices;
  }
  if (r.allowWarnings !== undefined && r.allowWarnings !== null) {
    if (typeof r.allowWarnings !== 'boolean') throw bad('allowWarnings must be true or false');
    out.allowWarnings = r.allowWarnings;
  }
  if (r.maxFragmentShare !== undefined && r.maxFragmentShare !== null) {
    const v = r.maxFragmentShare;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw bad('maxFragmentShare must be a share between 0 and 1');
    out.maxFragmentShare = v;
  }
  return out;
}
