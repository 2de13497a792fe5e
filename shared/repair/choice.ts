/**
 * Who gets a gap, keeps an overlap or absorbs a sliver. Each option names the parcel that ends up
 * with the region (the keeper) and can compute the new shapes; options are ranked by the selected
 * rule and the first one whose shapes pass the checks wins:
 *  - `longest-boundary`: the keeper sharing the longest boundary with the region;
 *  - `legal-area`: the option after which the changed parcels' computed areas are closest to their
 *    legal areas (smallest change of Σ|computed − legal|); options touching no parcel with a legal
 *    area come after, by boundary;
 *  - `ask`: only the keeper the user picked (opts.choices), otherwise the item waits for a choice.
 * `decideAllowingWarnings` is the same choice when the user allowed new warnings: options failing
 * only warning-level checks are acceptable, the fewest new warnings first.
 */
import type { MessageKey } from '../i18n/messages.js';
import type { Polygons } from './jsts-ops.js';
import { area } from './shape.js';
import type { Workspace } from './workspace.js';

export type ChooseRule = 'longest-boundary' | 'legal-area' | 'ask';

export interface Msg {
  key: MessageKey;
  params: Record<string, string | number>;
}

export interface RegionOption {
  /** Parcel (index) that ends up with the region. */
  keeper: number;
  /** Shared boundary with the region (m). */
  contact: number;
  /** New shapes of the parcels that change. Throws on a failed overlay. */
  compute(): Map<number, Polygons>;
}

export type Decision =
  | { kind: 'done'; option: RegionOption; shapes: Map<number, Polygons>; why: Msg; legalDelta: number }
  | { kind: 'failed'; reason: Msg }
  | { kind: 'pending' };

/** Thrown by an option's `compute` that refuses for a reason the user should read (not a failed overlay). */
export class RepairRefusal extends Error {
  constructor(readonly msg: Msg) {
    super(msg.key);
  }
}

export type ShapeCheck = (p: number, before: Polygons, after: Polygons) => Msg | null;

function round(v: number, digits: number): string {
  return v.toFixed(digits);
}

/** Change of Σ|computed − legal| over the changed parcels that have a legal area; NaN if none has. */
export function legalAreaDelta(ws: Workspace, shapes: Map<number, Polygons>): number {
  let delta = 0;
  let any = false;
  for (const [p, after] of shapes) {
    const legal = ws.legalArea(p);
    if (!Number.isFinite(legal) || legal <= 0) continue;
    any = true;
    delta += Math.abs(area(after) - legal) - Math.abs(area(ws.shape(p)) - legal);
  }
  return any ? delta : NaN;
}

/** The options in the order the rule prefers them, and the reason each would be chosen. */
function ranking(
  ws: Workspace,
  options: RegionOption[],
  rule: ChooseRule,
  choice: number | undefined,
  run: (o: RegionOption) => Map<number, Polygons> | Msg,
): { ranked: RegionOption[]; why: (o: RegionOption, delta: number) => Msg } | Decision {
  const byContact = (a: RegionOption, b: RegionOption): number => b.contact - a.contact || ws.fid(a.keeper) - ws.fid(b.keeper);
  if (rule === 'ask') {
    if (choice === undefined) return { kind: 'pending' };
    const picked = options.find((o) => ws.fid(o.keeper) === choice);
    if (!picked) return { kind: 'failed', reason: { key: 'repair.reason.badChoice', params: { fid: choice } } };
    return { ranked: [picked], why: () => ({ key: 'repair.why.user', params: {} }) };
  }
  if (rule === 'legal-area') {
    const deltas = new Map<RegionOption, number>();
    for (const o of options) {
      const r = run(o);
      deltas.set(o, r instanceof Map ? legalAreaDelta(ws, r) : NaN);
    }
    const known = options.filter((o) => Number.isFinite(deltas.get(o)!));
    const unknown = options.filter((o) => !Number.isFinite(deltas.get(o)!));
    known.sort((a, b) => deltas.get(a)! - deltas.get(b)! || byContact(a, b));
    unknown.sort(byContact);
    return {
      ranked: [...known, ...unknown],
      why: (o, delta): Msg => {
        if (Number.isFinite(delta)) {
          let deviation = 0;
          for (const [p, s] of run(o) as Map<number, Polygons>) {
            const legal = ws.legalArea(p);
            if (Number.isFinite(legal) && legal > 0) deviation += Math.abs(area(s) - legal);
          }
          return { key: 'repair.why.legal', params: { deviation: round(deviation, 2) } };
        }
        return { key: 'repair.why.noLegal', params: { length: round(o.contact, 2) } };
      },
    };
  }
  return { ranked: [...options].sort(byContact), why: (o) => ({ key: 'repair.why.longest', params: { length: round(o.contact, 2) } }) };
}

/** Runs each option once; a failed overlay becomes the reason. */
function runner(): (o: RegionOption) => Map<number, Polygons> | Msg {
  const computed = new Map<RegionOption, Map<number, Polygons> | Msg>();
  return (o) => {
    let r = computed.get(o);
    if (r) return r;
    try {
      r = o.compute();
    } catch (err) {
      r = err instanceof RepairRefusal ? err.msg : { key: 'repair.reason.failed', params: { detail: err instanceof Error ? err.message : String(err) } };
    }
    computed.set(o, r);
    return r;
  };
}

export function decide(
  ws: Workspace,
  options: RegionOption[],
  rule: ChooseRule,
  choice: number | undefined,
  check: ShapeCheck,
): Decision {
  if (options.length === 0) return { kind: 'failed', reason: { key: 'repair.reason.noNeighbour', params: {} } };
  const run = runner();
  const order = ranking(ws, options, rule, choice, run);
  if ('kind' in order) return order;
  const { ranked, why } = order;
  let firstReason: Msg | null = null;
  for (const o of ranked) {
    const r = run(o);
    let reason: Msg | null = r instanceof Map ? null : r;
    if (r instanceof Map) {
      for (const [p, after] of r) {
        reason = check(p, ws.shape(p), after);
        if (reason) break;
      }
    }
    if (!reason && r instanceof Map) {
      const delta = legalAreaDelta(ws, r);
      return { kind: 'done', option: o, shapes: r, why: why(o, delta), legalDelta: delta };
    }
    firstReason ??= reason;
  }
  return { kind: 'failed', reason: firstReason ?? { key: 'repair.reason.noNeighbour', params: {} } };
}

/** A shape judged with warnings allowed: a hard failure (invalid, empty, more parts) and the new warnings. */
export interface Verdict {
  hard: Msg | null;
  /** Warning-level rules the shape newly breaks (spike, area-mismatch, sliver). */
  warnings: string[];
}

/**
 * `decide` for a repair the user allowed to create warnings: every option that passes the hard
 * checks is acceptable; the one creating the fewest new warnings wins, ties in the rule's order.
 */
export function decideAllowingWarnings(
  ws: Workspace,
  options: RegionOption[],
  rule: ChooseRule,
  choice: number | undefined,
  verdict: (p: number, before: Polygons, after: Polygons) => Verdict,
): Decision {
  if (options.length === 0) return { kind: 'failed', reason: { key: 'repair.reason.noNeighbour', params: {} } };
  const run = runner();
  const order = ranking(ws, options, rule, choice, run);
  if ('kind' in order) return order;
  const { ranked, why } = order;
  let best: { o: RegionOption; shapes: Map<number, Polygons>; warnings: number } | null = null;
  let firstReason: Msg | null = null;
  for (const o of ranked) {
    const r = run(o);
    if (!(r instanceof Map)) {
      firstReason ??= r;
      continue;
    }
    let hard: Msg | null = null;
    let warnings = 0;
    for (const [p, after] of r) {
      const v = verdict(p, ws.shape(p), after);
      if (v.hard) {
        hard = v.hard;
        break;
      }
      warnings += v.warnings.length;
    }
    if (hard) {
      firstReason ??= hard;
      continue;
    }
    if (!best || warnings < best.warnings) best = { o, shapes: r, warnings };
    if (warnings === 0) break;
  }
  if (!best) return { kind: 'failed', reason: firstReason ?? { key: 'repair.reason.noNeighbour', params: {} } };
  const delta = legalAreaDelta(ws, best.shapes);
  return { kind: 'done', option: best.o, shapes: best.shapes, why: why(best.o, delta), legalDelta: delta };
}
