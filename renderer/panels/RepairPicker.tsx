/**
 * The choice rule "Hỏi tôi / Ask me": for a gap, overlap or sliver the technician picks the parcel
 * that gets the region from the candidates the services measured with the repair engine
 * (`repairCandidates`). Hovering or focusing a candidate outlines it on the map next to the finding;
 * arrow keys move through the list and Enter applies. Each choice is applied at once as its own
 * command (one undo step), so the next finding's candidates are measured on the map as it now is.
 * For "fix all of this rule" the picker steps through the findings: choose, skip or stop.
 *
 * Non-modal on purpose: the map must stay visible (and pannable) while choosing.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Api, HistoryState } from '../../shared/ipc/contract.js';
import type { RepairCandidateInfo, RepairCandidates } from '../../shared/ipc/validation.js';
import type { Finding, RuleId } from '../../shared/model/finding.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { ApiError } from '../platform/api.js';

export interface RepairPickerProps {
  api: Api;
  /** The rule of the findings (for the title). */
  rule: RuleId;
  /** Findings to step through, in order; one for "Sửa" on a single finding. */
  fingerprints: string[];
  /** Draws the finding on the map and zooms to it. */
  onShow(finding: Finding): void;
  /** Outlines a candidate parcel on the map (null clears). */
  onHighlight(candidate: RepairCandidateInfo | null): void;
  /** After a choice was applied: the new history and the parcels to redraw. */
  onEdited(history: HistoryState, changed: number[]): void;
  onInfo(text: string): void;
  onError(err: unknown): void;
  onClose(): void;
}

function fixed(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits);
}

function signed(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  const r = v.toFixed(2);
  return v > 0 ? `+${r}` : v < 0 ? `−${r.slice(1)}` : r;
}

export function RepairPicker({ api, rule, fingerprints, onShow, onHighlight, onEdited, onInfo, onError, onClose }: RepairPickerProps) {
  const { t, locale } = useI18n();
  const [index, setIndex] = useState(0);
  const [data, setData] = useState<RepairCandidates | null>(null);
  const [active, setActive] = useState(0);
  const [working, setWorking] = useState(false);
  const [gone, setGone] = useState<string | null>(null);
  const tally = useRef({ applied: 0, skipped: 0 });
  const options = useRef<Array<HTMLLIElement | null>>([]);
  const stepping = fingerprints.length > 1;
  const total = fingerprints.length;

  const partLabel = (sheet: string | null, parcel: string | null, fid: number) =>
    t('picker.parcel', { sheet: sheet || '—', parcel: parcel || `#${fid}` });

  const finish = useCallback(() => {
    onHighlight(null);
    if (stepping) onInfo(t('picker.summary', { applied: tally.current.applied, skipped: tally.current.skipped }));
    onClose();
  }, [onHighlight, onInfo, onClose, stepping, t]);

  // Load the candidates of the current finding; a finding an earlier choice repaired away is skipped.
  useEffect(() => {
    if (index >= total) {
      finish();
      return;
    }
    let stale = false;
    setData(null);
    setWorking(true);
    void (async () => {
      try {
        const next = await api.repairCandidates({ fingerprint: fingerprints[index] });
        if (stale) return;
        setGone(null);
        setData(next);
        const firstOk = next.candidates.findIndex((c) => c.ok);
        setActive(firstOk >= 0 ? firstOk : 0);
        onShow(next.finding);
      } catch (err) {
        if (stale) return;
        // Stepping: an earlier choice repaired this one too, go on. A single finding: say so and close.
        if (stepping && err instanceof ApiError && err.payload.code === 'validation.findingNotFound') {
          setGone(t('picker.gone', { index: index + 1, total }));
          tally.current.skipped++;
          setIndex((i) => i + 1);
        } else {
          onError(err);
          finish();
        }
      } finally {
        if (!stale) setWorking(false);
      }
    })();
    return () => {
      stale = true;
    };
    // Only a new index loads; the callbacks change identity on every render of the panel.
  }, [index]);

  // The active candidate follows the focus: outline it on the map and focus its row.
  useEffect(() => {
    const c = data?.candidates[active];
    if (!c) return;
    onHighlight(c);
    options.current[active]?.focus();
  }, [data, active]);

  async function apply(c: RepairCandidateInfo | undefined) {
    if (!c || !c.ok || !data || working) return;
    setWorking(true);
    try {
      const fp = data.finding.fingerprint;
      const r = await api.applyFix({ choose: 'ask', rules: [data.finding.rule], fingerprints: [fp], choices: { [fp]: c.fid } });
      if (!r.applied) {
        const why = r.unresolved.find((u) => u.fingerprint === fp);
        onInfo(t('findings.notFixed', { reason: why ? (locale === 'en' ? why.reasonEn : why.reason) : '' }));
        return;
      }
      tally.current.applied++;
      onEdited(r.history, r.parcels);
      onInfo(t('picker.applied', { sheet: c.sheet || '—', parcel: c.parcelNo || `#${c.fid}` }));
      setIndex((i) => i + 1);
    } catch (err) {
      onError(err);
    } finally {
      setWorking(false);
    }
  }

  function skip() {
    tally.current.skipped++;
    setIndex((i) => i + 1);
  }

  function onListKey(e: KeyboardEvent<HTMLUListElement>) {
    const n = data?.candidates.length ?? 0;
    if (n === 0) return;
    const move = (to: number) => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(n - 1, to)));
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(n - 1);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      void apply(data?.candidates[active]);
    }
  }

  const ruleName = t(`rule.${rule}` as UiKey);
  const reasonOf = (c: RepairCandidateInfo) => (locale === 'en' ? c.reasonEn : c.reason) ?? '';
  const current = data?.candidates[active];

  return (
    <div
      className="repair-picker"
      data-covers-map=""
      role="dialog"
      aria-modal="false"
      aria-labelledby="repair-picker-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          finish();
        }
      }}
    >
      <div className="repair-picker-head">
        <h2 id="repair-picker-title" className="modal-title">
          {t('picker.title', { rule: ruleName })}
        </h2>
        {stepping ? <span className="small muted">{t('picker.step', { index: Math.min(index + 1, total), total })}</span> : null}
      </div>
      {gone ? <p className="small muted">{gone}</p> : null}
      {data ? (
        <p className="small">
          {t('picker.region', { area: fixed(data.finding.area), parcels: data.finding.parcels.map((f) => `#${f}`).join(', ') })}
        </p>
      ) : (
        <p className="small muted" role="status">
          {t('picker.loading')}
        </p>
      )}
      {data && data.candidates.length === 0 ? (
        <p className="small form-problem" role="alert">
          {t('picker.none', { reason: (locale === 'en' ? data.reasonEn : data.reason) ?? '' })}
        </p>
      ) : null}
      {data && data.candidates.length > 0 ? (
        <>
          <p className="small muted">{t('picker.hint')}</p>
          <div className="candidate-head small muted" aria-hidden="true">
            <span />
            <span>{t('picker.shared')}</span>
            <span>{t('picker.area')}</span>
            <span>{t('picker.legal')}</span>
            <span>{t('picker.after')}</span>
            <span title={t('picker.deltaHelp')}>{t('picker.delta')}</span>
          </div>
          <ul className="plain candidate-list" role="listbox" aria-label={t('picker.candidates')} onKeyDown={onListKey}>
            {data.candidates.map((c, i) => {
              // What the region does to the finding's other parcels: an overlap is cut from them, a
              // sliver is deleted; any other change is the snapping of neighbours the engine does first.
              const direct = c.changes.filter((ch) => ch.fid !== c.fid && data.finding.parcels.includes(ch.fid) && (ch.areaAfter === null || data.finding.rule === 'overlap'));
              const others = c.changes.filter((ch) => ch.fid !== c.fid && !direct.includes(ch));
              const maxOther = others.reduce((m, ch) => Math.max(m, Math.abs((ch.areaAfter ?? 0) - (ch.areaBefore ?? 0))), 0);
              const label = t('picker.optionLabel', {
                sheet: c.sheet || '—',
                parcel: c.parcelNo || `#${c.fid}`,
                landType: c.landType || t('picker.noValue'),
                shared: fixed(c.sharedBoundary),
                area: fixed(c.area),
                after: c.ok ? fixed(c.areaAfter) : fixed(c.area),
                legal: c.legalArea !== null ? `${fixed(c.legalArea)} m²` : t('picker.noValue'),
                delta: c.legalDelta !== null ? `${signed(c.legalDelta)} m²` : t('picker.noValue'),
                state: c.ok ? '' : t('picker.optionDisabled', { reason: reasonOf(c) }),
              });
              return (
                <li
                  key={c.fid}
                  id={`candidate-${c.fid}`}
                  ref={(el) => {
                    options.current[i] = el;
                  }}
                  role="option"
                  aria-selected={i === active}
                  aria-disabled={!c.ok}
                  aria-label={label}
                  tabIndex={i === active ? 0 : -1}
                  className={`candidate${i === active ? ' active' : ''}${c.ok ? '' : ' disabled'}`}
                  onMouseEnter={() => onHighlight(c)}
                  onMouseLeave={() => current && onHighlight(current)}
                  onFocus={() => setActive(i)}
                  onClick={() => setActive(i)}
                  onDoubleClick={() => void apply(c)}
                >
                  <div className="candidate-row">
                    <span className="candidate-name">
                      <strong>{partLabel(c.sheet, c.parcelNo, c.fid)}</strong> <span className="muted">{c.landType ?? ''}</span>
                      {c.longest ? <span className="badge">{t('picker.longest')}</span> : null}
                      {c.closestLegal ? <span className="badge">{t('picker.closestLegal')}</span> : null}
                    </span>
                    <span>{fixed(c.sharedBoundary)} m</span>
                    <span>{fixed(c.area)}</span>
                    <span>{c.legalArea !== null ? fixed(c.legalArea) : '—'}</span>
                    <span>{c.ok ? fixed(c.areaAfter) : '—'}</span>
                    <span>{c.ok && c.legalDelta !== null ? signed(c.legalDelta) : '—'}</span>
                  </div>
                  {c.ok
                    ? direct.map((ch) => (
                          <p key={ch.fid} className="small muted candidate-note">
                            {ch.areaAfter === null
                              ? t('picker.merged', { sheet: ch.sheet || '—', parcel: ch.parcelNo || `#${ch.fid}`, before: fixed(ch.areaBefore) })
                              : t('picker.cut', { sheet: ch.sheet || '—', parcel: ch.parcelNo || `#${ch.fid}`, before: fixed(ch.areaBefore), after: fixed(ch.areaAfter) })}
                          </p>
                      ))
                    : null}
                  {c.ok && others.length > 0 ? <p className="small muted candidate-note">{t('picker.others', { count: others.length, max: fixed(maxOther, 3) })}</p> : null}
                  {!c.ok ? <p className="small form-problem candidate-note">{t('picker.disabled', { reason: reasonOf(c) })}</p> : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <div className="form-actions">
        {stepping ? (
          <>
            <button type="button" onClick={finish}>
              {t('picker.stop')}
            </button>
            <button type="button" disabled={working || !data} onClick={skip}>
              {t('picker.skip')}
            </button>
          </>
        ) : (
          <button type="button" onClick={finish}>
            {t('picker.cancel')}
          </button>
        )}
        <button type="button" className="primary" disabled={working || !current?.ok} onClick={() => void apply(current)}>
          {t('picker.apply')}
        </button>
      </div>
    </div>
  );
}
