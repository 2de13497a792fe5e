/**
 * Running the rules: `validate` checks a whole parcel set, `validateArea` re-checks only the
 * parcels touching an edited area and says which old findings its result replaces.
 */
import Flatbush from 'flatbush';
import type { Extent, PolygonCoords } from '../geo/geometry.js';
import type { Finding, FindingCounts, RuleId } from '../model/finding.js';
import { CancelledError, UserError } from '../errors.js';
import type { ValidationReference } from '../model/reference-area.js';
import { parcelBoxes, subsetParcelSet, withConstraintPolygons, type ParcelSet } from '../topology/parcel-set.js';
import { buildPlanarGraph } from '../topology/planar-graph.js';
import { findCoverageErrors, type CoverageErrors } from '../topology/coverage-errors.js';
import { fingerprint } from './fingerprint.js';
import { frameIndexOf, polygonWinding } from './frame-index.js';
import { computeMetrics } from './metrics.js';
import type { ParcelMetrics, Rule, RuleContext } from './rule.js';
import { RULES, ruleById } from './rules.js';
import { resolveSettings, type ValidationSettings } from './settings.js';

export interface ValidationProgress {
  /** 'topology:<step>' while the planar graph is built, else the rule id being run. */
  phase: string;
  done: number;
  total: number;
}

export interface ValidateOptions {
  onProgress?: (p: ValidationProgress) => void;
  /** Polled between steps; returning true stops the run with CancelledError. */
  shouldCancel?: () => boolean;
  /**
   * Sheet frames and commune boundaries the project has loaded: `crosses-sheet` checks parcels
   * against the frames, `gap` also reports uncovered land inside the boundaries. None: both
   * checks cost nothing.
   */
  reference?: ValidationReference | null;
}

export interface ValidationResult {
  parcels: number;
  findings: Finding[];
  counts: FindingCounts;
  ms: number;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function selectRules(settings: ValidationSettings): Rule[] {
  if (!settings.rules) return [...RULES];
  return settings.rules.map((id) => {
    const rule = ruleById(id);
    if (!rule) throw new UserError('validation.unknownRule', { rule: id, known: RULES.map((r) => r.id).join(', ') });
    return rule;
  });
}

/** Every polygon of the loaded commune boundaries (one constraint for the planar graph). */
export function boundaryPolygons(reference: ValidationReference | null | undefined): PolygonCoords[] {
  const out: PolygonCoords[] = [];
  for (const b of reference?.boundaries ?? []) for (const poly of b.polygons) if (poly.length > 0 && poly[0].length >= 4) out.push(poly);
  return out;
}

/** Inside the shell of a boundary polygon but in one of its holes. */
export function inBoundaryHole(polygons: readonly PolygonCoords[], x: number, y: number): boolean {
  let inShell = false;
  for (const poly of polygons) {
    if (polygonWinding([poly[0]], x, y) === 0) continue;
    // Holes tested one by one: a hole drawn in the shell's direction must still count as a hole.
    if (!poly.slice(1).some((hole) => polygonWinding([hole], x, y) !== 0)) return false;
    inShell = true;
  }
  return inShell;
}

function runRules(
  set: ParcelSet,
  settings: ValidationSettings,
  inScope: (p: number) => boolean,
  options: ValidateOptions,
  completeWithin?: Extent,
): Finding[] {
  const rules = selectRules(settings);
  const checkpoint = (): void => {
    if (options.shouldCancel?.()) throw new CancelledError();
  };
  let metrics: ParcelMetrics | null = null;
  let coverage: CoverageErrors | null = null;
  const total = rules.length;
  let done = 0;
  const ctx: RuleContext = {
    set,
    settings,
    inScope,
    whole: completeWithin === undefined,
    checkpoint,
    metrics: () => (metrics ??= computeMetrics(set)),
    coverage: () => {
      if (!coverage) {
        // A loaded boundary joins the graph as one more ring set after the parcels, so uncovered
        // land inside it is found by the same face walk (no polygon overlays).
        const boundary = boundaryPolygons(options.reference);
        const graphSet = boundary.length > 0 ? withConstraintPolygons(set, boundary) : set;
        const constraintFrom = boundary.length > 0 ? set.count : undefined;
        const graph = buildPlanarGraph(graphSet, {
          tolerance: settings.tolerance,
          constraintFrom,
          checkpoint: (step) => {
            checkpoint();
            options.onProgress?.({ phase: `topology:${step}`, done, total });
          },
        });
        coverage = findCoverageErrors(graph, settings.tolerance, {
          constraintFrom,
          completeWithin,
          inBoundaryHole: boundary.length > 0 ? (x, y) => inBoundaryHole(boundary, x, y) : undefined,
        });
      }
      return coverage;
    },
    frames: () => frameIndexOf(options.reference),
    finding: (rule, parcels, x, y, extra = {}) => {
      const fids = parcels.map((p) => set.fids[p]).sort((a, b) => a - b);
      const f: Finding = { rule: rule.id, severity: rule.severity, parcels: fids, x, y, fingerprint: '' };
      if (extra.area !== undefined) f.area = extra.area;
      if (extra.width !== undefined) f.width = extra.width;
      if (extra.geometry !== undefined) f.geometry = extra.geometry;
      if (extra.detail !== undefined) f.detail = extra.detail;
      f.fingerprint = fingerprint(rule.id, fids, extra.geometry, x, y);
      return f;
    },
  };
  const findings: Finding[] = [];
  for (const rule of rules) {
    checkpoint();
    options.onProgress?.({ phase: rule.id, done, total });
    rule.visit(ctx, (f) => findings.push(f));
    done++;
  }
  options.onProgress?.({ phase: 'done', done, total });
  return findings;
}

/** Number of findings per rule. */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
}

/**
 * The enabled rules split in two groups that can run at the same time (e.g. in two threads):
 * `topology` needs the planar graph (overlap, gap, near-miss), `parcel` looks at one parcel or its
 * attributes at a time. Both lists keep the run order; {@link mergeRuleFindings} puts the two
 * results back in that order, so the merged list equals what `validate` returns.
 */
export function splitRulesForParallel(settings: Partial<ValidationSettings> = {}): { order: RuleId[]; topology: RuleId[]; parcel: RuleId[] } {
  const rules = selectRules(checkedSettings(settings));
  return {
    order: rules.map((r) => r.id),
    topology: rules.filter((r) => r.kind === 'topology').map((r) => r.id),
    parcel: rules.filter((r) => r.kind !== 'topology').map((r) => r.id),
  };
}

/** Findings of rule subsets merged into the run order of `order` (each part keeps its own order per rule). */
export function mergeRuleFindings(order: readonly RuleId[], parts: readonly (readonly Finding[])[]): Finding[] {
  const byRule = new Map<RuleId, Finding[]>();
  for (const part of parts) {
    for (const f of part) {
      const list = byRule.get(f.rule);
      if (list) list.push(f);
      else byRule.set(f.rule, [f]);
    }
  }
  const out: Finding[] = [];
  for (const id of order) for (const f of byRule.get(id) ?? []) out.push(f);
  return out;
}

function checkedSettings(partial: Partial<ValidationSettings>): ValidationSettings {
  try {
    return resolveSettings(partial);
  } catch (err) {
    throw new UserError('validation.badSetting', { detail: err instanceof Error ? err.message : String(err) });
  }
}

/** Runs every enabled rule over the whole set. */
export function validate(
  set: ParcelSet,
  settings: Partial<ValidationSettings> = {},
  options: ValidateOptions = {},
): ValidationResult {
  const t0 = now();
  const resolved = checkedSettings(settings);
  const findings = runRules(set, resolved, () => true, options);
  return { parcels: set.count, findings, counts: countFindings(findings), ms: now() - t0 };
}

export interface AreaValidationResult {
  /** Findings involving at least one parcel of the area, freshly computed. */
  findings: Finding[];
  /** Old findings naming any of these fids are replaced by `findings` (see replaceFindings). */
  replacedFids: number[];
  bbox: Extent;
  /** Parcels re-checked, including the neighbours needed to see overlaps and gaps. */
  checkedParcels: number;
  ms: number;
}

const boxCache = new WeakMap<ParcelSet, { index: Flatbush; boxes: Float64Array }>();

function spatialIndex(set: ParcelSet): { index: Flatbush; boxes: Float64Array } {
  let cached = boxCache.get(set);
  if (!cached) {
    const boxes = parcelBoxes(set);
    const index = new Flatbush(Math.max(1, set.count));
    for (let p = 0; p < set.count; p++) {
      if (Number.isNaN(boxes[4 * p])) index.add(Infinity, Infinity, Infinity, Infinity);
      else index.add(boxes[4 * p], boxes[4 * p + 1], boxes[4 * p + 2], boxes[4 * p + 3]);
    }
    if (set.count === 0) index.add(0, 0, 0, 0);
    index.finish();
    cached = { index, boxes };
    boxCache.set(set, cached);
  }
  return cached;
}

/**
 * Re-checks the parcels whose bounding box touches `bbox` (the dirty area of an edit). Their
 * neighbours within the tolerance are included so overlaps and gaps along the edited boundaries
 * are seen; duplicate numbers are looked up in the whole set. `removedFids` (parcels deleted by
 * the edit) are added to `replacedFids` so their old findings disappear.
 */
export function validateArea(
  set: ParcelSet,
  bbox: Extent,
  settings: Partial<ValidationSettings> = {},
  options: ValidateOptions & { removedFids?: number[] } = {},
): AreaValidationResult {
  const t0 = now();
  const resolved = checkedSettings(settings);
  const { index, boxes } = spatialIndex(set);
  const scope = set.count > 0 ? index.search(bbox[0], bbox[1], bbox[2], bbox[3]) : [];
  // Neighbours: anything touching the (tolerance-grown) box of a scope parcel, then the parcels
  // around those so that gaps enclosed next to the scope are closed.
  const t = resolved.tolerance;
  const work = new Set<number>(scope);
  // Every parcel touching this box is in the work set, so coverage inside it is complete.
  let complete: Extent | undefined;
  for (let ring = 0; ring < 2; ring++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of work) {
      x0 = Math.min(x0, boxes[4 * p]);
      y0 = Math.min(y0, boxes[4 * p + 1]);
      x1 = Math.max(x1, boxes[4 * p + 2]);
      y1 = Math.max(y1, boxes[4 * p + 3]);
    }
    if (!Number.isFinite(x0)) break;
    if (ring === 1) complete = [x0 - t, y0 - t, x1 + t, y1 + t];
    for (const p of index.search(x0 - t, y0 - t, x1 + t, y1 + t)) work.add(p);
  }
  // An empty scope: nothing is known to be complete.
  complete ??= [bbox[0], bbox[1], bbox[0], bbox[1]];
  const workList = [...work].sort((a, b) => a - b);
  const sub = subsetParcelSet(set, workList);
  const inScopeSub = new Uint8Array(sub.count);
  const scopeSet = new Set(scope);
  workList.forEach((p, i) => {
    if (scopeSet.has(p)) inScopeSub[i] = 1;
  });
  const rules = resolved.rules ?? RULES.map((r) => r.id);
  // Attribute duplicates need the whole set: run that rule on it, limited to the scope.
  const local: RuleId[] = rules.filter((r) => r !== 'duplicate-number');
  const findings = runRules(sub, { ...resolved, rules: local }, (p) => inScopeSub[p] === 1, options, complete);
  if (rules.includes('duplicate-number')) {
    findings.push(...runRules(set, { ...resolved, rules: ['duplicate-number'] }, (p) => scopeSet.has(p), options));
  }
  const replaced = new Set<number>();
  for (const p of scope) replaced.add(set.fids[p]);
  for (const fid of options.removedFids ?? []) replaced.add(fid);
  return {
    findings,
    replacedFids: [...replaced].sort((a, b) => a - b),
    bbox,
    checkedParcels: sub.count,
    ms: now() - t0,
  };
}

/** The finding list after an incremental check: old findings of the area out, new ones in. */
export function replaceFindings(old: readonly Finding[], update: AreaValidationResult): Finding[] {
  const replaced = new Set(update.replacedFids);
  const kept = old.filter((f) => !f.parcels.some((fid) => replaced.has(fid)));
  const seen = new Set(kept.map((f) => f.fingerprint));
  for (const f of update.findings) if (!seen.has(f.fingerprint)) kept.push(f);
  return kept;
}
