/**
 * Layer switches. Sheet frames and the commune boundary are on (they explain the crosses-sheet and
 * boundary-gap findings); the OSM basemap is off by default: many land offices work offline.
 */
import type { MapLayerName } from '../map/ParcelMap.js';
import type { ReferenceLayerName } from '../map/referenceAreasLayer.js';
import { useI18n, type UiKey } from '../i18n/index.js';

/** Every switchable layer: the parcel map's own and the frame/boundary layers. */
export type LayerName = MapLayerName | ReferenceLayerName;
export type LayerVisibility = Record<LayerName, boolean>;

const ROWS: { name: LayerName; label: UiKey }[] = [
  { name: 'parcels', label: 'layer.parcels' },
  { name: 'labels', label: 'layer.labels' },
  { name: 'sheetFrames', label: 'layer.sheetFrames' },
  { name: 'communeBoundary', label: 'layer.communeBoundary' },
  { name: 'basemap', label: 'layer.basemap' },
];

export function LayerPanel({ visible, onChange }: { visible: LayerVisibility; onChange(name: LayerName, on: boolean): void }) {
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
