/**
 * Findings of the topology and attribute validation: counts per severity and rule, filters (rule,
 * severity, sheet, open/accepted exceptions) and the list. A click shows the finding on the map; the
 * selected finding can be fixed, fixed with all of its kind (after a preview of what changes), or
 * accepted as an exception with a reason. "Kiểm tra" runs the full validation as a job with progress
 * and cancel. The app bumps `revision` after every edit, so the list follows the user's work.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api, HistoryState, ProjectInfo } from '../../shared/ipc/contract.js';
import type { ExceptionFilter, FindingItem, FindingsPage, FixPreview, RepairCandidateInfo, RepairChoice } from '../../shared/ipc/validation.js';
import type { Finding, RuleId, Severity } from '../../shared/model/finding.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { ApiError } from '../platform/api.js';
import { Modal } from './Modal.js';
import { RepairPicker } from './RepairPicker.js';
import { CHOICE_RULES, REPAIRABLE_RULES } from '../../shared/repair/repairable-rules.js';

export interface FindingsPanelProps {
  api: Api;
  project: ProjectInfo | null;
  /** Bumped by the app after every edit, undo and redo: the list is read again. */
  revision: number;
  busy: boolean;
  onShow(item: Finding): void;
  /** Outlines the parcel a repair would give the region to (choice rule 'ask'); null clears it. */
  onHighlight(candidate: RepairCandidateInfo | null): void;
  /** After a repair or an exception change: the new history and the parcels to redraw. */
  onEdited(history: HistoryState, changed: number[]): void;
  onInfo(text: string): void;
  onError(err: unknown): void;
}

interface Filters {
  rule: RuleId | '';
  severity: Severity | '';
  sheet: string;
  exceptions: ExceptionFilter;
}

interface Job {
  id: string;
  phase: string;
  done: number;
  total: number;
}

const PAGE = 200;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** Rules shared/repair can fix; the buttons are offered only for these. */
const FIXABLE: ReadonlySet<RuleId> = new Set<RuleId>(REPAIRABLE_RULES);
/** Rules whose repair gives a region to one of several parcels: only these have a choice rule. */
const CHOICE: ReadonlySet<RuleId> = new Set<RuleId>(CHOICE_RULES);
const CHOICES: readonly RepairChoice[] = ['longest-boundary', 'legal-area', 'ask'];
/** The choice rule is the technician's habit, kept between sessions like the language. */
const CHOICE_STORAGE = 'parceldesk.repairChoice';

function storedChoice(): RepairChoice {
  try {
    const v = localStorage.getItem(CHOICE_STORAGE);
    return CHOICES.includes(v as RepairChoice) ? (v as RepairChoice) : 'longest-boundary';
  } catch {
    return 'longest-boundary';
  }
}

function round(v: number, digits: number): string {
  return (Math.round(v * 10 ** digits) / 10 ** digits).toString();
}

export function FindingsPanel({ api, project, revision, busy, onShow, onHighlight, onEdited, onInfo, onError }: FindingsPanelProps) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState<FindingsPage | null>(null);
  const [filters, setFilters] = useState<Filters>({ rule: '', severity: '', sheet: '', exceptions: 'open' });
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [reasonFor, setReasonFor] = useState<FindingItem | null>(null);
  const [reason, setReason] = useState('');
  const [choose, setChooseState] = useState<RepairChoice>(storedChoice);
  const [preview, setPreview] = useState<{ rule: RuleId; data: FixPreview } | null>(null);
  /** Fix-all may trade warnings (spike, area mismatch, sliver) for closing what is left; opt-in, off by default. */
  const [allowWarnings, setAllowWarnings] = useState(false);
  /** The "ask me" picker: the findings to choose a receiving parcel for, one after the other. */
  const [picker, setPicker] = useState<{ rule: RuleId; fingerprints: string[] } | null>(null);
  const [working, setWorking] = useState(false);
  const generation = useRef(0);

  const ruleName = useCallback((rule: RuleId) => t(`rule.${rule}` as UiKey), [t]);

  const setChoose = useCallback((how: RepairChoice) => {
    setChooseState(how);
    try {
      localStorage.setItem(CHOICE_STORAGE, how);
    } catch {
      // Storage refused (private window): the choice holds for this session only.
    }
  }, []);

  const chooseSelect = (id: string, onPick: (how: RepairChoice) => void) => (
    <label className="field choose-field" htmlFor={id}>
      <span>{t('findings.choose')}</span>
      <select id={id} value={choose} disabled={working || !!picker} onChange={(e) => onPick(e.target.value as RepairChoice)}>
        <option value="longest-boundary">{t('findings.chooseLongest')}</option>
        <option value="legal-area">{t('findings.chooseLegal')}</option>
        <option value="ask">{t('findings.chooseAsk')}</option>
      </select>
    </label>
  );
  const severityName = useCallback((s: Severity) => t(`severity.${s}` as UiKey), [t]);

  const reload = useCallback(async () => {
    if (!project) {
      setPage(null);
      return;
    }
    const mine = ++generation.current;
    try {
      const next = await api.findings({
        ...(filters.rule ? { rule: filters.rule } : {}),
        ...(filters.severity ? { severity: filters.severity } : {}),
        ...(filters.sheet ? { sheet: filters.sheet } : {}),
        exceptions: filters.exceptions,
        limit: PAGE,
      });
      if (mine === generation.current) setPage(next);
    } catch (err) {
      onError(err);
    }
  }, [api, project, filters, onError]);

  useEffect(() => {
    void reload();
  }, [reload, revision]);

  // A new project: start with clean filters.
  useEffect(() => {
    setFilters({ rule: '', severity: '', sheet: '', exceptions: 'open' });
    setSelected(null);
  }, [project?.path]);

  // Poll the running validation job.
  useEffect(() => {
    if (!job) return;
    let stop = false;
    const timer = setInterval(() => {
      void (async () => {
        try {
          const s = await api.jobStatus({ jobId: job.id });
          if (stop) return;
          if (s.state === 'running') {
            setJob({ id: job.id, phase: s.phase, done: s.done, total: s.total });
            return;
          }
          stop = true;
          clearInterval(timer);
          setJob(null);
          if (s.state === 'done' && s.result) {
            const r = s.result as { parcels: number; ms: number; findings: number };
            onInfo(t('findings.done', { count: r.findings, parcels: r.parcels, seconds: round(r.ms / 1000, 1) }));
          } else if (s.state === 'cancelled') onInfo(t('findings.cancelled'));
          else if (s.error) onError(new ApiError('startValidation', s.error));
          await reload();
        } catch (err) {
          stop = true;
          clearInterval(timer);
          setJob(null);
          onError(err);
        }
      })();
    }, 250);
    return () => {
      stop = true;
      clearInterval(timer);
    };
    // Only a new job id restarts the polling; progress updates must not.
  }, [job?.id]);

  async function startValidation() {
    try {
      const { jobId } = await api.startValidation({});
      setJob({ id: jobId, phase: '', done: 0, total: 0 });
    } catch (err) {
      onError(err);
    }
  }

  async function cancelValidation() {
    if (!job) return;
    try {
      await api.cancelJob({ jobId: job.id });
    } catch (err) {
      onError(err);
    }
  }

  /** Runs one change from the panel, then tells the app and reloads the list. */
  async function change(work: () => Promise<{ history: HistoryState; changed: number[]; message: string } | null>) {
    setWorking(true);
    try {
      const done = await work();
      if (done) {
        onEdited(done.history, done.changed);
        onInfo(done.message);
      }
      await reload();
    } catch (err) {
      onError(err);
    } finally {
      setWorking(false);
    }
  }

  function fixOne(item: FindingItem) {
    if (choose === 'ask' && CHOICE.has(item.rule)) {
      setPicker({ rule: item.rule, fingerprints: [item.fingerprint] });
      return;
    }
    void change(async () => {
      const r = await api.applyFix({ choose, fingerprints: [item.fingerprint] });
      if (!r.applied) {
        const why = r.unresolved[0];
        onInfo(why ? t('findings.notFixed', { reason: locale === 'en' ? why.reasonEn : why.reason }) : t('findings.nothingToFix'));
        return null;
      }
      setSelected(null);
      const count = Object.values(r.counts).reduce((s, n) => s + (n ?? 0), 0);
      return { history: r.history, changed: r.parcels, message: t('findings.fixed', { count, parcels: r.parcels.length }) };
    });
  }

  async function openPreview(rule: RuleId, how: RepairChoice = choose, allow: boolean = allowWarnings) {
    setWorking(true);
    try {
      setPreview({ rule, data: await api.previewFix({ rules: [rule], choose: how, ...(allow ? { allowWarnings: true } : {}) }) });
    } catch (err) {
      onError(err);
    } finally {
      setWorking(false);
    }
  }

  function applyAll() {
    if (!preview) return;
    const rule = preview.rule;
    setPreview(null);
    if (choose === 'ask' && CHOICE.has(rule)) {
      const pending = preview.data.items.filter((it) => it.pending).map((it) => it.fingerprint);
      if (pending.length > 0) setPicker({ rule, fingerprints: pending });
      return;
    }
    void change(async () => {
      const r = await api.applyFix({ rules: [rule], choose, ...(allowWarnings ? { allowWarnings: true } : {}) });
      if (!r.applied) {
        onInfo(t('findings.nothingToFix'));
        return null;
      }
      const count = Object.values(r.counts).reduce((s, n) => s + (n ?? 0), 0);
      return { history: r.history, changed: r.parcels, message: t('findings.fixed', { count, parcels: r.parcels.length }) };
    });
  }

  function confirmException() {
    const item = reasonFor;
    if (!item) return;
    setReasonFor(null);
    void change(async () => {
      const r = await api.markException({ fingerprint: item.fingerprint, reason });
      setReason('');
      setSelected(null);
      return { history: r.history, changed: [], message: t('findings.marked', { rule: ruleName(item.rule) }) };
    });
  }

  function revoke(item: FindingItem) {
    void change(async () => {
      const r = await api.revokeException({ fingerprint: item.fingerprint });
      setSelected(null);
      return { history: r.history, changed: [], message: t('findings.revoked', { rule: ruleName(item.rule) }) };
    });
  }

  const disabled = !project || busy || working || !!job || !!picker;
  const counts = page?.counts;
  const rulesWithCounts = counts ? (Object.entries(counts.byRule) as Array<[RuleId, number]>) : [];
  const progressLabel = job
    ? job.phase === 'load'
      ? t('findings.phaseLoad')
      : job.phase.startsWith('topology')
        ? t('findings.phaseTopology')
        : job.phase === 'save'
          ? t('findings.phaseSave')
          : job.phase
            ? ruleName(job.phase as RuleId)
            : ''
    : '';

  return (
    <section className="panel panel-grow findings" aria-labelledby="panel-findings">
      <div className="findings-head">
        <h2 id="panel-findings">{t('panel.findings')}</h2>
        {job ? (
          <button type="button" onClick={() => void cancelValidation()} aria-label={t('findings.cancel')}>
            {t('findings.cancel')}
          </button>
        ) : (
          <button type="button" className="primary" disabled={disabled} onClick={() => void startValidation()} aria-label={t('findings.validateLabel')}>
            {t('findings.validate')}
          </button>
        )}
      </div>
      {job ? (
        <div className="findings-progress" role="status">
          <progress aria-label={t('findings.progress')} max={job.total || 1} value={job.total ? job.done : undefined} />
          <span className="small muted">{t('findings.progressText', { phase: progressLabel, done: job.done, total: job.total })}</span>
        </div>
      ) : null}
      {page && !page.validated ? <p className="muted small">{t('findings.notValidated')}</p> : null}
      {page?.stale ? (
        <p className="small form-problem" role="alert">
          {t('findings.stale')}
        </p>
      ) : null}
      {page?.validated && counts ? (
        <>
          <p className="small muted">
            {t('findings.summary', {
              errors: counts.bySeverity.error ?? 0,
              warnings: counts.bySeverity.warning ?? 0,
              infos: counts.bySeverity.info ?? 0,
              excepted: counts.excepted,
            })}
          </p>
          <ul className="plain findings-counts" aria-label={t('findings.countsByRule')}>
            {rulesWithCounts.map(([rule, n]) => (
              <li key={rule}>
                <button
                  type="button"
                  className={filters.rule === rule ? 'chip active' : 'chip'}
                  aria-pressed={filters.rule === rule}
                  onClick={() => setFilters((f) => ({ ...f, rule: f.rule === rule ? '' : rule }))}
                >
                  {ruleName(rule)} <strong>{n}</strong>
                </button>
              </li>
            ))}
          </ul>
          <div className="findings-filters" role="group" aria-label={t('findings.filters')}>
            <label>
              <span>{t('findings.filterRule')}</span>
              <select value={filters.rule} onChange={(e) => setFilters((f) => ({ ...f, rule: e.target.value as RuleId | '' }))}>
                <option value="">{t('findings.allRules')}</option>
                {rulesWithCounts.map(([rule, n]) => (
                  <option key={rule} value={rule}>
                    {ruleName(rule)} ({n})
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('findings.filterSeverity')}</span>
              <select value={filters.severity} onChange={(e) => setFilters((f) => ({ ...f, severity: e.target.value as Severity | '' }))}>
                <option value="">{t('findings.allSeverities')}</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {severityName(s)} ({counts.bySeverity[s] ?? 0})
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('findings.filterSheet')}</span>
              <select value={filters.sheet} onChange={(e) => setFilters((f) => ({ ...f, sheet: e.target.value }))}>
                <option value="">{t('findings.allSheets')}</option>
                {(project?.sheets ?? [])
                  .filter((s) => s.sheet !== '')
                  .map((s) => (
                    <option key={s.sheet} value={s.sheet}>
                      {s.sheet}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              <span>{t('findings.filterExceptions')}</span>
              <select value={filters.exceptions} onChange={(e) => setFilters((f) => ({ ...f, exceptions: e.target.value as ExceptionFilter }))}>
                <option value="open">
                  {t('findings.open')} ({counts.open})
                </option>
                <option value="excepted">
                  {t('findings.excepted')} ({counts.excepted})
                </option>
                <option value="all">{t('findings.all')}</option>
              </select>
            </label>
          </div>
          {page.items.length === 0 ? <p className="muted small">{t('findings.none')}</p> : null}
          <ul className="plain findings-list" aria-label={t('findings.list')}>
            {page.items.map((item) => {
              const parcels = item.parcels.map((f) => `#${f}`).join(', ');
              const measure =
                item.area !== undefined
                  ? t('findings.area', { area: round(item.area, 2) })
                  : item.width !== undefined
                    ? t('findings.width', { width: round(item.width, 3) })
                    : '';
              const isSelected = selected === item.fingerprint;
              return (
                <li key={item.fingerprint} className={isSelected ? 'finding selected' : 'finding'}>
                  <button
                    type="button"
                    className={`link-row finding-row sev-${item.severity}`}
                    aria-current={isSelected}
                    aria-label={t('findings.itemLabel', { severity: severityName(item.severity), rule: ruleName(item.rule), parcels, measure })}
                    onClick={() => {
                      setSelected(item.fingerprint);
                      onShow(item);
                    }}
                  >
                    <span className={`sev-dot sev-${item.severity}`} aria-hidden="true" />
                    <span className="finding-text">{t('findings.item', { rule: ruleName(item.rule), parcels })}</span>
                    <span className="muted small">
                      {item.area !== undefined ? `${round(item.area, 2)} m²` : item.width !== undefined ? `${round(item.width, 3)} m` : ''}
                    </span>
                  </button>
                  {isSelected ? (
                    <div className="finding-actions">
                      {item.exception ? (
                        <>
                          <p className="small muted">
                            {t('findings.exceptionBy', { reason: item.exception.reason, user: item.exception.user, at: item.exception.at.slice(0, 16).replace('T', ' ') })}
                          </p>
                          <button type="button" disabled={disabled} onClick={() => revoke(item)}>
                            {t('findings.revoke')}
                          </button>
                        </>
                      ) : (
                        <>
                          {FIXABLE.has(item.rule) ? (
                            <>
                              {CHOICE.has(item.rule) ? chooseSelect(`choose-${item.fingerprint}`, setChoose) : null}
                              <button type="button" className="primary" disabled={disabled} onClick={() => fixOne(item)} aria-label={t('findings.fixLabel')}>
                                {t('findings.fix')}
                              </button>
                              <button type="button" disabled={disabled} onClick={() => void openPreview(item.rule)}>
                                {t('findings.fixAll')}
                              </button>
                            </>
                          ) : null}
                          <button
                            type="button"
                            disabled={disabled}
                            onClick={() => {
                              setReason('');
                              setReasonFor(item);
                            }}
                          >
                            {t('findings.markException')}
                          </button>
                        </>
                      )}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {page.total > page.items.length ? <p className="muted small">{t('findings.more', { shown: page.items.length, total: page.total })}</p> : null}
        </>
      ) : null}

      {reasonFor ? (
        <Modal title={t('findings.markException')} onClose={() => setReasonFor(null)}>
          <form
            className="attr-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim()) confirmException();
            }}
          >
            <p className="small">{t('findings.item', { rule: ruleName(reasonFor.rule), parcels: reasonFor.parcels.map((f) => `#${f}`).join(', ') })}</p>
            <label className="field">
              <span>{t('findings.reason')}</span>
              <input type="text" value={reason} placeholder={t('findings.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
            </label>
            <div className="form-actions">
              <button type="button" onClick={() => setReasonFor(null)}>
                {t('findings.reasonCancel')}
              </button>
              <button type="submit" className="primary" disabled={!reason.trim()}>
                {t('findings.reasonConfirm')}
              </button>
            </div>
          </form>
        </Modal>
      ) : null}

      {preview ? (
        <Modal title={t('findings.previewTitle', { rule: ruleName(preview.rule) })} onClose={() => setPreview(null)} wide>
          {chooseSelect('choose-all', (how) => {
            setChoose(how);
            void openPreview(preview.rule, how);
          })}
          <label className="check" htmlFor="allow-warnings">
            <input
              id="allow-warnings"
              type="checkbox"
              checked={allowWarnings}
              disabled={working}
              aria-describedby="allow-warnings-hint"
              onChange={(e) => {
                const allow = e.target.checked;
                setAllowWarnings(allow);
                void openPreview(preview.rule, choose, allow);
              }}
            />
            <span>{t('findings.allowWarnings')}</span>
          </label>
          <p id="allow-warnings-hint" className="small muted">
            {t('findings.allowWarningsHint')}
          </p>
          <p role="status">
            {t('findings.previewCounts', {
              count: Object.values(preview.data.counts).reduce((s, n) => s + (n ?? 0), 0),
              parcels: preview.data.parcels.length,
            })}
          </p>
          {preview.data.parcels.length ? (
            <p className="small muted">{t('findings.previewParcels', { list: preview.data.parcels.map((f) => `#${f}`).join(', ') })}</p>
          ) : null}
          <h3 className="small">{t('findings.previewItems')}</h3>
          <ul className="preview-list small" aria-label={t('findings.previewItems')}>
            {preview.data.items.map((it) => (
              <li key={it.fingerprint}>{locale === 'en' ? it.actionEn : it.action}</li>
            ))}
          </ul>
          {preview.data.unresolved.length ? (
            <>
              <h3 className="small">{t('findings.previewUnresolved', { count: preview.data.unresolved.length })}</h3>
              <ul className="preview-list small">
                {preview.data.unresolved.map((u) => (
                  <li key={u.fingerprint}>{locale === 'en' ? u.reasonEn : u.reason}</li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.data.warnings?.length ? (
            <>
              <h3 className="small">{t('findings.previewWarnings', { count: preview.data.warnings.length })}</h3>
              <ul className="preview-list small" aria-label={t('findings.previewWarnings', { count: preview.data.warnings.length })}>
                {preview.data.warnings.map((w) => (
                  <li key={`${w.rule}:${w.parcel}`}>
                    {ruleName(w.rule)} #{w.parcel}: {locale === 'en' ? w.reasonEn : w.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <div className="form-actions">
            <button type="button" onClick={() => setPreview(null)}>
              {t('findings.close')}
            </button>
            {choose === 'ask' && CHOICE.has(preview.rule) ? (
              <button type="button" className="primary" disabled={working || !preview.data.items.some((it) => it.pending)} onClick={applyAll}>
                {t('findings.askAll', { count: preview.data.items.filter((it) => it.pending).length })}
              </button>
            ) : (
              <button type="button" className="primary" disabled={working || preview.data.parcels.length === 0} onClick={applyAll}>
                {t('findings.apply')}
              </button>
            )}
          </div>
        </Modal>
      ) : null}

      {picker ? (
        <RepairPicker
          api={api}
          rule={picker.rule}
          fingerprints={picker.fingerprints}
          onShow={onShow}
          onHighlight={onHighlight}
          onEdited={(history, changed) => {
            setSelected(null);
            onEdited(history, changed);
            void reload();
          }}
          onInfo={onInfo}
          onError={onError}
          onClose={() => setPicker(null)}
        />
      ) : null}
    </section>
  );
}
