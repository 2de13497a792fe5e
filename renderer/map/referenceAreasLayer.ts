/**
 * Sheet frames (khung tờ bản đồ) and the commune boundary (địa giới hành chính xã) on the map: two thin
 * canvas line layers over the parcels, each switchable in the layer panel. They are what `crosses-sheet`
 * and the boundary `gap` check the parcels against, so seeing them explains those findings.
 *
 * - frames: a thin dark dashed line, the sheet number ("Tờ 3") inside the top-left corner once zoomed
 *   in far enough to read it;
 * - boundary: a thicker purple dash-dot line on a light casing, the colour and rhythm of the commune
 *   boundary on Vietnamese cadastral sheets.
 *
 * Coordinates arrive in the project CRS, which is the map view's projection, so nothing is transformed.
 * The layers are slotted in just below the selection overlay (above the parcel fills and labels).
 */
import Feature from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import type Geometry from 'ol/geom/Geometry.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type { AreaGeometry } from '../../shared/geo/geometry.js';
import type { Api } from '../../shared/ipc/contract.js';
import type { ReferenceAreas } from '../../shared/model/reference-area.js';

/** The two switchable layers, as the layer panel names them. */
export type ReferenceLayerName = 'sheetFrames' | 'communeBoundary';
export const REFERENCE_LAYER_NAMES: readonly ReferenceLayerName[] = ['sheetFrames', 'communeBoundary'];

/** The OpenLayers `name` property of each layer (tests find layers by it). */
export const SHEET_FRAMES_LAYER = 'sheet-frames';
export const COMMUNE_BOUNDARY_LAYER = 'commune-boundary';

/**
 * Coarsest resolution (m/pixel) at which the sheet number is written: about 1:10 000 on screen, where a
 * 500 m sheet is ~190 px wide. Further out the numbers would only crowd the whole-commune view.
 */
export const FRAME_LABEL_MAX_RESOLUTION = 2.6;

const FRAME_COLOR = '#2b2b2b';
const BOUNDARY_COLOR = '#7a2e8e';

export function isReferenceLayerName(name: string): name is ReferenceLayerName {
  return (REFERENCE_LAYER_NAMES as readonly string[]).includes(name);
}

function olArea(g: AreaGeometry): Polygon | MultiPolygon {
  return g.type === 'Polygon' ? new Polygon(g.coordinates) : new MultiPolygon(g.coordinates);
}

/** The upper-left corner of a geometry's extent, where the sheet number goes. */
function topLeft(feature: Feature<Geometry>): Point {
  const e = feature.getGeometry()!.getExtent();
  return new Point([e[0], e[3]]);
}

export class ReferenceAreasLayer {
  readonly framesLayer: VectorLayer<VectorSource<Feature<Geometry>>>;
  readonly boundaryLayer: VectorLayer<VectorSource<Feature<Geometry>>>;
  private readonly frameSource = new VectorSource<Feature<Geometry>>({ wrapX: false });
  private readonly boundarySource = new VectorSource<Feature<Geometry>>({ wrapX: false });
  /** Label styles by text, so a redraw does not build one per frame. */
  private readonly labelStyles = new Map<string, Style>();
  private generation = 0;

  /** `labelOf` writes a sheet number in the UI language ("Tờ 3" / "Sheet 3"). */
  constructor(
    private readonly map: OlMap,
    private labelOf: (sheetNo: string) => string,
  ) {
    const frameLine = new Style({ stroke: new Stroke({ color: FRAME_COLOR, width: 1.2, lineDash: [10, 6] }) });
    this.framesLayer = new VectorLayer({
      source: this.frameSource,
      properties: { name: SHEET_FRAMES_LAYER },
      updateWhileInteracting: false,
      style: (feature, resolution) => {
        const sheet = feature.get('sheetNo') as string | null;
        if (!sheet || resolution > FRAME_LABEL_MAX_RESOLUTION) return frameLine;
        const text = this.labelOf(sheet);
        let label = this.labelStyles.get(text);
        if (!label) {
          label = new Style({
            geometry: (f) => topLeft(f as Feature<Geometry>),
            text: new Text({
              text,
              font: 'bold 13px system-ui, sans-serif',
              textAlign: 'left',
              textBaseline: 'top',
              offsetX: 6,
              offsetY: 6,
              fill: new Fill({ color: FRAME_COLOR }),
              stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
            }),
          });
          this.labelStyles.set(text, label);
        }
        return [frameLine, label];
      },
    });
    this.boundaryLayer = new VectorLayer({
      source: this.boundarySource,
      properties: { name: COMMUNE_BOUNDARY_LAYER },
      updateWhileInteracting: false,
      style: [
        new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.8)', width: 5.5 }) }),
        new Style({ stroke: new Stroke({ color: BOUNDARY_COLOR, width: 3, lineDash: [16, 5, 3, 5] }) }),
      ],
    });
    const layers = map.getLayers();
    const selection = layers.getArray().findIndex((l) => l.get('name') === 'selection');
    const at = selection >= 0 ? selection : layers.getLength();
    // The boundary under the frames: where they coincide (the commune edge) the dashes stay visible.
    layers.insertAt(at, this.framesLayer);
    layers.insertAt(at, this.boundaryLayer);
  }

  /** Sets how sheet numbers are written (after a language change) and redraws them. */
  setLabel(labelOf: (sheetNo: string) => string): void {
    this.labelOf = labelOf;
    this.labelStyles.clear();
    this.framesLayer.changed();
  }

  /**
   * Reads the open project's frames and boundaries and shows them, replacing what was shown. A
   * slower earlier call that finishes later does not overwrite a newer one.
   */
  async load(api: Pick<Api, 'getReferenceAreas'>): Promise<ReferenceAreas | null> {
    const generation = ++this.generation;
    const areas = await api.getReferenceAreas({});
    if (generation !== this.generation) return null;
    this.show(areas);
    return areas;
  }

  /** Shows these frames and boundaries (in the project CRS), replacing what was shown. */
  show(areas: ReferenceAreas): void {
    this.frameSource.clear(true);
    this.boundarySource.clear(true);
    this.frameSource.addFeatures(
      areas.frames.map((f) => {
        const feature = new Feature<Geometry>({ sheetNo: f.sheetNo, sheetCode: f.sheetCode, scale: f.scale });
        feature.setGeometry(olArea(f.geometry));
        feature.setId(f.fid);
        return feature;
      }),
    );
    this.boundarySource.addFeatures(
      areas.boundaries.map((b) => {
        const feature = new Feature<Geometry>({ name: b.name, communeCode: b.communeCode });
        feature.setGeometry(olArea(b.geometry));
        feature.setId(b.fid);
        return feature;
      }),
    );
  }

  /** Empties both layers (no project, or a project being replaced). */
  clear(): void {
    this.generation++;
    this.frameSource.clear(true);
    this.boundarySource.clear(true);
  }

  setVisible(name: ReferenceLayerName, visible: boolean): void {
    (name === 'sheetFrames' ? this.framesLayer : this.boundaryLayer).setVisible(visible);
  }

  /** Frames and boundaries shown now. */
  counts(): { frames: number; boundaries: number } {
    return { frames: this.frameSource.getFeatures().length, boundaries: this.boundarySource.getFeatures().length };
  }

  dispose(): void {
    this.generation++;
    this.map.removeLayer(this.framesLayer);
    this.map.removeLayer(this.boundaryLayer);
  }
}
