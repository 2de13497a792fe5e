/** Bottom status bar: parcel count, layer loading, CRS, cursor position (VN-2000 metres), last message. */
import type { ProjectInfo } from '../../shared/ipc/contract.js';
import { useI18n } from '../i18n/index.js';
import { formatCount, northingEasting } from '../map/coordinates.js';
import type { ParcelRendererChoice } from '../map/rendererChoice.js';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export interface StatusBarProps {
  project: ProjectInfo | null;
  loading: { done: number; total: number } | null;
  cursor: [number, number] | null;
  notice: Notice | null;
  /** Which renderer draws the parcel fills, so a tester can see it (null before the map exists). */
  renderer: ParcelRendererChoice | null;
  onDismiss(): void;
}

const RENDERER_REASON = {
  forced: 'status.rendererForced',
  gpu: 'status.rendererGpu',
  'software-webgl': 'status.rendererSoftware',
  'no-webgl': 'status.rendererNoWebgl',
} as const;

export function StatusBar({ project, loading, cursor, notice, renderer, onDismiss }: StatusBarProps) {
  const { t } = useI18n();
  const ne = cursor ? northingEasting(cursor) : null;
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span className="status-cell">
        <output aria-label={t('status.parcels')} className="count">
          {project ? formatCount(project.parcels) : '—'}
        </output>{' '}
        {t('status.parcelsUnit')}
      </span>
      {loading && loading.done < loading.total ? (
        <span className="status-cell">
          <progress max={loading.total} value={loading.done} aria-label={t('map.loading', { done: loading.done, total: loading.total })} />{' '}
          {t('map.loading', { done: formatCount(loading.done), total: formatCount(loading.total) })}
        </span>
      ) : null}
      <span className="status-cell" title={project?.proj4}>
        {t('status.crs')}: <output aria-label={t('status.crs')}>{project ? `VN-2000 · ${project.crs}` : '—'}</output>
      </span>
      <span className="status-cell status-coords">
        <output aria-label={t('status.cursor')}>
          {ne ? (
            <>
              <span className="axis">{t('status.northing')}</span> {ne.northing}
              <span className="axis">{t('status.easting')}</span> {ne.easting}
            </>
          ) : (
            '—'
          )}
        </output>
      </span>
      {renderer ? (
        <span className="status-cell" title={t(RENDERER_REASON[renderer.reason], { gpu: renderer.gpu ?? '—' })}>
          <output aria-label={t('status.renderer')}>
            {t('status.rendererValue', { renderer: renderer.kind === 'webgl' ? 'WebGL' : 'Canvas' })}
          </output>
        </span>
      ) : null}
      <span className="status-spacer" />
      {notice ? (
        <span className={`status-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} aria-label={t('status.message')}>
          {notice.text}
          <button type="button" className="icon" onClick={onDismiss} aria-label={t('status.dismiss')}>
            ×
          </button>
        </span>
      ) : (
        <span role="status" aria-label={t('status.message')} />
      )}
    </footer>
  );
}
