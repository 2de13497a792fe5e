/**
 * "Lỗi dựng thửa / Build findings": what building parcels from imported DGN/DXF sheets found
 * (faces without a label, labels outside faces, dangling lines…), read from pd_build_findings
 * through `buildFindings`. A click zooms the map to the finding and draws its geometry. The full
 * validation findings live in FindingsPanel; this list is only about the drawings.
 */
import { useEffect, useRef, useState } from 'react';
import type { Api, BuildFindingRow, ProjectInfo } from '../../shared/ipc/contract.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { formatCount } from '../map/coordinates.js';

/** Rows read at once; a sheet with more findings than this needs fixing in the drawing first. */
const PAGE = 500;

export interface BuildFindingsPanelProps {
  api: Api;
  project: ProjectInfo | null;
  /** Bumped after every change to the project (an import among them). */
  revision: number;
  onShow(row: BuildFindingRow): void;
  onError(err: unknown): void;
}

export function BuildFindingsPanel({ api, project, revision, onShow, onError }: BuildFindingsPanelProps) {
  const { t } = useI18n();
  const [rows, setRows] = useState<BuildFindingRow[]>([]);
  const [total, setTotal] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  useEffect(() => {
    if (!project) {
      setRows([]);
      setTotal(0);
      return;
    }
    let live = true;
    api
      .buildFindings({ limit: PAGE })
      .then((page) => {
        if (!live) return;
        setRows(page.rows);
        setTotal(page.total);
      })
      .catch((err) => live && onErrorRef.current(err));
    return () => {
      live = false;
    };
  }, [api, project?.path, revision]);

  const coord = (v: number) => v.toFixed(2);
  return (
    <section className="panel build-findings" aria-labelledby="panel-build-findings">
      <div className="findings-head">
        <h2 id="panel-build-findings">{t('buildFindings.title')}</h2>
        {total ? <span className="muted small">{t('buildFindings.count', { count: formatCount(total) })}</span> : null}
      </div>
      {rows.length === 0 ? (
        <p className="muted small">{t('buildFindings.empty')}</p>
      ) : (
        <ul className="plain build-findings-list" aria-label={t('buildFindings.list')}>
          {rows.map((r) => {
            const rule = t(`buildRule.${r.rule}` as UiKey);
            const params = { rule, sheet: r.sheetNo ?? '—', x: coord(r.x), y: coord(r.y) };
            return (
              <li key={r.id}>
                <button
                  type="button"
                  className={`link-row severity-${r.severity}${picked === r.id ? ' picked' : ''}`}
                  aria-label={t('buildFindings.zoomTo', params)}
                  aria-pressed={picked === r.id}
                  onClick={() => {
                    setPicked(r.id);
                    onShow(r);
                  }}
                >
                  <span>{t('buildFindings.item', params)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {total > rows.length ? <p className="muted small">{t('buildFindings.more', { shown: formatCount(rows.length), total: formatCount(total) })}</p> : null}
    </section>
  );
}
