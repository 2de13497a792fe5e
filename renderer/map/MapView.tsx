/**
 * React host of the OpenLayers map. The ParcelMap instance lives for the component's lifetime and is
 * handed to the parent through `onReady`, so panels can zoom, select and refresh without re-rendering
 * the map.
 */
import { useEffect, useRef } from 'react';
import { ParcelMap, type ParcelMapEvents } from './ParcelMap.js';
import { useI18n } from '../i18n/index.js';

export interface MapViewProps extends ParcelMapEvents {
  onReady(map: ParcelMap | null): void;
}

export function MapView(props: MapViewProps) {
  const { t } = useI18n();
  const target = useRef<HTMLDivElement>(null);
  // The handlers change identity on every render; the map keeps calling the latest ones.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!target.current) return;
    const map = new ParcelMap(target.current, {
      onSelect: (fid) => latest.current.onSelect(fid),
      onPointer: (c) => latest.current.onPointer(c),
      onLoadProgress: (d, n) => latest.current.onLoadProgress(d, n),
    });
    const resize = new ResizeObserver(() => map.updateSize());
    resize.observe(target.current);
    latest.current.onReady(map);
    return () => {
      resize.disconnect();
      latest.current.onReady(null);
      map.dispose();
    };
  }, []);

  return <div ref={target} className="map" role="application" aria-label={t('map.label')} tabIndex={0} />;
}
