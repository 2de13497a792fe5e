/** The top toolbar: project, import, undo/redo, zoom and language. */
import type { HistoryState, ProjectInfo } from '../../shared/ipc/contract.js';
import { useI18n, type UiLocale } from '../i18n/index.js';

export interface ToolbarProps {
  project: ProjectInfo | null;
  history: HistoryState | null;
  busy: boolean;
  onOpenProject(): void;
  onOpenSample(): void;
  onImport(): void;
  onUndo(): void;
  onRedo(): void;
  onZoomProject(): void;
}

export function Toolbar(p: ToolbarProps) {
  const { t, locale, setLocale } = useI18n();
  const h = p.history;
  return (
    <header className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.title')}</span>
        <span className="project-name" title={p.project?.path}>
          {p.project ? p.project.name : t('project.none')}
          {p.project?.sample ? <span className="tag">{t('project.sampleTag')}</span> : null}
        </span>
      </div>
      <div className="toolbar-group">
        <button type="button" onClick={p.onOpenProject} disabled={p.busy}>
          {t('toolbar.openProject')}
        </button>
        <button type="button" onClick={p.onOpenSample} disabled={p.busy}>
          {t('toolbar.openSample')}
        </button>
        <button type="button" onClick={p.onImport} disabled={p.busy || !p.project}>
          {t('toolbar.import')}
        </button>
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          onClick={p.onUndo}
          disabled={p.busy || !h?.canUndo}
          aria-label={t('toolbar.undo')}
          title={h?.canUndo && h.undoLabel ? t('toolbar.undoWith', { label: h.undoLabel }) : t('toolbar.nothingToUndo')}
        >
          <span aria-hidden="true">↶ </span>
          {t('toolbar.undo')}
        </button>
        <button
          type="button"
          onClick={p.onRedo}
          disabled={p.busy || !h?.canRedo}
          aria-label={t('toolbar.redo')}
          title={h?.canRedo && h.redoLabel ? t('toolbar.redoWith', { label: h.redoLabel }) : t('toolbar.nothingToRedo')}
        >
          <span aria-hidden="true">↷ </span>
          {t('toolbar.redo')}
        </button>
        <button type="button" onClick={p.onZoomProject} disabled={!p.project}>
          {t('toolbar.zoomProject')}
        </button>
      </div>
      <div className="toolbar-spacer" />
      <label className="toolbar-lang">
        <span>{t('toolbar.language')}</span>
        <select value={locale} onChange={(e) => setLocale(e.target.value as UiLocale)}>
          <option value="vi">{t('lang.vi')}</option>
          <option value="en">{t('lang.en')}</option>
        </select>
      </label>
    </header>
  );
}
