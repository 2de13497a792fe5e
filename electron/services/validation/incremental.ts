/**
 * Incremental re-validation after an edit: which rules an edit can affect, and the merge of their
 * fresh findings into the current list.
 *
 * An attribute edit cannot change an overlap, and a boundary edit cannot change a duplicate parcel
 * number, so only the rules an edit can affect are run: geometry and topology rules over the dirty
 * area (validateArea), number rules over the whole set but only on the parcels that share a
 * number — exactly what a full run finds, for a fraction of its cost.
 */
import type { AreaGeometry, Extent } from '../../../shared/geo/geometry.js';
import type { Finding, RuleId } from '../../../shared/model/finding.js';
import type { ValidationReference } from '../../../shared/model/reference-area.js';
import { subsetParcelSet, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { RULES, ruleById } from '../../../shared/validation/rules.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import { replaceFindings, validate, validateArea } from '../../../shared/validation/validate.js';
import type { ValidationParcel } from './load-parcel-set.js';
import type { LiveParcelSet } from './live-parcel-set.js';

/** What kinds of change an edit made to its parcels. */
export interface ChangeKinds {
  geometry: boolean;
  /** Commune code, sheet number or parcel number. */
  numbers: boolean;
  landType: boolean;
  legalArea: boolean;
  /** Parcels added or deleted. */
  membership: boolean;
}

function sameText(a: string | null, b: string | number | null | undefined): boolean {
  const t = b === null || b === undefined ? null : String(b).trim() || null;
  return a === t;
}

/** True when parcel p of the set has exactly this geometry (vertex for vertex). */
export function sameGeometry(set: ParcelSet, p: number, g: AreaGeometry | null): boolean {
  const polys = g ? (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) : [];
  const nonEmpty = polys.filter((poly) => poly && poly.some((ring) => ring && ring.length > 0));
  const g0 = set.parcelPolyStart[p];
  const g1 = set.parcelPolyStart[p + 1];
  if (g1 - g0 !== nonEmpty.length) return false;
  const c = set.coords;
  for (let i = 0; i < nonEmpty.length; i++) {
    const rings = nonEmpty[i];
    const r0 = set.polyRingStart[g0 + i];
    if (set.polyRingStart[g0 + i + 1] - r0 !== rings.length) return false;
    for (let j = 0; j < rings.length; j++) {
      const ring = rings[j] ?? [];
      const v0 = set.ringStart[r0 + j];
      const n = set.ringStart[r0 + j + 1] - v0;
      // The set stores rings closed; an unclosed source ring got its first vertex appended.
      if (n !== ring.length && n !== ring.length + 1) return false;
      for (let k = 0; k < ring.length; k++) {
        const pt = ring[k];
        if (!pt || c[2 * (v0 + k)] !== pt[0] || c[2 * (v0 + k) + 1] !== pt[1]) return false;
      }
    }
  }
  return true;
}

/** Compare the set's current parcels with their fresh state (call before the set is updated). */
export function classifyChange(live: LiveParcelSet, fids: readonly number[], fresh: Map<number, ValidationParcel>): ChangeKinds {
  const kinds: ChangeKinds = { geometry: false, numbers: false, landType: false, legalArea: false, membership: false };
  const set = live.set;
  const a = set.attrs;
  for (const fid of fids) {
    const p = live.index(fid);
    const now = fresh.get(fid);
    if (p === undefined || !now) {
      if (p !== undefined || now) kinds.membership = true;
      continue;
    }
    if (!sameGeometry(set, p, now.geometry)) kinds.geometry = true;
    if (
      !sameText(a.communeCode[p], now.attrs.communeCode) ||
      !sameText(a.sheetNo[p], now.attrs.sheetNo) ||
      !sameText(a.parcelNo[p], now.attrs.parcelNo)
    ) {
      kinds.numbers = true;
    }
    if (!sameText(a.landType[p], now.attrs.landType)) kinds.landType = true;
    const legal = typeof now.attrs.areaLegal === 'number' && Number.isFinite(now.attrs.areaLegal) ? now.attrs.areaLegal : NaN;
    if (!Object.is(a.areaLegal[p], legal)) kinds.legalArea = true;
  }
  return kinds;
}

/** The rules whose findings an edit of these kinds can change. */
export function affectedRules(kinds: ChangeKinds, enabled: readonly RuleId[]): RuleId[] {
  const any = kinds.geometry || kinds.numbers || kinds.landType || kinds.legalArea || kinds.membership;
  return enabled.filter((id) => {
    if (kinds.membership) return true;
    switch (id) {
      case 'duplicate-number':
      case 'missing-number':
        return kinds.numbers;
      case 'invalid-land-type':
        return kinds.landType;
      case 'area-mismatch':
        return kinds.legalArea || kinds.geometry;
      case 'crosses-sheet':
        // The frame is found by sheet number (and commune), so a renumbering can move a parcel to another frame.
        return kinds.geometry || kinds.numbers;
      default: {
        const rule = ruleById(id);
        // Attribute rules not named above: re-run on any change rather than miss one.
        return rule?.kind === 'attribute' ? any : kinds.geometry;
      }
    }
  });
}

/**
 * Every `duplicate-number` finding of the set, computed only on the parcels that share commune,
 * sheet and parcel number with another (kept by the live set), so the result equals a full run's
 * without grouping or measuring 100k parcels on every edit.
 */
export function duplicateNumberFindings(live: LiveParcelSet, settings: ValidationSettings): Finding[] {
  const candidates = live.sharedNumberParcels();
  if (candidates.length === 0) return [];
  const sub = subsetParcelSet(live.set, candidates);
  return validate(sub, { ...settings, rules: ['duplicate-number'] }).findings;
}

/**
 * Rules whose findings name one parcel and depend on that parcel alone: after an edit they are
 * re-run on the changed parcels only, without the neighbourhood validateArea needs.
 */
export const PER_PARCEL_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'empty-geometry',
  'invalid-ring',
  'sliver',
  'spike',
  'duplicate-vertex',
  'missing-number',
  'invalid-land-type',
  'area-mismatch',
  'crosses-sheet',
]);

export interface RecheckResult {
  findings: Finding[];
  checkedParcels: number;
  rules: RuleId[];
}

/**
 * The findings after an edit. `old` is the list before it; `bbox` the dirty area (old and new boxes
 * of the changed parcels); `changed` the fids the edit touched (already updated in `live`).
 */
export function recheck(
  live: LiveParcelSet,
  old: readonly Finding[],
  changed: readonly number[],
  kinds: ChangeKinds,
  bbox: Extent | null,
  removed: readonly number[],
  settings: ValidationSettings,
  reference: ValidationReference | null = null,
): RecheckResult {
  const enabled = settings.rules ?? RULES.map((r) => r.id);
  const rules = affectedRules(kinds, enabled);
  if (rules.length === 0) return { findings: [...old], checkedParcels: 0, rules };
  const run = new Set<RuleId>(rules);
  const perParcel = rules.filter((r) => PER_PARCEL_RULES.has(r));
  const area = rules.filter((r) => r !== 'duplicate-number' && !PER_PARCEL_RULES.has(r));
  const set = live.set;
  const removedSet = new Set(removed);
  const changedSet = new Set(changed);
  let checkedParcels = 0;

  // Findings of rules not re-run stay as they are (their parcels' relevant data did not change).
  const kept = old.filter((f) => !run.has(f.rule) && !f.parcels.some((fid) => removedSet.has(fid)));

  // Per-parcel rules: the changed parcels on their own.
  const perSet = new Set<RuleId>(perParcel);
  const perFindings = old.filter((f) => perSet.has(f.rule) && !f.parcels.some((fid) => changedSet.has(fid)));
  if (perParcel.length > 0) {
    const present: number[] = [];
    for (const fid of changed) {
      const p = live.index(fid);
      if (p !== undefined) present.push(p);
    }
    if (present.length > 0) {
      const sub = subsetParcelSet(set, present.sort((a, b) => a - b));
      perFindings.push(...validate(sub, { ...settings, rules: perParcel }, { reference }).findings);
      checkedParcels += present.length;
    }
  }

  // Neighbourhood rules (overlap, gap, near-miss, duplicate-parcel): the dirty area.
  const areaSet = new Set<RuleId>(area);
  let areaFindings = old.filter((f) => areaSet.has(f.rule));
  if (area.length > 0) {
    if (bbox) {
      const res = validateArea(set, bbox, { ...settings, rules: area }, { removedFids: [...removed], reference });
      checkedParcels += res.checkedParcels;
      areaFindings = replaceFindings(areaFindings, res);
    } else {
      areaFindings = areaFindings.filter((f) => !f.parcels.some((fid) => removedSet.has(fid)));
    }
  }
  const localFindings = [...perFindings, ...areaFindings];
  const dup = run.has('duplicate-number') ? duplicateNumberFindings(live, settings) : [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of [...kept, ...localFindings, ...dup]) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    findings.push(f);
  }
  return { findings, checkedParcels, rules };
}
