/**
 * Repair planning: from validation findings to commands, without touching the project. The plan
 * works on a scratch copy of the shapes (Workspace), in a fixed order so later repairs see earlier
 * ones: duplicate vertices and spikes, near-miss snapping (then the narrow pieces left between the
 * snapped pairs), overlaps, gaps, and last the sliver merges. Every new shape must be a valid
 * (multi)polygon with no more parts, spikes or sliver width than before; a repair that fails that
 * is listed in `unresolved` with the reason and never becomes a command.
 */
import type { AreaGeometry, Extent, Position } from '../geo/geometry.js';
import { formatMessage } from '../i18n/messages.js';
import { UserError } from '../errors.js';
import type { Command } from '../commands/command.js';
import { CompositeCommand } from '../commands/composite.js';
import { MergeParcelsCommand } from '../commands/merge-parcels.js';
import { SetGeometryCommand } from '../commands/set-geometry.js';
import type { Finding, RuleId } from '../model/finding.js';
import { RULE_IDS } from '../model/finding.js';
import type { PolygonCoords } from '../geo/geometry.js';
import type { ValidationReference } from '../model/reference-area.js';
import { withConstraintPolygons, type ParcelSet } from '../topology/parcel-set.js';
import { buildPlanarGraph } from '../topology/planar-graph.js';
import { findCoverageErrors, MIN_REGION_AREA, type CoverageErrors } from '../topology/coverage-errors.js';
import { allowedAreaDifference } from '../validation/rules/area-mismatch.js';
import { resolveSettings, type ValidationSettings } from '../validation/settings.js';
import { boundaryPolygons, inBoundaryHole, validate } from '../validation/validate.js';
import { decide, decideAllowingWarnings, RepairRefusal, type ChooseRule, type Decision, type Msg, type RegionOption, type Verdict } from './choice.js';
import { difference, inheritValidity, intersection, invalidReason, union, type Polygons } from './jsts-ops.js';
import {
  area,
  boundaryDistance,
  contactLength,
  dedupeRing,
  exteriorIsCcw,
  extentOf,
  geometryOf,
  meanWidth,
  pointInPolygons,
  pointInRing,
  polygonsOf,
  positionKey,
  spikeCount,
  spikeVertices,
  tidy,
} from './shape.js';
import { snapOnto, snapParcels } from './snap.js';
import { splitAlongMidline } from './midline.js';
import { separateAtTouches, untangle } from './untangle.js';
import { Workspace } from './workspace.js';

export type { ChooseRule } from './choice.js';

/** Rules with an automatic repair, in the order the plan applies them. */
import { REPAIRABLE_RULES } from './repairable-rules.js';
export { REPAIRABLE_RULES };

export interface RepairOptions {
  /** Rules to repair (default: all repairable rules). */
  rules?: string[];
  choose: ChooseRule;
  /** Snapping tolerance (m), the one the findings were computed with. */
  tolerance: number;
  /** Repair only these findings. */
  fingerprints?: string[];
  /** With choose 'ask': finding fingerprint → fid of the parcel that gets the region. */
  choices?: Record<string, number>;
  /** Thresholds of the checks (spike, sliver, duplicate-vertex, area-mismatch); defaults otherwise. */
  settings?: Partial<ValidationSettings>;
  /**
   * The frames and commune boundary the findings were computed against (`validate(…, { reference })`):
   * gaps along the boundary (`detail.where = 'boundary'`) are found again, and later rounds see them.
   */
  reference?: ValidationReference;
  /**
   * Opt-in: a repair whose only failing checks are warning-level (a new spike, a newly exceeded
   * area-mismatch allowance, newly under the sliver width) is applied with the best remaining
   * option when nothing clean is left; the plan lists the warnings it creates (`warnings`). A cut
   * that would split a parcel then gives the detached fragments to their neighbours. Validity,
   * emptiness and the number of polygon parts stay hard checks. Default false.
   */
  allowWarnings?: boolean;
  /**
   * With `allowWarnings`: the largest fragment (share of the parcel's area before the cut, 0–1) a
   * split parcel may hand to a neighbour (default 0.1).
   */
  maxFragmentShare?: number;
}

/** Rules a repair may newly break when the user allows warnings (docs/rules.md: warnings). */
export type TradedRule = 'spike' | 'area-mismatch' | 'sliver';

/** A warning a repair with `allowWarnings` created: what QA sees was traded for closing the region. */
export interface RepairWarning {
  /** The finding whose repair created it. */
  fingerprint: string;
  rule: TradedRule;
  /** Feature id of the parcel that now carries the warning. */
  parcel: number;
  reason: string;
  reasonEn: string;
}

/** A detached fragment of a parcel a cut would split, given to the neighbour along it. */
export interface FragmentMove {
  /** Feature id of the parcel the cut split. */
  from: number;
  /** Feature id of the neighbour that takes the fragment (longest shared boundary). */
  to: number;
  /** m² */
  area: number;
  /** Boundary the fragment shares with `to` (m). */
  sharedBoundary: number;
}

export interface RepairCandidate {
  fid: number;
  /** Boundary shared with the gap/overlap/sliver (m). */
  sharedBoundary: number;
}

export interface RepairItem {
  fingerprint: string;
  rule: RuleId;
  parcels: number[];
  /** What will change, in Vietnamese. */
  action: string;
  actionEn: string;
  /** The parcel that gets the region (gap, overlap, sliver). */
  target?: number;
  /** Neighbours that could get the region (gap, overlap, sliver). */
  candidates?: RepairCandidate[];
  /** True when the user still has to pick the target (choose 'ask'); no command was planned. */
  pending?: boolean;
  /** Fragments of a split parcel given to neighbours (only with `allowWarnings`). */
  fragments?: FragmentMove[];
  /** Warning-level rules this repair was allowed to break (only with `allowWarnings`). */
  warnings?: TradedRule[];
}

export interface UnresolvedRepair {
  fingerprint: string;
  rule: RuleId;
  parcels: number[];
  reason: string;
  reasonEn: string;
}

export interface RepairPlan {
  commands: Command[];
  preview: {
    /** Findings repaired per rule. */
    counts: Partial<Record<RuleId, number>>;
    /** Feature ids of every parcel the commands change. */
    parcels: number[];
    items: RepairItem[];
  };
  unresolved: UnresolvedRepair[];
  /**
   * New warnings the repairs create (only with `allowWarnings`; empty otherwise): every parcel whose
   * final shape breaks a warning rule its original shape did not.
   */
  warnings: RepairWarning[];
}

interface MergeOp {
  keep: number;
  removed: number;
  keepBefore: Polygons;
  keepAfter: Polygons;
  removedShape: Polygons;
}

/** Contact tolerance for shapes built from exact overlays: floating-point noise only. */
const EXACT_EPS = 1e-6;
/** Crossing points closer than this to an edge are welded into it (1 µm: far below any survey). */
const WELD_DISTANCE = 1e-6;
/** Farthest a vertex may move to close a thin gap/overlap: the default snapping tolerance (domain.md §3). */
const MAX_CLOSING_SNAP = 0.05;
/**
 * Largest twisted loop of a self-crossing ring the `invalid-ring` repair drops (1 cm²): the µm
 * bow-ties digitising leaves behind, far below any survey's accuracy; a larger one is a drawing error.
 */
const MAX_DROPPED_TWIST = 1e-4;
/** Mean width under which a region left by earlier repairs is closed by snapping first (0.1 mm). */
const HAIR_WIDTH = 1e-4;
/** Rounds of overlap/gap repair at most (the first one included); each re-validates the scratch shapes. */
const MAX_ROUNDS = 4;
/** Rules whose findings later rounds look for again on the repaired shapes. */
const ROUND_RULES: readonly RuleId[] = ['overlap', 'gap'];
/** Default largest fragment of a split parcel given to a neighbour, as a share of its area. */
export const DEFAULT_MAX_FRAGMENT_SHARE = 0.1;

class Planner {
  readonly ws: Workspace;
  readonly settings: ValidationSettings;
  readonly t: number;
  readonly items: RepairItem[] = [];
  readonly unresolved: UnresolvedRepair[] = [];
  readonly merges: MergeOp[] = [];
  readonly ccw = new Map<number, boolean>();
  /** Shape of each changed parcel at the last weld (later rounds weld only what changed since). */
  readonly welded = new Map<number, Polygons>();
  /** Parcel → fingerprint of the first repair allowed to create a warning on it. */
  readonly traded = new Map<number, string>();
  /** Fragment moves behind an option's shapes (allowWarnings), to report with the repair. */
  readonly fragmentMoves = new WeakMap<Map<number, Polygons>, FragmentMove[]>();
  /** Commune boundary polygons (constraints of the planar graph for boundary gaps). */
  readonly boundary: PolygonCoords[];

  constructor(
    set: ParcelSet,
    readonly opts: RepairOptions,
  ) {
    this.ws = new Workspace(set);
    this.t = opts.tolerance;
    try {
      this.settings = resolveSettings({ ...(opts.settings ?? {}), tolerance: opts.tolerance });
    } catch (err) {
      throw new UserError('repair.badOption', { detail: err instanceof Error ? err.message : String(err) });
    }
    this.boundary = boundaryPolygons(opts.reference);
  }

  get allowWarnings(): boolean {
    return this.opts.allowWarnings === true;
  }

  /**
   * Whether overlaps and gaps may trade warnings now: with `allowWarnings`, only once the clean
   * rounds are done (or at once in a plan without rounds: chosen findings, or the user picking).
   */
  lenientNow = false;

  fmt(m: Msg): { vi: string; en: string } {
    return { vi: formatMessage('vi', m.key, m.params), en: formatMessage('en', m.key, m.params) };
  }

  label(p: number): string {
    const no = this.ws.parcelNo(p);
    return no ? `${no} (#${this.ws.fid(p)})` : `#${this.ws.fid(p)}`;
  }

  fail(f: Finding, m: Msg): void {
    const { vi, en } = this.fmt(m);
    this.unresolved.push({ fingerprint: f.fingerprint, rule: f.rule, parcels: f.parcels, reason: vi, reasonEn: en });
  }

  /**
   * A region that could not be repaired: when one of its parcels is itself invalid (the overlays
   * around it fail or give invalid shapes), that is the reason the technician needs to hear.
   */
  failRegion(f: Finding, parcels: readonly number[], m: Msg): void {
    const broken = parcels.find((p) => invalidReason(this.ws.shape(p)) !== null);
    this.fail(f, broken === undefined ? m : { key: 'repair.reason.invalidParcel', params: { parcel: this.label(broken) } });
  }

  item(f: Finding, m: Msg, extra: Partial<RepairItem> = {}): void {
    const { vi, en } = this.fmt(m);
    this.items.push({ fingerprint: f.fingerprint, rule: f.rule, parcels: f.parcels, action: vi, actionEn: en, ...extra });
  }

  /** Parcel indices of a finding, or null (reported) when one is not in the set. */
  parcelsOf(f: Finding): number[] | null {
    const out: number[] = [];
    for (const fid of f.parcels) {
      const p = this.ws.parcelOf(fid);
      if (p === undefined || this.ws.removed.has(p)) {
        this.fail(f, { key: 'repair.reason.missingParcel', params: { fid } });
        return null;
      }
      out.push(p);
    }
    return out;
  }

  exteriorCcw(p: number): boolean {
    let v = this.ccw.get(p);
    if (v === undefined) {
      v = exteriorIsCcw(polygonsOf(this.ws.originalGeometry(p)));
      this.ccw.set(p, v);
    }
    return v;
  }

  tidy(p: number, polys: Polygons): Polygons {
    return inheritValidity(polys, tidy(polys, this.exteriorCcw(p)));
  }

  /**
   * The guard every new shape passes: valid, not split, no new spike, sliver or area mismatch.
   * `moreParts`: the shape may have more polygons than before (an untangled ring whose loops only
   * touched at a point were separate pieces already).
   */
  check = (p: number, before: Polygons, after: Polygons, moreParts = false): Msg | null => {
    const v = this.verdict(p, before, after, moreParts);
    if (v.hard) return v.hard;
    if (v.warnings.length > 0) return { key: 'repair.reason.newErrors', params: { rules: v.warnings.join(', ') } };
    return null;
  };

  /**
   * The same guard split in two: the hard checks (non-empty, valid, no more parts) and the
   * warning-level rules the new shape newly breaks (what `allowWarnings` may trade).
   */
  verdict = (p: number, before: Polygons, after: Polygons, moreParts = false): Verdict => {
    const parcel = this.label(p);
    if (after.length === 0 || area(after) <= 0) return { hard: { key: 'repair.reason.empty', params: { parcel } }, warnings: [] };
    const invalid = invalidReason(after);
    if (invalid) return { hard: { key: 'repair.reason.invalid', params: { parcel, detail: invalid } }, warnings: [] };
    if (!moreParts && after.length > Math.max(1, before.length)) return { hard: { key: 'repair.reason.split', params: { parcel } }, warnings: [] };
    return { hard: null, warnings: this.newWarnings(p, before, after) };
  };

  /** Warning-level rules `after` breaks and `before` did not (spike: more spike vertices). */
  newWarnings(p: number, before: Polygons, after: Polygons): TradedRule[] {
    const s = this.settings;
    const fresh: TradedRule[] = [];
    if (spikeCount(after, s.spikeAngle, s.spikeLength) > spikeCount(before, s.spikeAngle, s.spikeLength)) fresh.push('spike');
    if (meanWidth(after) < s.sliverWidth && meanWidth(before) >= s.sliverWidth) fresh.push('sliver');
    const legal = this.ws.legalArea(p);
    if (Number.isFinite(legal) && legal > 0) {
      const allowed = allowedAreaDifference(s.areaRule, legal);
      if (Math.abs(area(after) - legal) > allowed && Math.abs(area(before) - legal) <= allowed) fresh.push('area-mismatch');
    }
    return fresh;
  }

  /**
   * The check of a one-parcel repair (untangle, duplicate vertices, spikes): a hard failure always
   * refuses; new warnings refuse unless the user allowed them, in which case they are traded.
   */
  accept(f: Finding, p: number, before: Polygons, after: Polygons, moreParts = false): Msg | null {
    const v = this.verdict(p, before, after, moreParts);
    if (v.hard) return v.hard;
    if (v.warnings.length === 0) return null;
    if (!this.allowWarnings) return { key: 'repair.reason.newErrors', params: { rules: v.warnings.join(', ') } };
    this.trade(f, [p]);
    return null;
  }

  /** Remembers which repair was allowed to create warnings on these parcels (listed at the end). */
  trade(f: Finding, parcels: Iterable<number>): void {
    for (const p of parcels) if (!this.traded.has(p)) this.traded.set(p, f.fingerprint);
  }

  apply(shapes: Map<number, Polygons>): void {
    for (const [p, s] of shapes) this.ws.setShape(p, s);
  }

  // ---- invalid rings --------------------------------------------------------------------------

  /**
   * Rewrites self-touching rings and µm bow-ties as valid shapes over the same land (untangle.ts);
   * runs first so the overlaps and gaps next to these parcels can be cut and united.
   */
  invalidRings(findings: Finding[]): void {
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps) continue;
      const p = ps[0];
      const kind = String(f.detail?.kind ?? '');
      if (kind !== 'self-touch' && kind !== 'self-intersection') {
        this.fail(f, { key: 'repair.reason.invalidKind', params: { kind: kind || '?' } });
        continue;
      }
      const before = this.ws.shape(p);
      const r = untangle(before, MAX_DROPPED_TWIST);
      if ('failure' in r) {
        this.fail(f, { key: r.failure === 'large-twist' ? 'repair.reason.twistTooLarge' : 'repair.reason.tangled', params: { parcel: this.label(p) } });
        continue;
      }
      let shape = this.tidy(p, r.shape);
      let separated = false;
      if (/disconnected/i.test(invalidReason(shape) ?? '')) {
        // A hole touching the outline at two points: the land is pieces meeting at points already.
        const pieces = separateAtTouches(shape);
        if (pieces) {
          shape = this.tidy(p, pieces);
          separated = true;
        }
      }
      const reason = this.accept(f, p, before, shape, true);
      if (reason) {
        this.fail(f, reason);
        continue;
      }
      this.ws.setShape(p, shape);
      const rings = shape.reduce((n, poly) => n + poly.length, 0);
      if (separated) {
        this.item(f, { key: 'repair.action.untangleParts', params: { parcel: this.label(p), parts: shape.length } });
      } else if (r.dropped > 0) {
        this.item(f, { key: 'repair.action.untangleTwist', params: { parcel: this.label(p), count: r.dropped, area: r.droppedArea.toExponential(1), rings } });
      } else {
        this.item(f, { key: 'repair.action.untangle', params: { parcel: this.label(p), rings } });
      }
    }
  }

  // ---- duplicate vertices -------------------------------------------------------------------

  duplicateVertices(findings: Finding[]): void {
    const d = this.settings.duplicateVertexDistance;
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps) continue;
      const p = ps[0];
      let removed = 0;
      const after = this.ws.shape(p).map((poly) =>
        poly.map((ring) => {
          const out = [ring[0]];
          for (let i = 1; i < ring.length; i++) {
            const l = out[out.length - 1];
            if (Math.hypot(ring[i][0] - l[0], ring[i][1] - l[1]) <= d && i < ring.length - 1) {
              removed++;
              continue;
            }
            out.push(ring[i]);
          }
          const closed = dedupeRing(out);
          removed += out.length - closed.length;
          return closed;
        }),
      );
      this.applyVertexRemoval(f, p, after, removed, 'repair.action.dedupe');
    }
  }

  /**
   * The end of a vertex repair (duplicates, spikes): nothing removed means the finding is gone;
   * otherwise the tidied shape must pass the checks before it replaces the parcel's.
   */
  private applyVertexRemoval(f: Finding, p: number, after: Polygons, removed: number, action: 'repair.action.dedupe' | 'repair.action.spike'): void {
    if (removed === 0) {
      this.fail(f, { key: 'repair.reason.gone', params: {} });
      return;
    }
    const shape = this.tidy(p, after);
    const reason = this.accept(f, p, this.ws.shape(p), shape);
    if (reason) {
      this.fail(f, reason);
      return;
    }
    this.ws.setShape(p, shape);
    this.item(f, { key: action, params: { count: removed, parcel: this.label(p) } });
  }

  // ---- spikes ---------------------------------------------------------------------------------

  spikes(findings: Finding[]): void {
    const s = this.settings;
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps) continue;
      const p = ps[0];
      const tip: [number, number] = [f.x, f.y];
      // Another parcel through the tip: cutting the spike would open a gap against it.
      const other = this.ws
        .near([tip[0], tip[1], tip[0], tip[1]], EXACT_EPS)
        .find((q) => q !== p && boundaryDistance(this.ws.shape(q), tip[0], tip[1]) <= EXACT_EPS);
      if (other !== undefined) {
        this.fail(f, { key: 'repair.reason.sharedTip', params: { parcel: this.label(other) } });
        continue;
      }
      let removed = 0;
      const after = this.ws.shape(p).map((poly) =>
        poly.map((ring) => {
          let r = dedupeRing(ring);
          let at = r.findIndex((q) => q[0] === tip[0] && q[1] === tip[1]);
          // Remove the tip, then any spike it leaves next to it (a needle drawn with several vertices).
          for (let guard = 0; at >= 0 && guard < 20; guard++) {
            const open = r.slice(0, -1);
            if (!spikeVertices(r, s.spikeAngle, s.spikeLength).includes(at) || open.length <= 3) break;
            open.splice(at, 1);
            removed++;
            r = dedupeRing([...open, open[0]]);
            const k = r.length - 1;
            const spikes = spikeVertices(r, s.spikeAngle, s.spikeLength);
            const next = [(at - 1 + k) % k, at % k].find((i) => spikes.includes(i));
            at = next ?? -1;
          }
          return r;
        }),
      );
      this.applyVertexRemoval(f, p, after, removed, 'repair.action.spike');
    }
  }

  // ---- near-misses ----------------------------------------------------------------------------

  /**
   * Snaps the parcels of the selected near-miss findings, plus `alsoSnap` (the parcels of the
   * overlaps and gaps about to be repaired: at a tolerance above 0 their shared boundaries must be
   * exact first, or the exact gap would leak into the millimetre slivers along them).
   */
  nearMisses(findings: Finding[], alsoSnap: ReadonlySet<number> = new Set()): void {
    const movable = new Set<number>(this.t > 0 ? alsoSnap : []);
    const pairs = new Map<string, Finding>();
    const key = (a: number, b: number): string => (a < b ? `${a},${b}` : `${b},${a}`);
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps || ps.length !== 2) continue;
      movable.add(ps[0]);
      movable.add(ps[1]);
      pairs.set(key(ps[0], ps[1]), f);
    }
    if (movable.size === 0) return;
    const snap = snapParcels(this.ws, movable, this.t, (p, before, after) => {
      const reason = this.check(p, before, this.tidy(p, after));
      return reason ? this.fmt(reason).vi : null;
    });
    for (const [p, s] of snap.shapes) this.ws.setShape(p, this.tidy(p, s));

    // Narrow pieces the vertex snap could not close (their vertices are farther apart than the
    // tolerance): found exactly on the snapped shapes, and given to one side like overlaps and gaps.
    const pieces = new Map<string, number>();
    const domain = new Set<number>(movable);
    for (const p of movable) {
      const e = extentOf(this.ws.shape(p));
      if (e) for (const q of this.ws.near(e, this.t)) domain.add(q);
    }
    const list = [...domain].sort((a, b) => a - b);
    const cov = findCoverageErrors(buildPlanarGraph(this.ws.subset(list), { tolerance: 0 }), 0);
    const rule: ChooseRule = this.opts.choose === 'ask' ? 'longest-boundary' : this.opts.choose;
    for (const o of cov.overlaps) {
      const a = list[o.a], b = list[o.b];
      const k = key(a, b);
      if (!pairs.has(k) || o.width >= this.t) continue;
      const d = decide(this.ws, this.overlapOptions(a, b), rule, undefined, this.check);
      if (d.kind !== 'done') continue;
      this.apply(d.shapes);
      pieces.set(k, (pieces.get(k) ?? 0) + o.polygons.length);
    }
    for (const g of cov.gaps) {
      if (g.width >= this.t) continue;
      const border = g.parcels.map((i) => list[i]);
      const hit = [...pairs.keys()].filter((k) => {
        const [a, b] = k.split(',').map(Number);
        return border.includes(a) && border.includes(b);
      });
      if (hit.length === 0 || !this.onlyCoveredBy(g.polygon, domain)) continue;
      const d = decide(this.ws, this.gapOptions(g.polygon, border), rule, undefined, this.check);
      if (d.kind !== 'done') continue;
      this.apply(d.shapes);
      for (const k of hit) pieces.set(k, (pieces.get(k) ?? 0) + 1);
    }

    // Which selected pairs are still near-misses on the repaired shapes (a pair can also be closed
    // by the snaps around it, or stay open where snapping would have broken a parcel).
    const after = validate(this.ws.subset(list), { ...this.settings, rules: ['near-miss'] });
    const left = new Set(after.findings.map((x) => x.parcels.join(',')));
    for (const [k, f] of pairs) {
      const [a, b] = k.split(',').map(Number);
      if (left.has(f.parcels.join(','))) {
        const frozen = snap.frozen.has(a) ? a : snap.frozen.has(b) ? b : -1;
        if (frozen >= 0) this.fail(f, { key: 'repair.reason.snapBreaks', params: { parcel: this.label(frozen) } });
        else this.fail(f, { key: 'repair.reason.stillNear', params: {} });
        continue;
      }
      const count = snap.pairCounts.get(k) ?? 0;
      const n = pieces.get(k) ?? 0;
      const parcels = `${this.label(a)}, ${this.label(b)}`;
      if (n > 0) this.item(f, { key: 'repair.action.snapPieces', params: { count, pieces: n, parcels } });
      else if (count > 0) this.item(f, { key: 'repair.action.snap', params: { count, parcels } });
      else this.item(f, { key: 'repair.action.snapAround', params: { parcels } });
    }
  }

  /** True when no parcel outside `known` covers any of `region` (so it really is uncovered). */
  onlyCoveredBy(region: Polygons, known: ReadonlySet<number>): boolean {
    const e = extentOf(region);
    if (!e) return false;
    for (const q of this.ws.near(e, 0)) {
      if (known.has(q)) continue;
      if (area(intersection(region, this.ws.shape(q))) > MIN_REGION_AREA) return false;
    }
    return true;
  }

  // ---- overlaps -------------------------------------------------------------------------------

  overlapOptions(a: number, b: number, overlap?: Polygons): RegionOption[] {
    const A = this.ws.shape(a), B = this.ws.shape(b);
    const O = overlap ?? intersection(A, B);
    // Keeping the overlap in A means cutting it from B; A's contact is the part of the overlap's
    // boundary on B's boundary only (across it lies A alone).
    return [
      { keeper: a, contact: contactLength(O, B, EXACT_EPS, A), compute: () => new Map([[b, this.tidy(b, difference(B, A))]]) },
      { keeper: b, contact: contactLength(O, A, EXACT_EPS, B), compute: () => new Map([[a, this.tidy(a, difference(A, B))]]) },
    ];
  }

  /**
   * `hairFirst` (later rounds): a hair-thin region is closed by snapping before any cut is tried. Such
   * a region is the residue of an earlier cut; cutting it again only computes new crossing points a
   * hair off the neighbours and leaves the next residue beside it.
   */
  overlaps(findings: Finding[], hairFirst = false): void {
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps || ps.length !== 2) continue;
      const [a, b] = ps;
      let O: Polygons;
      try {
        O = intersection(this.ws.shape(a), this.ws.shape(b));
      } catch (err) {
        this.failRegion(f, ps, { key: 'repair.reason.failed', params: { detail: err instanceof Error ? err.message : String(err) } });
        continue;
      }
      const oArea = area(O);
      if (oArea < MIN_REGION_AREA) {
        this.fail(f, { key: 'repair.reason.gone', params: {} });
        continue;
      }
      const gone = (): boolean => area(intersection(this.ws.shape(a), this.ws.shape(b))) < MIN_REGION_AREA;
      if (hairFirst && meanWidth(O) < HAIR_WIDTH && this.closeBySnap(f, O, [a, b], gone)) continue;
      const options = this.overlapOptions(a, b, O);
      const candidates = options.map((o) => ({ fid: this.ws.fid(o.keeper), sharedBoundary: o.contact }));
      const d = decide(this.ws, options, this.opts.choose, this.opts.choices?.[f.fingerprint], this.check);
      if (d.kind === 'pending') {
        this.item(f, { key: 'repair.action.ask', params: { candidates: options.map((o) => this.label(o.keeper)).join(', ') } }, { candidates, pending: true });
        continue;
      }
      if (d.kind === 'failed') {
        // With 'ask' the user named the keeper: report why it fails rather than closing another way.
        if (this.opts.choose !== 'ask' && (this.closeBySnap(f, O, [a, b], gone) || this.splitOverlap(f, a, b, O))) continue;
        if (this.lenientNow) {
          // Nothing clean is left: the best option that passes the hard checks, warnings listed.
          const options = this.overlapOptions(a, b, O).map((o) => this.withFragments(o));
          const lenient = decideAllowingWarnings(this.ws, options, this.opts.choose, this.opts.choices?.[f.fingerprint], this.verdict);
          if (lenient.kind === 'done') {
            this.overlapItem(f, lenient, a, b, oArea, candidates, this.applyTrading(f, lenient.shapes));
            continue;
          }
          if (lenient.kind === 'failed') d.reason = lenient.reason;
        }
        this.failRegion(f, ps, d.reason);
        continue;
      }
      this.apply(d.shapes);
      this.overlapItem(f, d, a, b, oArea, candidates);
    }
  }

  overlapItem(
    f: Finding,
    d: Extract<Decision, { kind: 'done' }>,
    a: number,
    b: number,
    oArea: number,
    candidates: RepairCandidate[],
    extra: Partial<RepairItem> = {},
  ): void {
    const keeper = d.option.keeper;
    const other = keeper === a ? b : a;
    const why = this.fmt(d.why);
    const params = { area: oArea.toFixed(4), target: this.label(keeper), other: this.label(other) };
    const note = this.tradeNote(extra);
    this.items.push({
      fingerprint: f.fingerprint,
      rule: f.rule,
      parcels: f.parcels,
      action: formatMessage('vi', 'repair.action.overlap', { ...params, why: why.vi }) + note.vi,
      actionEn: formatMessage('en', 'repair.action.overlap', { ...params, why: why.en }) + note.en,
      target: this.ws.fid(keeper),
      candidates,
      ...extra,
    });
  }

  // ---- repairs allowed to create warnings ------------------------------------------------------

  /**
   * Applies shapes chosen with warnings allowed: the parcels that gain a warning are remembered
   * for the final list; returns what the item reports (fragment moves, warning rules).
   */
  applyTrading(f: Finding, shapes: Map<number, Polygons>): Partial<RepairItem> {
    const rules = new Set<TradedRule>();
    const warned: number[] = [];
    for (const [p, after] of shapes) {
      const w = this.newWarnings(p, this.ws.shape(p), after);
      if (w.length === 0) continue;
      warned.push(p);
      for (const r of w) rules.add(r);
    }
    this.trade(f, warned);
    this.apply(shapes);
    const extra: Partial<RepairItem> = {};
    const moves = this.fragmentMoves.get(shapes);
    if (moves?.length) extra.fragments = moves;
    if (rules.size > 0) extra.warnings = [...rules].sort();
    return extra;
  }

  /** What an item appends to its action for fragment moves and accepted warnings (vi, en). */
  tradeNote(extra: Partial<RepairItem>): { vi: string; en: string } {
    let vi = '', en = '';
    for (const m of extra.fragments ?? []) {
      const from = this.labelFid(m.from), to = this.labelFid(m.to);
      // A needle left by a cut can be µm² small: print what it is, not 0.0000.
      const small = (v: number, digits: number): string => (v >= 10 ** -digits || v === 0 ? v.toFixed(digits) : v.toExponential(1));
      const params = { area: small(m.area, 4), from, to, length: small(m.sharedBoundary, 2) };
      vi += '; ' + formatMessage('vi', 'repair.action.fragment', params);
      en += '; ' + formatMessage('en', 'repair.action.fragment', params);
    }
    if (extra.warnings?.length) {
      const rules = extra.warnings.join(', ');
      vi += '; ' + formatMessage('vi', 'repair.note.warnings', { rules });
      en += '; ' + formatMessage('en', 'repair.note.warnings', { rules });
    }
    return { vi, en };
  }

  labelFid(fid: number): string {
    const p = this.ws.parcelOf(fid);
    return p === undefined ? `#${fid}` : this.label(p);
  }

  /**
   * The option with any detached fragment handed on: when the cut leaves a parcel with more parts
   * than it had, its largest parts stay and each smaller one goes to the neighbour sharing the
   * longest boundary with it (a sliver merge of the fragment), if it is at most `maxFragmentShare`
   * of the parcel's area; otherwise the option is refused with that reason.
   */
  withFragments(o: RegionOption): RegionOption {
    return { ...o, compute: () => this.moveFragments(o.compute()) };
  }

  moveFragments(shapes: Map<number, Polygons>): Map<number, Polygons> {
    const share = this.opts.maxFragmentShare ?? DEFAULT_MAX_FRAGMENT_SHARE;
    let out: Map<number, Polygons> | null = null;
    const moves: FragmentMove[] = [];
    for (const [p, after] of shapes) {
      const before = this.ws.shape(p);
      const keep = Math.max(1, before.length);
      if (after.length <= keep) continue;
      out ??= new Map(shapes);
      const parts = after.map((poly) => ({ poly, a: area([poly]) })).sort((x, y) => y.a - x.a);
      const whole = area(before);
      const fragments = parts.slice(keep);
      for (const fr of fragments) {
        if (fr.a > share * whole) {
          throw new RepairRefusal({
            key: 'repair.reason.fragmentLarge',
            params: { parcel: this.label(p), area: fr.a.toFixed(2), share: Math.round(share * 100) },
          });
        }
      }
      out.set(p, this.tidy(p, parts.slice(0, keep).map((x) => x.poly)));
      for (const fr of fragments) {
        const region: Polygons = [fr.poly];
        let best = -1, bestLen = 0;
        for (const q of this.ws.near(extentOf(region)!, EXACT_EPS)) {
          if (q === p) continue;
          const len = contactLength(region, out.get(q) ?? this.ws.shape(q), EXACT_EPS);
          if (len > bestLen || (len > 0 && len === bestLen && this.ws.fid(q) < this.ws.fid(best))) {
            best = q;
            bestLen = len;
          }
        }
        if (best < 0) throw new RepairRefusal({ key: 'repair.reason.split', params: { parcel: this.label(p) } });
        out.set(best, this.tidy(best, union(out.get(best) ?? this.ws.shape(best), region)));
        moves.push({ from: this.ws.fid(p), to: this.ws.fid(best), area: fr.a, sharedBoundary: bestLen });
      }
    }
    if (!out) return shapes;
    this.fragmentMoves.set(out, moves);
    return out;
  }

  /**
   * Every warning-level rule a parcel's final shape breaks and its original shape did not, with the
   * numbers QA needs; attributed to the repair that was allowed to create it.
   */
  finalWarnings(): RepairWarning[] {
    const s = this.settings;
    const out: RepairWarning[] = [];
    const parcels = new Set<number>(this.ws.changed());
    for (const m of this.merges) parcels.add(m.keep);
    for (const p of [...parcels].sort((x, y) => x - y)) {
      if (this.ws.removed.has(p)) continue;
      const before = polygonsOf(this.ws.originalGeometry(p));
      const after = this.ws.shape(p);
      const parcel = this.label(p);
      for (const rule of this.newWarnings(p, before, after)) {
        let m: Msg;
        if (rule === 'spike') {
          const count = spikeCount(after, s.spikeAngle, s.spikeLength) - spikeCount(before, s.spikeAngle, s.spikeLength);
          m = { key: 'repair.warn.spike', params: { parcel, count, angle: s.spikeAngle } };
        } else if (rule === 'sliver') {
          m = { key: 'repair.warn.sliver', params: { parcel, width: meanWidth(after).toFixed(3), limit: s.sliverWidth } };
        } else {
          const legal = this.ws.legalArea(p);
          m = {
            key: 'repair.warn.areaMismatch',
            params: { parcel, area: area(after).toFixed(1), legal: legal.toFixed(1), diff: (area(after) - legal).toFixed(1), allowed: allowedAreaDifference(s.areaRule, legal).toFixed(1) },
          };
        }
        const { vi, en } = this.fmt(m);
        out.push({ fingerprint: this.traded.get(p) ?? '', rule, parcel: this.ws.fid(p), reason: vi, reasonEn: en });
      }
    }
    return out;
  }

  // ---- gaps -----------------------------------------------------------------------------------

  gapOptions(region: Polygons, border: number[]): RegionOption[] {
    return border.map((k) => ({
      keeper: k,
      contact: contactLength(region, this.ws.shape(k), EXACT_EPS),
      compute: () => new Map([[k, this.tidy(k, union(this.ws.shape(k), region))]]),
    }));
  }

  /**
   * The gap as it is now, exactly: the finding's polygon when it is exact (tolerance 0, bordering
   * parcels untouched), else the uncovered faces of the exact planar graph of the parcels around
   * it that overlap the finding's polygon.
   */
  exactGaps(f: Finding, border: number[]): Array<{ region: Polygons; border: number[] }> {
    const fpoly = f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') ? polygonsOf(f.geometry as AreaGeometry) : [];
    if (fpoly.length === 0) return [];
    if (this.t === 0 && !border.some((p) => this.ws.isChanged(p))) return [{ region: fpoly, border }];
    let box: Extent = extentOf(fpoly)!;
    const fArea = area(fpoly);
    // A gap open to the outside exists only against the commune boundary: find it with the boundary.
    const alongBoundary = f.detail?.where === 'boundary' && this.boundary.length > 0;
    // Earlier repairs may have moved the gap's edge onto parcels just outside its old box: search a
    // margin around it, wider on each attempt when nothing (or a region leaking out) is found.
    const margins = [1, 5, 25];
    for (let attempt = 0; attempt < 6; attempt++) {
      const margin = this.t + margins[Math.min(attempt, margins.length - 1)];
      const domain = new Set<number>([...border, ...this.ws.near(box, margin)]);
      const list = [...domain].sort((a, b) => a - b);
      const searched: Extent = [box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin];
      const cov = this.coverage(list, alongBoundary ? searched : null);
      const out: Array<{ region: Polygons; border: number[] }> = [];
      let grown: Extent | null = null;
      for (const g of cov.gaps) {
        const ge = extentOf(g.polygon);
        if (!ge || ge[2] < box[0] - this.t || ge[0] > box[2] + this.t || ge[3] < box[1] - this.t || ge[1] > box[3] + this.t) continue;
        const inside = pointInPolygons(fpoly, g.location[0], g.location[1]);
        const shared = inside ? g.area : area(intersection(g.polygon, fpoly));
        if (shared < 0.5 * Math.min(g.area, fArea)) continue;
        out.push({ region: g.polygon, border: g.parcels.map((i) => list[i]) });
        // A region reaching past the searched margin may border parcels not loaded: widen, redo.
        if (ge[0] < box[0] - margin || ge[1] < box[1] - margin || ge[2] > box[2] + margin || ge[3] > box[3] + margin) {
          grown = [Math.min(box[0], ge[0]), Math.min(box[1], ge[1]), Math.max(box[2], ge[2]), Math.max(box[3], ge[3])];
        }
      }
      if (grown) {
        box = grown;
        continue;
      }
      if (out.length > 0) {
        // Above tolerance 0 the finding's polygon is the snapped one; an exact region much larger
        // than it has leaked along slivers the snap could not close and is not this gap any more.
        const total = out.reduce((sum, g) => sum + area(g.region), 0);
        if (this.t > 0 && total > 1.5 * fArea + this.t * this.t) return [];
        return out.filter((g) => this.onlyCoveredBy(g.region, domain));
      }
      if (attempt >= margins.length - 1) break;
    }
    return [];
  }

  /**
   * Exact coverage errors of a few parcels (tolerance 0). `along`: also against the commune
   * boundary, for uncovered land inside it open to the outside; only regions within this box are
   * reported (the parcels beyond it are not loaded, so land there is not known to be uncovered).
   */
  coverage(list: readonly number[], along: Extent | null): CoverageErrors {
    const subset = this.ws.subset(list);
    if (!along || this.boundary.length === 0) return findCoverageErrors(buildPlanarGraph(subset, { tolerance: 0 }), 0);
    const constraintFrom = subset.count;
    const graph = buildPlanarGraph(withConstraintPolygons(subset, this.boundary), { tolerance: 0, constraintFrom });
    return findCoverageErrors(graph, 0, {
      constraintFrom,
      completeWithin: along,
      inBoundaryHole: (x, y) => inBoundaryHole(this.boundary, x, y),
    });
  }

  /** `hairFirst`: as for overlaps. */
  gaps(findings: Finding[], hairFirst = false): void {
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps) continue;
      let regions: Array<{ region: Polygons; border: number[] }>;
      try {
        regions = this.exactGaps(f, ps);
      } catch (err) {
        this.failRegion(f, ps, { key: 'repair.reason.failed', params: { detail: err instanceof Error ? err.message : String(err) } });
        continue;
      }
      if (regions.length === 0) {
        this.fail(f, { key: 'repair.reason.gone', params: {} });
        continue;
      }
      const total = regions.reduce((s, r) => s + area(r.region), 0);
      if (hairFirst) {
        const all = regions.flatMap((r) => r.region);
        const border = [...new Set(regions.flatMap((r) => r.border))];
        const closed = (): boolean => this.exactGaps(f, border).reduce((sum, r) => sum + area(r.region), 0) < MIN_REGION_AREA;
        if (meanWidth(all) < HAIR_WIDTH && this.closeBySnap(f, all, border, closed)) continue;
      }
      const choice = this.opts.choices?.[f.fingerprint];
      const choiceParcel = choice !== undefined ? this.ws.parcelOf(choice) : undefined;
      // The choice is made on the whole gap; each exact piece then goes to that parcel if it borders
      // it, else by the same rule among its own neighbours.
      const whole = this.gapOptions(
        regions.flatMap((r) => r.region),
        [...new Set(regions.flatMap((r) => r.border))],
      );
      const candidates = whole.map((o) => ({ fid: this.ws.fid(o.keeper), sharedBoundary: o.contact }));
      if (this.opts.choose === 'ask' && choice === undefined) {
        this.item(f, { key: 'repair.action.ask', params: { candidates: whole.map((o) => this.label(o.keeper)).join(', ') } }, { candidates, pending: true });
        continue;
      }
      // Each polygon of a region separately: pieces meeting at a single point may need different
      // neighbours (a union through a point only would split the receiving parcel).
      const pieces = regions.flatMap((r) => r.region.map((poly) => ({ region: [poly], border: r.border })));
      let given = this.givePieces(f, pieces, choiceParcel, false);
      if (!given.done) {
        const whole = regions.flatMap((r) => r.region);
        const border = [...new Set(regions.flatMap((r) => r.border))];
        const closed = (): boolean => this.exactGaps(f, border).reduce((sum, r) => sum + area(r.region), 0) < MIN_REGION_AREA;
        // With 'ask' the user named the parcel: no closing another way.
        if (this.opts.choose !== 'ask' && (this.closeBySnap(f, whole, border, closed) || this.splitGap(f, whole, border))) continue;
        if (this.lenientNow) {
          const lenient = this.givePieces(f, pieces, choiceParcel, true);
          if (lenient.done) given = lenient;
          else given.failure = lenient.failure ?? given.failure;
        }
        if (!given.done) {
          this.failRegion(f, border, given.failure ?? { key: 'repair.reason.noNeighbour', params: {} });
          continue;
        }
      }
      const w = this.fmt(given.why);
      const params = { area: total.toFixed(4), target: this.label(given.target) };
      const note = this.tradeNote(given.extra);
      this.items.push({
        fingerprint: f.fingerprint,
        rule: f.rule,
        parcels: f.parcels,
        action: formatMessage('vi', 'repair.action.gap', { ...params, why: w.vi }) + note.vi,
        actionEn: formatMessage('en', 'repair.action.gap', { ...params, why: w.en }) + note.en,
        target: this.ws.fid(given.target),
        candidates,
        ...given.extra,
      });
    }
  }

  /**
   * Gives every piece of a gap to a neighbour, the gap's first taker where it borders the piece;
   * all or nothing (rolled back on the first piece no one can take). `lenient`: options breaking
   * only warning rules are acceptable (allowWarnings), the fewest new warnings first.
   */
  givePieces(
    f: Finding,
    pieces: Array<{ region: Polygons; border: number[] }>,
    choiceParcel: number | undefined,
    lenient: boolean,
  ): { done: true; target: number; why: Msg; extra: Partial<RepairItem> } | { done: false; failure?: Msg } {
    const choice = this.opts.choices?.[f.fingerprint];
    const pick = (options: RegionOption[], rule: ChooseRule, chosen: number | undefined): Decision =>
      lenient ? decideAllowingWarnings(this.ws, options, rule, chosen, this.verdict) : decide(this.ws, options, rule, chosen, this.check);
    let target: number | undefined;
    let why: Msg | undefined;
    const prior = new Map<number, ReturnType<Workspace['snapshot']>>();
    const extra: Partial<RepairItem> = {};
    for (const r of pieces) {
      const options = this.gapOptions(r.region, r.border).filter((o) => o.contact > 0 || o.keeper === choiceParcel);
      const preferred = target ?? choiceParcel;
      const ordered = preferred !== undefined && options.some((o) => o.keeper === preferred && o.contact > 0)
        ? pick(options.filter((o) => o.keeper === preferred), 'longest-boundary', undefined)
        : null;
      const d = ordered?.kind === 'done' ? ordered : pick(options, this.opts.choose, choice);
      if (d.kind !== 'done') {
        // Roll back the pieces already given: a gap is repaired whole or not at all.
        for (const snap of prior.values()) this.ws.restore(snap);
        for (const p of prior.keys()) if (this.traded.get(p) === f.fingerprint) this.traded.delete(p);
        return { done: false, failure: d.kind === 'failed' ? d.reason : { key: 'repair.reason.noNeighbour', params: {} } };
      }
      target ??= d.option.keeper;
      why ??= d.why;
      for (const p of d.shapes.keys()) if (!prior.has(p)) prior.set(p, this.ws.snapshot(p));
      if (lenient) {
        const e = this.applyTrading(f, d.shapes);
        if (e.warnings) extra.warnings = [...new Set([...(extra.warnings ?? []), ...e.warnings])].sort();
      } else this.apply(d.shapes);
    }
    if (target === undefined || !why) return { done: false };
    return { done: true, target, why, extra };
  }

  // ---- later rounds ---------------------------------------------------------------------------

  /**
   * Regions re-shaped by earlier repairs of the same plan (a cut that met another overlap, a gap whose
   * edge an overlap cut moved, micro pieces left by a dropped twist) are simply new findings on the
   * scratch shapes: validate them again, repair what is found, and repeat until a round repairs
   * nothing or MAX_ROUNDS is reached. The reasons left in `unresolved` for these rules are those of
   * the last attempt on what is still there.
   */
  rounds(rules: readonly RuleId[], selected: readonly Finding[]): void {
    if (rules.length === 0) return;
    const settings = { ...this.settings, rules: [...rules] };
    let round = 1;
    const changed = this.ws.changed().length > 0;
    const leftOut = changed || this.allowWarnings ? this.leftOutRegions(rules, selected, settings) : () => false;
    /** One round: true when it repaired something, null when nothing is left to repair. */
    const pass = (): boolean | null => {
      round++;
      const found = validate(this.ws.currentSet(), settings, { reference: this.opts.reference }).findings.filter((f) => !leftOut(f));
      // What is not found again is gone; what is, gets a fresh attempt (and a fresh reason if it fails).
      this.dropUnresolved(rules);
      if (found.length === 0) return null;
      const itemsBefore = this.items.length;
      this.overlaps(found.filter((f) => f.rule === 'overlap'), true);
      this.gaps(found.filter((f) => f.rule === 'gap'), true);
      this.weld();
      return this.items.length > itemsBefore;
    };
    let progress: boolean | null = changed;
    while (progress && round < MAX_ROUNDS) progress = pass();
    if (progress === null) return;
    if (this.allowWarnings) {
      // Only now, with every clean repair done, may a repair trade warnings for what is left: a
      // region that a later round would have closed cleanly never gets a warning for it.
      this.lenientNow = true;
      const last = round + MAX_ROUNDS - 1;
      progress = true;
      while (progress && round < last) progress = pass();
      if (progress === null) return;
    }
    if (!progress) return;
    // The last round still repaired something: say what is left instead of leaving it unexplained.
    const left = validate(this.ws.currentSet(), settings, { reference: this.opts.reference }).findings.filter((f) => !leftOut(f));
    const reasoned = new Set(this.unresolved.map((u) => u.fingerprint));
    this.dropUnresolved(rules, new Set(left.map((f) => f.fingerprint)));
    for (const f of left) if (!reasoned.has(f.fingerprint)) this.fail(f, { key: 'repair.reason.rounds', params: { rounds: round } });
  }

  /**
   * Whether a finding of a later round is a region the caller left out of the plan (an accepted
   * exception, a finding not asked for): the same fingerprint as one of the set's own findings that
   * was not selected, or the same place (its point inside the other's polygon, either way).
   */
  leftOutRegions(rules: readonly RuleId[], selected: readonly Finding[], settings: ValidationSettings): (f: Finding) => boolean {
    const chosen = new Set(selected.map((f) => f.fingerprint));
    const excluded = validate(this.ws.set, settings, { reference: this.opts.reference }).findings.filter((f) => rules.includes(f.rule) && !chosen.has(f.fingerprint));
    if (excluded.length === 0) return () => false;
    const prints = new Set(excluded.map((f) => f.fingerprint));
    const shapeOf = (f: Finding): Polygons =>
      f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') ? polygonsOf(f.geometry as AreaGeometry) : [];
    const places = excluded.map((e) => ({ rule: e.rule, x: e.x, y: e.y, shape: shapeOf(e), box: extentOf(shapeOf(e)) }));
    return (f) => {
      if (prints.has(f.fingerprint)) return true;
      const shape = shapeOf(f);
      const box = extentOf(shape);
      if (!box) return false;
      return places.some(
        (e) =>
          e.rule === f.rule &&
          e.box !== null &&
          e.box[0] <= box[2] && e.box[2] >= box[0] && e.box[1] <= box[3] && e.box[3] >= box[1] &&
          (pointInPolygons(e.shape, f.x, f.y) || pointInPolygons(shape, e.x, e.y)),
      );
    };
  }

  /** Forgets the unresolved entries of `rules`, except those of findings in `keep`. */
  dropUnresolved(rules: readonly RuleId[], keep: ReadonlySet<string> = new Set()): void {
    const kept = this.unresolved.filter((u) => !rules.includes(u.rule) || keep.has(u.fingerprint));
    this.unresolved.splice(0, this.unresolved.length, ...kept);
  }

  // ---- slivers --------------------------------------------------------------------------------

  slivers(findings: Finding[]): void {
    const eps = Math.max(this.t, EXACT_EPS);
    for (const f of findings) {
      const ps = this.parcelsOf(f);
      if (!ps) continue;
      const s = ps[0];
      const S = this.ws.shape(s);
      const e = extentOf(S);
      if (!e) {
        this.fail(f, { key: 'repair.reason.noNeighbour', params: {} });
        continue;
      }
      const options: RegionOption[] = [];
      for (const k of this.ws.near(e, eps)) {
        if (k === s) continue;
        const K = this.ws.shape(k);
        const contact = contactLength(S, K, eps);
        if (contact <= 0) continue;
        options.push({ keeper: k, contact, compute: () => new Map([[k, this.tidy(k, this.mergedShape(s, k))]]) });
      }
      const candidates = options.map((o) => ({ fid: this.ws.fid(o.keeper), sharedBoundary: o.contact }));
      const d = decide(this.ws, options, this.opts.choose, this.opts.choices?.[f.fingerprint], this.check);
      if (d.kind === 'pending') {
        this.item(f, { key: 'repair.action.ask', params: { candidates: options.map((o) => this.label(o.keeper)).join(', ') } }, { candidates, pending: true });
        continue;
      }
      if (d.kind === 'failed') {
        this.fail(f, d.reason);
        continue;
      }
      const k = d.option.keeper;
      const after = d.shapes.get(k)!;
      this.merges.push({ keep: k, removed: s, keepBefore: this.ws.shape(k), keepAfter: after, removedShape: S });
      this.ws.setShape(k, after);
      this.ws.remove(s);
      const w = this.fmt(d.why);
      const params = { parcel: this.label(s), area: area(S).toFixed(2), target: this.label(k) };
      this.items.push({
        fingerprint: f.fingerprint,
        rule: f.rule,
        parcels: f.parcels,
        action: formatMessage('vi', 'repair.action.sliver', { ...params, why: w.vi }),
        actionEn: formatMessage('en', 'repair.action.sliver', { ...params, why: w.en }),
        target: this.ws.fid(k),
        candidates,
      });
    }
  }

  /**
   * The union of sliver s into k: s is first snapped onto k so their near-miss boundary closes, and
   * holes the union encloses that were neither k's nor s's own and hold no other parcel are filled
   * (they were the gap between the two).
   */
  mergedShape(s: number, k: number): Polygons {
    const S = this.ws.shape(s), K = this.ws.shape(k);
    const merged = union(snapOnto(S, K, this.t), K);
    const oldHoles = [...S, ...K].flatMap((poly) => poly.slice(1));
    return merged.map((poly) => [
      poly[0],
      ...poly.slice(1).filter((hole) => {
        const ring = dedupeRing(hole);
        const [x, y] = ring[0];
        const mx = (ring[0][0] + ring[1][0]) / 2, my = (ring[0][1] + ring[1][1]) / 2;
        if (oldHoles.some((h) => pointInRing(h, mx, my) || (h[0][0] === x && h[0][1] === y))) return true;
        const e = extentOf([[ring]])!;
        return this.ws.near(e, 0).some((q) => q !== s && q !== k && area(intersection([[ring]], this.ws.shape(q))) > MIN_REGION_AREA);
      }),
    ]);
  }

  // ---- closing a thin region by snapping -----------------------------------------------------

  /**
   * Fallback for a thin gap or overlap whose union/cut would leave a spike, split a parcel or fail:
   * move the vertices around it onto each other (the near-miss snap, limited to the vertices next
   * to the region) by four times its mean width first, then ten times farther on each try, never
   * more than 5 cm: a needle 20 m long is a fraction of a µm wide on average but may need a
   * 0.3 mm move of its tip. A needle-shaped micro gap between two parcels closes this way without
   * a new vertex. Kept only if the region is then gone and every changed shape passes the checks;
   * returns whether it was.
   */
  closeBySnap(f: Finding, region: Polygons, parcels: number[], gone: () => boolean): boolean {
    const width = meanWidth(region);
    if (!(width > 0)) return false;
    for (let reach = Math.min(MAX_CLOSING_SNAP, Math.max(4 * width, WELD_DISTANCE)); ; reach = Math.min(MAX_CLOSING_SNAP, reach * 10)) {
      if (this.closeBySnapWithin(f, region, parcels, gone, reach)) return true;
      if (reach >= MAX_CLOSING_SNAP) return false;
    }
  }

  closeBySnapWithin(f: Finding, region: Polygons, parcels: number[], gone: () => boolean, reach: number): boolean {
    const e = extentOf(region);
    if (!e) return false;
    const box: Extent = [e[0] - reach, e[1] - reach, e[2] + reach, e[3] + reach];
    const fresh = new Set<string>();
    for (const p of parcels) {
      for (const poly of this.ws.shape(p)) {
        for (const ring of poly) for (const pt of ring) if (pt[0] >= box[0] && pt[0] <= box[2] && pt[1] >= box[1] && pt[1] <= box[3]) fresh.add(positionKey(pt));
      }
    }
    if (fresh.size === 0) return false;
    const snap = snapParcels(
      this.ws,
      new Set(parcels),
      reach,
      (p, before, after) => {
        const reason = this.check(p, before, this.tidy(p, after));
        return reason ? this.fmt(reason).vi : null;
      },
      fresh,
      box,
      true,
    );
    if (snap.shapes.size === 0) return false;
    const saved = [...snap.shapes.keys()].map((p) => this.ws.snapshot(p));
    for (const [p, shape] of snap.shapes) this.ws.setShape(p, this.tidy(p, shape));
    let closed = false;
    try {
      closed = gone();
    } catch {
      closed = false;
    }
    if (!closed) {
      for (const s of saved) this.ws.restore(s);
      return false;
    }
    const moved = [...snap.pairCounts.values()].reduce((a, b) => a + b, 0);
    this.item(f, {
      key: 'repair.action.closeBySnap',
      params: { count: moved, reach: reach < 0.001 ? reach.toExponential(1) : reach.toFixed(3), parcels: [...snap.shapes.keys()].map((p) => this.label(p)).join(', ') },
    });
    return true;
  }

  // ---- splitting a thin region down its middle ------------------------------------------------

  /** Which of `parcels` have the region edge a→b on their boundary. */
  edgeOwners(parcels: readonly number[]): (a: Position, b: Position) => number[] {
    return (a, b) => {
      const mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
      return parcels.filter((p) => {
        const s = this.ws.shape(p);
        return boundaryDistance(s, mx, my) <= EXACT_EPS && boundaryDistance(s, a[0], a[1]) <= EXACT_EPS && boundaryDistance(s, b[0], b[1]) <= EXACT_EPS;
      });
    };
  }

  /** New shapes pass the checks, then are applied; false (nothing applied) otherwise. */
  applyChecked(shapes: Map<number, Polygons>): boolean {
    const tidied = new Map<number, Polygons>();
    for (const [p, s] of shapes) {
      const t = this.tidy(p, s);
      if (this.check(p, this.ws.shape(p), t)) return false;
      tidied.set(p, t);
    }
    this.apply(tidied);
    return true;
  }

  /**
   * Last resort for a one-piece gap no neighbour can take whole (a spike at its sharp end): split it
   * down the middle (midline.ts), each piece to the parcel along it. Returns whether it was done.
   */
  splitGap(f: Finding, region: Polygons, border: number[]): boolean {
    if (region.length !== 1 || region[0].length !== 1) return false;
    // Each neighbour in turn as the far side, longest boundary first.
    const owners = this.edgeOwners(border);
    const order = this.gapOptions(region, border).filter((o) => o.contact > 0).sort((a, b) => b.contact - a.contact || this.ws.fid(a.keeper) - this.ws.fid(b.keeper));
    for (const { keeper } of order) {
      try {
        const pieces = splitAlongMidline(region[0][0], owners, keeper);
        if (!pieces) continue;
        const shapes = new Map<number, Polygons>();
        for (const { side, piece } of pieces) shapes.set(side, union(shapes.get(side) ?? this.ws.shape(side), piece));
        if (!this.applyChecked(shapes)) continue;
        const params = { area: area(region).toFixed(4), parcels: [...shapes.keys()].map((p) => this.label(p)).join(', ') };
        this.item(f, { key: 'repair.action.splitGap', params });
        return true;
      } catch {
        continue;
      }
    }
    return false;
  }

  /**
   * Last resort for a one-piece overlap neither parcel can lose whole (the cut would split it or
   * leave a spike): split it down the middle; the half along A's boundary is cut from A (B keeps
   * it), the half along B's boundary from B, so the two meet on the midline.
   */
  splitOverlap(f: Finding, a: number, b: number, O: Polygons): boolean {
    if (O.length !== 1 || O[0].length !== 1) return false;
    try {
      const pieces = splitAlongMidline(O[0][0], this.edgeOwners([a, b]));
      if (!pieces) return false;
      const shapes = new Map<number, Polygons>();
      for (const { side, piece } of pieces) shapes.set(side, difference(shapes.get(side) ?? this.ws.shape(side), piece));
      if (!this.applyChecked(shapes)) return false;
      this.item(f, { key: 'repair.action.splitOverlap', params: { area: area(O).toFixed(4), a: this.label(a), b: this.label(b) } });
      return true;
    } catch {
      return false;
    }
  }

  // ---- weld ---------------------------------------------------------------------------------

  /**
   * Overlays put computed crossing points on the new boundaries; such a point lies a few 1e-10 m
   * off the neighbour's edge it came from, and an exact planar graph then sees a hair-thin crossing
   * it may not resolve. Welding inserts every such point into the neighbour's edge (and the
   * neighbour's vertices into the new edges) so shared boundaries share their vertices exactly.
   */
  weld(): void {
    // Parcels welded in an earlier round and not changed since are consistent already.
    const changed = this.ws.changed().filter((p) => this.welded.get(p) !== this.ws.shape(p));
    if (changed.length === 0) return;
    const movable = new Set<number>(changed);
    for (const p of changed) {
      const e = extentOf(this.ws.shape(p));
      if (e) for (const q of this.ws.near(e, WELD_DISTANCE)) movable.add(q);
    }
    // Only the positions the repairs created take part; old boundaries stay as they were.
    const fresh = new Set<string>();
    for (const p of changed) {
      const old = new Set<string>();
      for (const poly of polygonsOf(this.ws.originalGeometry(p))) for (const ring of poly) for (const pt of ring) old.add(positionKey(pt));
      for (const poly of this.ws.shape(p)) for (const ring of poly) for (const pt of ring) if (!old.has(positionKey(pt))) fresh.add(positionKey(pt));
    }
    if (fresh.size === 0) {
      for (const p of changed) this.welded.set(p, this.ws.shape(p));
      return;
    }
    const snap = snapParcels(
      this.ws,
      movable,
      WELD_DISTANCE,
      (p, before, after) => {
        const reason = this.check(p, before, this.tidy(p, after));
        return reason ? this.fmt(reason).vi : null;
      },
      fresh,
      null,
      true,
    );
    for (const [p, s] of snap.shapes) this.ws.setShape(p, this.tidy(p, s));
    for (const p of this.ws.changed()) this.welded.set(p, this.ws.shape(p));
  }

  // ---- output ---------------------------------------------------------------------------------

  commands(preMergeShapes: Map<number, Polygons>): Command[] {
    const out: Command[] = [];
    for (const [p, shape] of preMergeShapes) {
      const before = this.ws.originalGeometry(p);
      out.push(new SetGeometryCommand(this.ws.fid(p), before, geometryOf(shape, before), this.ws.parcelNo(p)));
    }
    const like = (p: number): AreaGeometry | null => this.ws.originalGeometry(p);
    for (const m of this.merges) {
      out.push(
        new MergeParcelsCommand({
          keep: this.ws.fid(m.keep),
          keepBefore: geometryOf(m.keepBefore, like(m.keep)),
          keepAfter: geometryOf(m.keepAfter, like(m.keep)),
          removed: { fid: this.ws.fid(m.removed), geometry: geometryOf(m.removedShape, like(m.removed)), attrs: null },
          keepNo: this.ws.parcelNo(m.keep),
          removedNo: this.ws.parcelNo(m.removed),
        }),
      );
    }
    return out;
  }
}

function checkOptions(opts: RepairOptions): void {
  const bad = (detail: string): never => {
    throw new UserError('repair.badOption', { detail });
  };
  if (!opts || typeof opts !== 'object') bad('missing options');
  if (!Number.isFinite(opts.tolerance) || opts.tolerance < 0) bad(`tolerance must be a number >= 0, got ${opts.tolerance}`);
  if (!['longest-boundary', 'legal-area', 'ask'].includes(opts.choose)) bad(`choose must be longest-boundary, legal-area or ask, got ${opts.choose}`);
  for (const r of opts.rules ?? []) {
    if (!(RULE_IDS as readonly string[]).includes(r)) throw new UserError('validation.unknownRule', { rule: r, known: RULE_IDS.join(', ') });
  }
  for (const [fp, fid] of Object.entries(opts.choices ?? {})) if (!Number.isInteger(fid)) bad(`choice for ${fp} must be a feature id, got ${fid}`);
  if (opts.allowWarnings !== undefined && typeof opts.allowWarnings !== 'boolean') bad(`allowWarnings must be true or false, got ${String(opts.allowWarnings)}`);
  const share = opts.maxFragmentShare;
  if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) bad(`maxFragmentShare must be a share between 0 and 1, got ${String(share)}`);
}

/**
 * Plans the repair of `findings` (from `validate(set, { tolerance })`) on `set`. Pure: nothing is
 * changed; run `repairCommand(plan)` through the project editor to apply it as one undo step.
 */
export function planRepairs(set: ParcelSet, findings: readonly Finding[], opts: RepairOptions): RepairPlan {
  checkOptions(opts);
  const planner = new Planner(set, opts);
  const rules = new Set<string>(opts.rules ?? REPAIRABLE_RULES);
  const only = opts.fingerprints ? new Set(opts.fingerprints) : null;
  const selected = findings.filter((f) => rules.has(f.rule) && (!only || only.has(f.fingerprint)));
  const of = (rule: RuleId): Finding[] => selected.filter((f) => f.rule === rule);
  for (const f of selected) {
    if (!REPAIRABLE_RULES.includes(f.rule)) planner.fail(f, { key: 'repair.reason.unsupported', params: { rule: f.rule } });
  }
  planner.lenientNow = planner.allowWarnings && (only !== null || opts.choose === 'ask');
  planner.invalidRings(of('invalid-ring'));
  planner.duplicateVertices(of('duplicate-vertex'));
  planner.spikes(of('spike'));
  // Above tolerance 0, an overlap or gap among parcels that also have near-misses is repaired on
  // snapped shapes: its parcels and everything within the tolerance of them are snapped first, so
  // the exact region does not run on into the millimetre slivers between them.
  const alsoSnap = new Set<number>();
  if (opts.tolerance > 0) {
    const nearMissFids = new Set(findings.filter((f) => f.rule === 'near-miss').flatMap((f) => f.parcels));
    for (const f of [...of('overlap'), ...of('gap')]) {
      if (opts.choose === 'ask' && opts.choices?.[f.fingerprint] === undefined) continue;
      if (!f.parcels.some((fid) => nearMissFids.has(fid))) continue;
      for (const fid of f.parcels) {
        const p = planner.ws.parcelOf(fid);
        if (p === undefined) continue;
        alsoSnap.add(p);
        const e = extentOf(planner.ws.shape(p));
        if (e) for (const q of planner.ws.near(e, opts.tolerance)) alsoSnap.add(q);
      }
    }
  }
  planner.nearMisses(of('near-miss'), alsoSnap);
  planner.overlaps(of('overlap'));
  planner.gaps(of('gap'));
  planner.weld();
  // Later rounds repair what the first one re-shaped; only for a plan over every finding of the rules
  // (a plan for chosen findings, or with the user picking, does exactly what was asked).
  if (!only && opts.choose !== 'ask') planner.rounds(ROUND_RULES.filter((r) => rules.has(r)), selected);
  const pre = new Map<number, Polygons>();
  for (const p of planner.ws.changed()) pre.set(p, planner.ws.shape(p));
  planner.slivers(of('sliver'));
  const commands = planner.commands(pre);
  const counts: Partial<Record<RuleId, number>> = {};
  for (const it of planner.items) if (!it.pending) counts[it.rule] = (counts[it.rule] ?? 0) + 1;
  const parcels = new Set<number>();
  for (const c of commands) for (const fid of c.parcels()) parcels.add(fid);
  return {
    commands,
    preview: { counts, parcels: [...parcels].sort((a, b) => a - b), items: planner.items },
    unresolved: planner.unresolved,
    warnings: planner.finalWarnings(),
  };
}

/** The plan's commands as one command: one undo step, one transaction, one audit row. */
export function repairCommand(plan: RepairPlan): Command {
  const count = plan.preview.parcels.length;
  return new CompositeCommand(plan.commands, {
    vi: formatMessage('vi', 'repair.cmd.batch', { count }),
    en: formatMessage('en', 'repair.cmd.batch', { count }),
  });
}
