/** Layer switches. The OSM basemap is off by default: many land offices work offline. */
import type { MapLayerName } from '../map/ParcelMap.js';
import { useI18n, type UiKey } from '../i18n/index.js';

export type LayerVisibility = Record<MapLayerName, boolean>;

const ROWS: { name: MapLayerName; label: UiKey }[] = [
  { name: 'parcels', label: 'layer.parcels' },
  { name: 'labels', label: 'layer.labels' },
  { name: 'basemap', label: 'layer.basemap' },
];

export function LayerPanel({ visible, onChange }: { visible: LayerVisibility; onChange(name: MapLayerName, on: boolean): void }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="panel-layers">
      <h2 id="panel-layers">{t('panel.layers')}</h2>
      <ul className="plain">
        {ROWS.map((row) => (
          <li key={row.name}>
            <label className="check">
              <input type="checkbox" checked={visible[row.name]} onChange={(e) => onChange(row.name, e.target.checked)} />
              <span>{t(row.label)}</span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
