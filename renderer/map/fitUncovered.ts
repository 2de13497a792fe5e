/**
 * Fitting the view when a floating panel lies over the lower part of the map (the "Hỏi tôi" repair
 * picker, marked `data-covers-map`): what the user is asked to look at must land in the part of the
 * map still visible above the panel, not under it.
 */
import type OlMap from 'ol/Map.js';
import { boundingExtent, containsExtent, isEmpty, type Extent } from 'ol/extent.js';

/** Pixels at the bottom of the map hidden by a floating panel (0 when there is none). */
export function coveredBottom(map: OlMap): number {
  const panel = document.querySelector('[data-covers-map]');
  const target = map.getTargetElement();
  if (!panel || !target) return 0;
  const covered = target.getBoundingClientRect().bottom - panel.getBoundingClientRect().top;
  const height = map.getSize()?.[1] ?? 0;
  // A panel covering (nearly) all of the map leaves nothing to fit into: ignore it then.
  return covered > 0 && covered < height * 0.75 ? covered : 0;
}

/** The map extent visible above the covering panel. */
export function uncoveredExtent(map: OlMap): Extent | null {
  const size = map.getSize();
  if (!size) return null;
  const bottom = size[1] - coveredBottom(map);
  const a = map.getCoordinateFromPixel([0, 0]);
  const b = map.getCoordinateFromPixel([size[0], bottom]);
  return a && b ? boundingExtent([a, b]) : null;
}

/**
 * Fits `extent` into the uncovered part of the map with `padding` pixels around it. With
 * `onlyIfHidden` the view stays where it is when the extent is already fully visible (moving the
 * map on every arrow key would lose the user's bearings).
 */
export function fitUncovered(map: OlMap, extent: Extent, padding: number, onlyIfHidden = false): void {
  if (isEmpty(extent)) return;
  if (onlyIfHidden) {
    const visible = uncoveredExtent(map);
    if (visible && containsExtent(visible, extent)) return;
  }
  const covered = coveredBottom(map);
  map.getView().fit(extent, {
    padding: [padding, padding, padding + covered, padding],
    size: map.getSize(),
    // Same floor as ParcelMap.fit: a small region should not fill the whole screen.
    minResolution: 0.05,
  });
}
