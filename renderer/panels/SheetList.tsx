/** Map sheets of the project with their parcel counts; a click zooms to the sheet. */
import type { SheetSummary } from '../../shared/ipc/contract.js';
import { useI18n } from '../i18n/index.js';
import { formatCount } from '../map/coordinates.js';

export function SheetList({ sheets, onZoom }: { sheets: SheetSummary[]; onZoom(sheet: string): void }) {
  const { t } = useI18n();
  return (
    <section className="panel panel-grow" aria-labelledby="panel-sheets">
      <h2 id="panel-sheets">{t('panel.sheets')}</h2>
      {sheets.length === 0 ? (
        <p className="muted">{t('sheets.empty')}</p>
      ) : (
        <ul className="plain sheet-list">
          {sheets.map((s) => {
            const name = s.sheet === '' ? t('sheets.noSheet') : t('sheets.item', { sheet: s.sheet });
            return (
              <li key={s.sheet}>
                <button
                  type="button"
                  className="sheet-row"
                  onClick={() => onZoom(s.sheet)}
                  aria-label={t('sheets.zoomTo', { sheet: s.sheet || t('sheets.noSheet'), count: s.parcels })}
                >
                  <span>{name}</span>
                  <span className="muted">{t('sheets.count', { count: formatCount(s.parcels) })}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
