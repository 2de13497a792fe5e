/**
 * Import of cadastral sheets: preview of the first file (`inspectImport`), field mapping with the
 * auto-detected defaults, the central meridian when the source has no CRS, then `startImport` as a job
 * polled with `jobStatus` (progress bar with counts, Stop button calling `cancelJob`).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Api, FieldMapping, ImportPreview, ImportReport, JobStatus } from '../../shared/ipc/contract.js';
import type { ParcelAttributeName } from '../../shared/model/parcel.js';
import { VN2000_ZONES } from '../../shared/geo/crs.js';
import { formatMessage, messageKeys, type MessageKey } from '../../shared/i18n/messages.js';
import { useI18n, errorText, type UiKey } from '../i18n/index.js';
import { ApiError } from '../platform/api.js';
import { formatCount } from '../map/coordinates.js';
import { Modal } from './Modal.js';
import { LevelProfileStep } from './LevelProfileStep.js';
import { MAPPABLE_FIELDS } from '../../shared/model/field-mapping.js';
import { SheetBuildSummary } from './SheetBuildSummary.js';
import type { LevelProfile } from '../../shared/sheet/level-profile.js';
import type { ImportTarget } from '../../shared/model/reference-area.js';

/** Project fields a source column can fill (the computed area is never imported). */
const MAPPABLE: readonly ParcelAttributeName[] = MAPPABLE_FIELDS;

const POLL_MS = 250;

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export interface ImportDialogProps {
  api: Api;
  files: string[];
  onClose(): void;
  /** The job finished (done); the app reloads the project. */
  onImported(report: ImportReport): void;
}

type Stage =
  | { kind: 'inspecting' }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'running'; preview: ImportPreview; jobId: string; status: JobStatus | null }
  | { kind: 'finished'; preview: ImportPreview | null; text: string; error: boolean; report?: ImportReport };

export function ImportDialog({ api, files, onClose, onImported }: ImportDialogProps) {
  const { t, locale } = useI18n();
  const [stage, setStage] = useState<Stage>({ kind: 'inspecting' });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [crs, setCrs] = useState('');
  const [commune, setCommune] = useState('');
  const [sheet, setSheet] = useState('');
  // Parcels, or the sheet frames / commune boundary the parcels are checked against.
  const [importAs, setImportAs] = useState<ImportTarget>('parcels');
  const [problem, setProblem] = useState<string | null>(null);
  /** DGN/DXF: the level profile the sheet will be built with (edited in the profile step). */
  const [levelProfile, setLevelProfile] = useState<LevelProfile | null>(null);
  const polling = useRef<number | null>(null);
  const knownPhases = useMemo(() => new Set(messageKeys('vi')), []);

  const describe = (err: unknown) => (err instanceof ApiError ? errorText(locale, err.payload) : String(err));

  useEffect(() => {
    let live = true;
    api
      .inspectImport({ path: files[0] })
      .then((preview) => {
        if (!live) return;
        const m: Record<string, string> = {};
        for (const f of MAPPABLE) m[f] = preview.mapping[f] ?? '';
        setMapping(m);
        setCrs(preview.crs ? '' : (preview.crsSuggestions[0]?.crs ?? ''));
        setLevelProfile(preview.levelProfile ?? null);
        setStage({ kind: 'preview', preview });
      })
      .catch((err) => live && setStage({ kind: 'finished', preview: null, text: describe(err), error: true }));
    return () => {
      live = false;
      if (polling.current !== null) window.clearTimeout(polling.current);
    };
    // The dialog is opened for one set of files; it is remounted for another.
  }, []);

  function phaseText(phase: string): string {
    if (knownPhases.has(phase)) return formatMessage(locale, phase as MessageKey, { file: baseName(files[0]) });
    return phase;
  }

  async function start(preview: ImportPreview) {
    if (!preview.crs && !crs) {
      setProblem(t('import.crsRequired'));
      return;
    }
    setProblem(null);
    const fieldMapping: FieldMapping = {};
    for (const f of MAPPABLE) fieldMapping[f] = mapping[f] ? mapping[f] : null;
    try {
      const { jobId } = await api.startImport({
        files,
        options: {
          // A drawn sheet has no columns to map: its parcels carry the project's fields already.
          ...(preview.sheetLevels ? (levelProfile ? { levelProfile } : {}) : { mapping: fieldMapping }),
          ...(preview.crs ? {} : { crs }),
          ...(commune.trim() ? { commune: commune.trim() } : {}),
          ...(sheet.trim() ? { sheet: sheet.trim() } : {}),
          ...(preview.layer ? { layer: preview.layer } : {}),
          ...(importAs !== 'parcels' ? { importAs } : {}),
        },
      });
      setStage({ kind: 'running', preview, jobId, status: null });
      poll(preview, jobId);
    } catch (err) {
      setStage({ kind: 'finished', preview, text: describe(err), error: true });
    }
  }

  function poll(preview: ImportPreview, jobId: string) {
    polling.current = window.setTimeout(async () => {
      try {
        const status = await api.jobStatus({ jobId });
        if (status.state === 'running') {
          setStage({ kind: 'running', preview, jobId, status });
          poll(preview, jobId);
        } else if (status.state === 'done') {
          const report = status.result as ImportReport;
          const imported = report.inputs.reduce((s, i) => s + i.imported, 0);
          const skipped = report.inputs.reduce((s, i) => s + i.skipped, 0);
          setStage({
            kind: 'finished',
            preview,
            error: false,
            text: t('import.done', { imported: formatCount(imported), skipped: formatCount(skipped), files: report.inputs.length, parcels: formatCount(report.parcels) }),
            report,
          });
          onImported(report);
        } else if (status.state === 'cancelled') {
          setStage({ kind: 'finished', preview, text: t('import.cancelled'), error: false });
        } else {
          const message = status.error ? errorText(locale, status.error) : status.phase;
          setStage({ kind: 'finished', preview, text: t('import.failed', { message }), error: true });
        }
      } catch (err) {
        setStage({ kind: 'finished', preview, text: describe(err), error: true });
      }
    }, POLL_MS);
  }

  const preview = stage.kind === 'inspecting' ? null : stage.preview;
  const running = stage.kind === 'running';
  // Once started, the choices are fixed: they describe what was imported.
  const locked = stage.kind !== 'preview';

  return (
    <Modal title={t('import.title')} onClose={running ? () => {} : onClose} wide>
      <p className="muted small">
        {t('import.files')}: {files.map(baseName).join(', ')}
      </p>
      {stage.kind === 'inspecting' ? <p role="status">{t('import.inspecting', { file: baseName(files[0]) })}</p> : null}
      {stage.kind === 'running' ? (
        <div className="job">
          <progress
            aria-label={t('import.progress')}
            max={Math.max(stage.status?.total ?? 0, 1)}
            value={stage.status?.total ? stage.status.done : undefined}
          />
          <span role="status">
            {stage.status
              ? t('import.progressText', { phase: phaseText(stage.status.phase), done: formatCount(stage.status.done), total: formatCount(stage.status.total) })
              : ''}
          </span>
        </div>
      ) : null}

      {stage.kind === 'finished' ? (
        <p className={stage.error ? 'form-problem' : 'form-ok'} role={stage.error ? 'alert' : 'status'}>
          {stage.text}
        </p>
      ) : null}
      {stage.kind === 'finished' && stage.report ? <SheetBuildSummary report={stage.report} /> : null}
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}


      {preview ? (
        <div className="import-grid">
          <dl className="facts">
            <dt>{t('import.format')}</dt>
            <dd>{preview.format}</dd>
            <dt>{t('import.features')}</dt>
            <dd>{formatCount(preview.features)}</dd>
            {preview.layer ? (
              <>
                <dt>{t('import.layer')}</dt>
                <dd>{preview.layer}</dd>
              </>
            ) : null}
            {preview.encoding ? (
              <>
                <dt>{t('import.encoding')}</dt>
                <dd>{preview.encoding}</dd>
              </>
            ) : null}
            <dt>{t('import.crs')}</dt>
            <dd>{preview.crs ? t('import.crsDetected', { crs: preview.crs }) : t('import.crsMissing')}</dd>
          </dl>

          {!preview.crs ? (
            <label className="field">
              <span>{t('import.crsPick')}</span>
              <select value={crs} onChange={(e) => setCrs(e.target.value)} disabled={locked}>
                <option value="">{t('import.crsPlaceholder')}</option>
                {preview.crsSuggestions.length ? (
                  <optgroup label={t('import.crsSuggested')}>
                    {preview.crsSuggestions.map((s) => (
                      <option key={`s-${s.crs}`} value={s.crs}>
                        {t('import.crsOption', { meridian: s.meridian, crs: s.crs, provinces: s.provinces.join(', ') })}
                      </option>
                    ))}
                  </optgroup>
                ) : null}
                <optgroup label={t('import.crsAll')}>
                  {VN2000_ZONES.map((z) => (
                    <option key={z.code} value={z.code}>
                      {t('import.crsOption', { meridian: z.meridianLabel ?? '', crs: z.code, provinces: z.provinces.join(', ') })}
                    </option>
                  ))}
                </optgroup>
              </select>
            </label>
          ) : null}

          <label className="field">
            <span>{t('import.as')}</span>
            <select value={importAs} onChange={(e) => setImportAs(e.target.value as ImportTarget)} disabled={locked}>
              <option value="parcels">{t('import.asParcels')}</option>
              <option value="sheet-frames">{t('import.asFrames')}</option>
              <option value="commune-boundary">{t('import.asBoundary')}</option>
            </select>
          </label>

          <div className="two-col">
            <label className="field">
              <span>{t('import.commune')}</span>
              <input type="text" inputMode="numeric" value={commune} onChange={(e) => setCommune(e.target.value)} disabled={locked} />
            </label>
            <label className="field">
              <span>{t('import.sheet')}</span>
              <input type="text" inputMode="numeric" value={sheet} onChange={(e) => setSheet(e.target.value)} disabled={locked} />
            </label>
          </div>

          {preview.sheetLevels && levelProfile ? (
            <LevelProfileStep
              api={api}
              preview={preview}
              profile={levelProfile}
              onChange={setLevelProfile}
              locked={locked}
              onError={(err) => setProblem(describe(err))}
            />
          ) : null}

          {preview.sheetLevels ? null : (
          <table className="mapping">
            <caption>{t('import.mapping')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.mappingField')}</th>
                <th scope="col">{t('import.mappingSource')}</th>
              </tr>
            </thead>
            <tbody>
              {MAPPABLE.map((f) => (
                <tr key={f}>
                  <th scope="row">
                    <label htmlFor={`map-${f}`}>{t(`field.${f}` as UiKey)}</label>
                  </th>
                  <td>
                    <select id={`map-${f}`} value={mapping[f] ?? ''} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })} disabled={locked}>
                      <option value="">{t('import.mappingNone')}</option>
                      {preview.fields.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          )}

          {preview.sample.length ? (
            <div className="sample-wrap">
              <table className="sample">
                <caption>{t('import.sample')}</caption>
                <thead>
                  <tr>
                    {preview.fields.map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.slice(0, 3).map((row, i) => (
                    <tr key={i}>
                      {preview.fields.map((c) => (
                        <td key={c}>{row[c] === null || row[c] === undefined ? '' : String(row[c])}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="form-actions">
        <span />
        {stage.kind === 'running' ? (
          <button type="button" onClick={() => void api.cancelJob({ jobId: stage.jobId }).catch((err) => setProblem(describe(err)))}>
            {t('import.cancelJob')}
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            {t('import.close')}
          </button>
        )}
        {stage.kind === 'preview' ? (
          <button type="button" className="primary" onClick={() => void start(stage.preview)}>
            {t('import.start')}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}
