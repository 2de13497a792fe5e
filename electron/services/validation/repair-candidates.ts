/**
 * The parcels a technician can choose between when a gap, overlap or sliver is repaired with the
 * choice rule 'ask' ("Hỏi tôi"), each measured by the real repair engine: for every candidate the
 * planner (shared/repair planRepairs) is run with that parcel as the explicit target, so the areas
 * shown and the checks passed or failed are exactly those `applyFix` with the same choice would
 * apply. Nothing is changed.
 */
import { UserError } from '../../../shared/errors.js';
import type { Command } from '../../../shared/commands/command.js';
import { CompositeCommand } from '../../../shared/commands/composite.js';
import { MergeParcelsCommand } from '../../../shared/commands/merge-parcels.js';
import { SetGeometryCommand } from '../../../shared/commands/set-geometry.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import { geometryArea } from '../../../shared/geo/measure.js';
import { formatMessage } from '../../../shared/i18n/messages.js';
import type { CandidateParcelChange, FixRequest, RepairCandidateInfo, RepairCandidates } from '../../../shared/ipc/validation.js';
import type { Finding, RuleId } from '../../../shared/model/finding.js';
import type { Parcel } from '../../../shared/model/parcel.js';
import type { RepairPlan } from '../../../shared/repair/plan.js';
import { roundArea } from '../project/parcel-repository.js';
import { CHOICE_RULES } from '../../../shared/repair/repairable-rules.js';

/** Rules whose repair hands a region to one of several parcels: the only ones with a choice. */
export { CHOICE_RULES };

/** What the candidate lister needs of the validation session (kept narrow for tests and reuse). */
export interface CandidateSource {
  /** Current findings, open and excepted. */
  list(): Finding[];
  /** The engine's plan over the open findings (ValidationSession.planFix). */
  planFix(req: FixRequest): RepairPlan;
  /** The stored parcel (attributes, stored computed area, geometry); throws parcel.notFound. */
  parcel(fid: number): Parcel;
}

/** The geometry each parcel ends with when the plan's commands run in order (null: deleted). */
function finalGeometries(commands: readonly Command[], out = new Map<number, AreaGeometry | null>()): Map<number, AreaGeometry | null> {
  for (const c of commands) {
    if (c instanceof CompositeCommand) finalGeometries(c.steps, out);
    else if (c instanceof SetGeometryCommand) out.set(c.fid, c.after);
    else if (c instanceof MergeParcelsCommand) {
      out.set(c.data.keep, c.data.keepAfter);
      out.set(c.data.removed.fid, null);
    }
  }
  return out;
}

/** Area as the store would record it for this geometry (ParcelRepository.setGeometry). */
function storedArea(g: AreaGeometry | null): number | null {
  const multi = toMultiPolygon(g);
  return multi ? roundArea(geometryArea(multi)) : null;
}

function positive(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

/**
 * The candidates of one finding. Throws `validation.findingNotFound` for an unknown fingerprint and
 * `validation.noChoice` for a rule without a receiving parcel.
 */
export function listRepairCandidates(source: CandidateSource, fingerprint: string): RepairCandidates {
  const finding = source.list().find((f) => f.fingerprint === fingerprint);
  if (!finding) throw new UserError('validation.findingNotFound', { fingerprint });
  if (!CHOICE_RULES.includes(finding.rule)) throw new UserError('validation.noChoice', { rule: finding.rule });
  const base: FixRequest = { choose: 'ask', rules: [finding.rule], fingerprints: [fingerprint] };
  const asked = source.planFix(base);
  const pending = asked.preview.items.find((i) => i.fingerprint === fingerprint && i.pending);
  if (!pending?.candidates?.length) {
    const why = asked.unresolved.find((u) => u.fingerprint === fingerprint);
    return {
      finding,
      candidates: [],
      reason: why?.reason ?? formatMessage('vi', 'repair.reason.noNeighbour', {}),
      reasonEn: why?.reasonEn ?? formatMessage('en', 'repair.reason.noNeighbour', {}),
    };
  }

  const parcels = new Map<number, Parcel>();
  const parcelOf = (fid: number): Parcel => {
    let p = parcels.get(fid);
    if (!p) {
      p = source.parcel(fid);
      parcels.set(fid, p);
    }
    return p;
  };

  const candidates: RepairCandidateInfo[] = pending.candidates.map(({ fid, sharedBoundary }) => {
    const p = parcelOf(fid);
    const plan = source.planFix({ ...base, choices: { [fingerprint]: fid } });
    const item = plan.preview.items.find((i) => i.fingerprint === fingerprint && !i.pending);
    const after = finalGeometries(plan.commands);
    const ok = plan.commands.length > 0 && item?.target === fid;
    const changes: CandidateParcelChange[] = [...after.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([cfid, g]) => {
        const q = parcelOf(cfid);
        return { fid: cfid, sheet: q.sheet_no, parcelNo: q.parcel_no, areaBefore: q.area, areaAfter: storedArea(g), legalArea: positive(q.area_legal) };
      });
    let legalDelta: number | null = null;
    for (const c of changes) {
      if (c.legalArea === null || c.areaAfter === null || c.areaBefore === null) continue;
      legalDelta = (legalDelta ?? 0) + Math.abs(c.areaAfter - c.legalArea) - Math.abs(c.areaBefore - c.legalArea);
    }
    const own = changes.find((c) => c.fid === fid);
    const info: RepairCandidateInfo = {
      fid,
      sheet: p.sheet_no,
      parcelNo: p.parcel_no,
      landType: p.land_type,
      sharedBoundary,
      area: p.area,
      legalArea: positive(p.area_legal),
      areaAfter: own ? own.areaAfter : p.area,
      legalDelta: ok ? legalDelta : null,
      changes: ok ? changes : [],
      ok,
      geometry: p.geometry,
      longest: false,
      closestLegal: false,
    };
    if (ok && item) {
      info.action = item.action;
      info.actionEn = item.actionEn;
    } else {
      const why = plan.unresolved.find((u) => u.fingerprint === fingerprint);
      info.reason = why?.reason ?? formatMessage('vi', 'repair.reason.noNeighbour', {});
      info.reasonEn = why?.reasonEn ?? formatMessage('en', 'repair.reason.noNeighbour', {});
    }
    return info;
  });

  // The order and marks of the automatic rules, so the user sees what they would have picked.
  candidates.sort((a, b) => b.sharedBoundary - a.sharedBoundary || a.fid - b.fid);
  const longest = candidates.find((c) => c.ok);
  if (longest) longest.longest = true;
  let best: RepairCandidateInfo | null = null;
  for (const c of candidates) if (c.ok && c.legalDelta !== null && (best === null || c.legalDelta < best.legalDelta!)) best = c;
  if (best) best.closestLegal = true;
  return { finding, candidates };
}
