/**
 * Who gets a gap, keeps an overlap or absorbs a sliver. Each option names the parcel that ends up
 * with the region (the keeper) and can compute the new shapes; options are ranked by the selected
 * rule and the first one whose shapes pass the checks wins:
 *  - `longest-boundary`: the keeper sharing the longest boundary with the region;
 *  - `legal-area`: the option after which the changed parcels' computed areas are closest to their
 *    legal areas (smallest change of Σ|computed − legal|); options touching no parcel with a legal
 *    area come after, by boundary;
 *  - `ask`: only the keeper the user picked (opts.choices), otherwise the item waits for a choice.
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

export function decide(
  ws: Workspace,
  options: RegionOption[],
  rule: ChooseRule,
  choice: number | undefined,
  check: ShapeCheck,
): Decision {
  if (options.length === 0) return { kind: 'failed', reason: { key: 'repair.reason.noNeighbour', params: {} } };
  const byContact = (a: RegionOption, b: RegionOption): number => b.contact - a.contact || ws.fid(a.keeper) - ws.fid(b.keeper);
  const computed = new Map<RegionOption, Map<number, Polygons> | Msg>();
  const run = (o: RegionOption): Map<number, Polygons> | Msg => {
    let r = computed.get(o);
    if (r) return r;
    try {
      r = o.compute();
    } catch (err) {
      r = { key: 'repair.reason.failed', params: { detail: err instanceof Error ? err.message : String(err) } };
    }
    computed.set(o, r);
    return r;
  };
  let ranked: RegionOption[];
  let why: (o: RegionOption, delta: number) => Msg;
  if (rule === 'ask') {
    if (choice === undefined) return { kind: 'pending' };
    const picked = options.find((o) => ws.fid(o.keeper) === choice);
    if (!picked) return { kind: 'failed', reason: { key: 'repair.reason.badChoice', params: { fid: choice } } };
    ranked = [picked];
    why = () => ({ key: 'repair.why.user', params: {} });
  } else if (rule === 'legal-area') {
    const deltas = new Map<RegionOption, number>();
    for (const o of options) {
      const r = run(o);
      deltas.set(o, r instanceof Map ? legalAreaDelta(ws, r) : NaN);
    }
    const known = options.filter((o) => Number.isFinite(deltas.get(o)!));
    const unknown = options.filter((o) => !Number.isFinite(deltas.get(o)!));
    known.sort((a, b) => deltas.get(a)! - deltas.get(b)! || byContact(a, b));
    unknown.sort(byContact);
    ranked = [...known, ...unknown];
    why = (o, delta): Msg => {
      if (Number.isFinite(delta)) {
        let deviation = 0;
        for (const [p, s] of run(o) as Map<number, Polygons>) {
          const legal = ws.legalArea(p);
          if (Number.isFinite(legal) && legal > 0) deviation += Math.abs(area(s) - legal);
        }
        return { key: 'repair.why.legal', params: { deviation: round(deviation, 2) } };
      }
      return { key: 'repair.why.noLegal', params: { length: round(o.contact, 2) } };
    };
  } else {
    ranked = [...options].sort(byContact);
    why = (o) => ({ key: 'repair.why.longest', params: { length: round(o.contact, 2) } });
  }
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
