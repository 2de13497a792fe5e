/**
 * The finding the user picked, drawn over the parcels: the overlap or gap polygon itself (not just a
 * point, which is what makes a finding checkable at a glance), the crossing point or the vertex.
 * A small canvas layer of its own, added to the map above the parcels.
 */
import Feature from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import type { Extent as OlExtent } from 'ol/extent.js';
import { buffer, extend, getHeight, getWidth } from 'ol/extent.js';
import type Geometry from 'ol/geom/Geometry.js';
import LineString from 'ol/geom/LineString.js';
import MultiLineString from 'ol/geom/MultiLineString.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import type { Geometry as FindingGeometry } from '../../shared/geo/geometry.js';

/** Name of the overlay layer (layers are found by their `name` property). */
export const FINDING_LAYER_NAME = 'finding';
/** Name of the layer outlining the parcel a repair would give the region to (choice rule 'ask'). */
export const CANDIDATE_LAYER_NAME = 'finding-candidate';

const COLOR = '#d0021b';
const CANDIDATE_COLOR = '#0057b8';

function olGeometry(g: FindingGeometry): Geometry {
  switch (g.type) {
    case 'Point':
      return new Point(g.coordinates);
    case 'LineString':
      return new LineString(g.coordinates);
    case 'MultiLineString':
      return new MultiLineString(g.coordinates);
    case 'Polygon':
      return new Polygon(g.coordinates);
    case 'MultiPolygon':
      return new MultiPolygon(g.coordinates);
  }
}

export class FindingOverlay {
  private readonly source = new VectorSource<Feature<Geometry>>();
  private readonly candidateSource = new VectorSource<Feature<Geometry>>();
  readonly layer: VectorLayer<VectorSource<Feature<Geometry>>>;
  readonly candidateLayer: VectorLayer<VectorSource<Feature<Geometry>>>;

  constructor(private readonly map: OlMap) {
    const point = new CircleStyle({ radius: 7, stroke: new Stroke({ color: COLOR, width: 3 }), fill: new Fill({ color: 'rgba(208,2,27,0.25)' }) });
    this.layer = new VectorLayer({
      source: this.source,
      properties: { name: FINDING_LAYER_NAME },
      zIndex: 100,
      style: [
        new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 5 }) }),
        new Style({ stroke: new Stroke({ color: COLOR, width: 2.5 }), fill: new Fill({ color: 'rgba(208,2,27,0.30)' }), image: point }),
      ],
    });
    // Below the finding (the region stays readable on top), a dashed blue outline with a light fill:
    // distinct from the selection's solid outline, so "would receive" is not mistaken for "selected".
    this.candidateLayer = new VectorLayer({
      source: this.candidateSource,
      properties: { name: CANDIDATE_LAYER_NAME },
      zIndex: 99,
      style: [
        new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 6 }) }),
        new Style({ stroke: new Stroke({ color: CANDIDATE_COLOR, width: 3, lineDash: [8, 5] }), fill: new Fill({ color: 'rgba(0,87,184,0.18)' }) }),
      ],
    });
    map.addLayer(this.candidateLayer);
    map.addLayer(this.layer);
  }

  /**
   * Outlines a candidate parcel (null clears it) and returns the extent of the candidate and the
   * drawn finding together, so the caller can bring both into view.
   */
  highlight(geometry: FindingGeometry | null): OlExtent | null {
    this.candidateSource.clear(true);
    if (!geometry) return null;
    this.candidateSource.addFeature(new Feature(olGeometry(geometry)));
    const own = this.candidateSource.getExtent();
    if (!own) return null;
    const extent = own.slice();
    const finding = this.source.getFeatures().length ? this.source.getExtent() : null;
    if (finding) extend(extent, finding);
    return extent;
  }

  /** Draws a finding (its geometry, and always its location point) and returns the extent to show. */
  show(finding: { geometry?: FindingGeometry; x: number; y: number }): OlExtent {
    this.source.clear(true);
    this.candidateSource.clear(true);
    const features: Feature<Geometry>[] = [];
    if (finding.geometry) features.push(new Feature(olGeometry(finding.geometry)));
    features.push(new Feature(new Point([finding.x, finding.y])));
    this.source.addFeatures(features);
    const extent = this.source.getExtent() ?? [finding.x, finding.y, finding.x, finding.y];
    // Slivers and spikes are centimetres wide: show at least some metres around them.
    const margin = Math.max(getWidth(extent), getHeight(extent), 15);
    return buffer(extent, margin);
  }

  clear(): void {
    this.source.clear(true);
    this.candidateSource.clear(true);
  }

  /** Features drawn now (for tests). */
  count(): number {
    return this.source.getFeatures().length;
  }

  dispose(): void {
    this.map.removeLayer(this.layer);
    this.map.removeLayer(this.candidateLayer);
  }
}
