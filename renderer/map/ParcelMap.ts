/**
 * The OpenLayers side of the map, kept out of React: React owns the panels, this class owns the map.
 *
 * Layers, bottom to top:
 * - optional OSM basemap (off by default; offices are often offline);
 * - bulk parcel layer: fills only, `WebGLVectorLayer` on a hardware GPU, canvas `VectorLayer` otherwise
 *   (rendererChoice.ts), colours from resources/styles/parcels.json;
 * - label layer: canvas `VectorLayer` on the same source, styled by ol-mapbox-style from the same JSON's
 *   symbol layers, switched off above the labels' coarsest resolution;
 * - selection overlay: a small canvas layer holding only the selected parcel.
 */
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import VectorSource from 'ol/source/Vector.js';
import VectorLayer from 'ol/layer/Vector.js';
import WebGLVectorLayer from 'ol/layer/WebGLVector.js';
import TileLayer from 'ol/layer/Tile.js';
import OSM from 'ol/source/OSM.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Zoom from 'ol/control/Zoom.js';
import { Style, Stroke, Fill } from 'ol/style.js';
import { buffer, createEmpty, extend, isEmpty, getCenter, getHeight, getWidth, type Extent as OlExtent } from 'ol/extent.js';
import type Geometry from 'ol/geom/Geometry.js';
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import type BaseLayer from 'ol/layer/Base.js';
import { stylefunction } from 'ol-mapbox-style';
import type { Api, ProjectInfo } from '../../shared/ipc/contract.js';
import { decodeParcelLayerPage, type ParcelLayerPage } from '../../shared/ipc/parcel-layer-page.js';
import type RenderFeature from 'ol/render/Feature.js';
import type { Parcel } from '../../shared/model/parcel.js';
import type { Extent } from '../../shared/geo/geometry.js';
import glStyleJson from '../../resources/styles/parcels.json';
import { parcelFlatStyle, labelLayerIds, labelMaxResolution, outlineLayerIds, outlineMaxResolution, type GlStyle } from './parcelStyle.js';
import { geometryFromArea, geometryOfRenderFeature, renderFeatureOfGeometry, renderFeatureOfPageParcel } from './geometry.js';
import { registerProjectCrs } from './projection.js';
import { FILL_CLASS_PROPERTY, fillClasses, webglFillStyle } from './fillClasses.js';
import { chooseParcelRenderer, probeWebgl, type ParcelRendererChoice } from './rendererChoice.js';
import { PAGES_IN_FLIGHT, pageLimit, takePrefetchedPages, type PendingPage } from './pagePrefetch.js';

/** The parcel style document (resources/styles/parcels.json). */
export const parcelGlStyle = glStyleJson as unknown as GlStyle;

export type MapLayerName = 'parcels' | 'labels' | 'basemap';

export interface ParcelMapEvents {
  /** A parcel was clicked (fid) or empty map was clicked (null). */
  onSelect(fid: number | null): void;
  /** Pointer moved over the map: [easting, northing] in project metres, or null when it left. */
  onPointer(coordinate: [number, number] | null): void;
  /** Loading progress of the parcel layer. */
  onLoadProgress(done: number, total: number): void;
}

/** The style's fill colours, numbered for the WebGL layer (see fillClasses.ts for why). */
const parcelFillClasses = fillClasses(parcelGlStyle);

function featuresOfPage(page: ParcelLayerPage): RenderFeature[] {
  const features: RenderFeature[] = [];
  for (let i = 0; i < page.count; i++) {
    const props = parcelProperties(page.sheetNo(i), page.parcelNo(i), page.landType(i), page.area(i));
    const feature = renderFeatureOfPageParcel(page, i, props, page.fids[i]);
    if (feature) features.push(feature);
  }
  return features;
}

function parcelProperties(sheet: string | null, parcel: string | null, landType: string | null, area: number | null) {
  // WebGL styles hash string properties; empty strings keep null out of the match expression.
  const props: Record<string, string | number> = { sheet_no: sheet ?? '', parcel_no: parcel ?? '', land_type: landType ?? '', area: area ?? 0 };
  // Added in place rather than spread into a copy: this runs once per parcel on loading.
  props[FILL_CLASS_PROPERTY] = parcelFillClasses.classOf(props);
  return props;
}

/**
 * Records one step of loading the parcel layer as a User Timing measure (tests/bench reads them to
 * show where the time goes); returns the end time.
 */
function measure(name: string, start: number): number {
  const end = performance.now();
  performance.measure(name, { start, end });
  return end;
}

const LOAD_STEPS = ['parcels:wait', 'parcels:decode', 'parcels:features', 'parcels:add'];

function clearLoadMeasures(): void {
  for (const name of LOAD_STEPS) performance.clearMeasures(name);
}

export class ParcelMap {
  readonly map: OlMap;
  /** The bulk parcels as RenderFeatures (immutable: an edit replaces the parcel's feature). */
  readonly source = new VectorSource<RenderFeature>({ wrapX: false });
  /** The renderer of the parcel fills and why it was chosen (shown in the status bar). */
  readonly renderer: ParcelRendererChoice;
  private readonly parcelLayer: BaseLayer;
  private readonly labelLayer: VectorLayer<VectorSource<RenderFeature>>;
  private readonly outlineLayer: VectorLayer<VectorSource<RenderFeature>>;
  private readonly selectionSource = new VectorSource<Feature<Geometry>>();
  private readonly basemapLayer: TileLayer<OSM>;
  private projectExtent: Extent | null = null;
  private loadGeneration = 0;
  private selectedFid: number | null = null;
  private basemapErrorShown = false;
  /** Called once per switch-on when basemap tiles fail (offline, or the shell's CSP does not allow the host). */
  onBasemapError: (() => void) | null = null;

  constructor(target: HTMLElement, private readonly events: ParcelMapEvents) {
    // WebGL on a hardware GPU; canvas on software WebGL (slower there) or without WebGL;
    // `?renderer=webgl|canvas` forces one.
    this.renderer = chooseParcelRenderer(window.location.search, probeWebgl());
    // The bulk layer draws fills only; outlines come from a canvas layer that only works when zoomed
    // in (see outlineMaxResolution): at commune scale 100k outlines would hide the land-use colours
    // and cost most of the frame. The WebGL fill reads the numbered colour class, not the land-use
    // match, which OpenLayers' shader would compare inexactly (fillClasses.ts).
    this.parcelLayer = this.renderer.kind === 'webgl'
      ? new WebGLVectorLayer({
          source: this.source,
          style: webglFillStyle(parcelFillClasses),
          disableHitDetection: true,
          properties: { name: 'parcels' },
        })
      : new VectorLayer({ source: this.source, style: parcelFlatStyle(parcelGlStyle, { outline: false }), properties: { name: 'parcels' } });
    this.outlineLayer = new VectorLayer({
      source: this.source,
      visible: true,
      maxResolution: outlineMaxResolution(parcelGlStyle),
      properties: { name: 'outlines' },
      updateWhileInteracting: false,
    });
    stylefunction(this.outlineLayer, parcelGlStyle, outlineLayerIds(parcelGlStyle));

    this.labelLayer = new VectorLayer({
      source: this.source,
      declutter: true,
      maxResolution: labelMaxResolution(parcelGlStyle),
      properties: { name: 'labels' },
      updateWhileInteracting: false,
    });
    stylefunction(this.labelLayer, parcelGlStyle, labelLayerIds(parcelGlStyle));

    const selectionLayer = new VectorLayer({
      source: this.selectionSource,
      properties: { name: 'selection' },
      style: [
        new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.95)', width: 6 }) }),
        new Style({
          stroke: new Stroke({ color: '#0b6bcb', width: 3 }),
          fill: new Fill({ color: 'rgba(11,107,203,0.18)' }),
        }),
      ],
    });

    const osm = new OSM();
    osm.on('tileloaderror', () => {
      if (this.basemapErrorShown) return;
      this.basemapErrorShown = true;
      this.onBasemapError?.();
    });
    this.basemapLayer = new TileLayer({ source: osm, visible: false, properties: { name: 'basemap' } });

    this.map = new OlMap({
      target,
      layers: [this.basemapLayer, this.parcelLayer, this.outlineLayer, this.labelLayer, selectionLayer],
      controls: [new Zoom(), new ScaleLine({ units: 'metric', bar: true, steps: 4, text: true, minWidth: 120 })],
      view: new View({ center: [0, 0], zoom: 2 }),
    });

    // Picking by geometry (R-tree of the source + point-in-polygon) instead of WebGL hit detection:
    // exact, and the WebGL layer is spared a second render pass into a hit buffer on every frame.
    this.map.on('singleclick', (evt) => {
      if (!this.parcelLayer.getVisible()) return this.events.onSelect(null);
      const hits = this.source.getFeaturesAtCoordinate(evt.coordinate);
      // Where parcels overlap (a data error), the smallest one is the one the user can see is meant.
      let best: RenderFeature | null = null;
      let bestArea = Infinity;
      for (const f of hits) {
        // RenderFeatures come back for every box that holds the point: test the shape itself.
        const g = geometryOfRenderFeature(f);
        if (!g || !g.intersectsCoordinate(evt.coordinate)) continue;
        const area = g.getArea();
        if (area < bestArea || !best) {
          best = f;
          bestArea = area;
        }
      }
      const id = best?.getId();
      this.events.onSelect(id === undefined ? null : Number(id));
    });
    this.map.on('pointermove', (evt) => {
      if (evt.dragging) return;
      this.events.onPointer([evt.coordinate[0], evt.coordinate[1]]);
    });
    this.map.getViewport()?.addEventListener('pointerleave', () => this.events.onPointer(null));
  }

  /** Switches the view to the project's CRS and extent and (re)loads every parcel page. */
  async openProject(api: Api, info: ProjectInfo): Promise<void> {
    const generation = ++this.loadGeneration;
    let total = info.parcels;
    // Pages are requested ahead (the services build the next while this thread turns the last into
    // features) and all parcels go into the source in one addFeatures: every addFeatures makes the
    // WebGL layer rebuild the buffers of all its parcels, and a frame drawn in between costs as
    // much as the wait it would fill (docs/ui.md, "Render path"). The progress bar shows the loading.
    const pages: PendingPage[] = [];
    let requested = 0;
    const request = () => {
      // A small first page gets this thread working while the services build the next ones.
      const limit = pageLimit(requested);
      pages.push({ bytes: api.getParcelLayer({ offset: requested, limit }), limit });
      requested += limit;
    };
    const requestAhead = () => {
      while (requested < total && pages.length < PAGES_IN_FLIGHT) request();
    };
    const abandon = () => {
      // Answers nobody waits for any more must not surface as unhandled rejections.
      for (const p of pages.splice(0)) p.bytes.catch(() => undefined);
    };
    // The pages the entry asked for while the app loaded, when they are this project's.
    const prefetched = await usablePrefetch(info);
    if (generation !== this.loadGeneration) return;
    if (prefetched) {
      for (const p of prefetched) {
        pages.push(p);
        requested += p.limit;
      }
    } else {
      // At least one page even when the project info says 0 parcels: it may be older than the layer.
      // Asked for before the view is set up and the old parcels are cleared, so the services start at once.
      request();
    }
    requestAhead();
    const features: RenderFeature[] = [];
    clearLoadMeasures();
    try {
      const projection = registerProjectCrs(info.crs, info.proj4);
      this.source.clear(true);
      this.selectionSource.clear(true);
      this.selectedFid = null;
      this.projectExtent = info.extent;
      const view = new View({ projection, center: info.extent ? getCenter(info.extent) : [500000, 1000000], zoom: 12 });
      this.map.setView(view);
      this.zoomToProject();
      this.events.onLoadProgress(0, total);
      while (pages.length) {
        let t = performance.now();
        const { bytes: next, limit } = pages.shift()!;
        const bytes = await next;
        t = measure('parcels:wait', t);
        if (generation !== this.loadGeneration) return abandon();
        const page = decodeParcelLayerPage(bytes);
        t = measure('parcels:decode', t);
        total = page.total;
        requestAhead();
        const pageFeatures = featuresOfPage(page);
        t = measure('parcels:features', t);
        for (const f of pageFeatures) features.push(f);
        this.events.onLoadProgress(Math.min(page.offset + page.count, total), total);
        // The layer ended early: parcels were deleted while it loaded.
        if (page.count < limit) abandon();
      }
    } catch (err) {
      abandon();
      throw err;
    }
    const t = performance.now();
    if (features.length) this.source.addFeatures(features);
    measure('parcels:add', t);
  }

  /** Fits the view to the project extent (or to the loaded parcels when the project has no extent). */
  zoomToProject(): void {
    const extent = this.projectExtent ?? (this.source.getFeatures().length ? this.source.getExtent() : null);
    if (extent) this.fit(extent, 40);
  }

  /** Fits the view to an extent in project metres, with padding in pixels. */
  fit(extent: Extent | OlExtent, padding = 60, maxZoom?: number): void {
    if (isEmpty(extent)) return;
    const size = this.map.getSize();
    this.map.getView().fit(extent as OlExtent, {
      padding: [padding, padding, padding, padding],
      size,
      // A single small parcel should not fill the whole screen.
      minResolution: 0.05,
      maxZoom,
    });
  }

  /**
   * Shows one parcel with its neighbours around it: a parcel is identified by where it lies, so
   * filling the screen with it alone would hide the context a technician checks.
   */
  zoomToParcel(extent: Extent | OlExtent): void {
    const margin = Math.max(getWidth(extent), getHeight(extent), 20);
    this.fit(buffer(extent, margin), 20);
  }

  /** Union of the extents of the loaded parcels of one sheet, or null when none is loaded. */
  sheetExtent(sheet: string): OlExtent | null {
    const extent = createEmpty();
    let found = false;
    this.source.forEachFeature((f) => {
      if (f.get('sheet_no') === sheet) {
        extend(extent, f.getExtent());
        found = true;
      }
    });
    return found ? extent : null;
  }

  /** Extent of a loaded parcel, or null. */
  parcelExtent(fid: number): OlExtent | null {
    return this.parcelFeature(fid)?.getExtent() ?? null;
  }

  /** Shows the selected parcel in the overlay (null clears it). */
  select(parcel: Parcel | null): void {
    this.selectionSource.clear(true);
    this.selectedFid = parcel?.fid ?? null;
    if (!parcel) return;
    const loaded = this.parcelFeature(parcel.fid);
    const geometry = geometryFromArea(parcel.geometry) ?? (loaded ? geometryOfRenderFeature(loaded) : null);
    if (!geometry) return;
    const feature = new Feature<Geometry>({ fid: parcel.fid });
    feature.setGeometry(geometry);
    this.selectionSource.addFeature(feature);
  }

  /** Re-reads one parcel into the bulk layer after an edit, undo or redo. */
  refreshParcel(parcel: Parcel): void {
    const feature = this.parcelFeature(parcel.fid);
    // Without a new shape the parcel keeps the one it has (only its attributes changed).
    const geometry = geometryFromArea(parcel.geometry) ?? (feature ? geometryOfRenderFeature(feature) : null);
    const props = parcelProperties(parcel.sheet_no, parcel.parcel_no, parcel.land_type, parcel.area);
    if (feature) this.source.removeFeature(feature);
    if (geometry) this.source.addFeature(renderFeatureOfGeometry(geometry, props, parcel.fid));
    if (this.selectedFid === parcel.fid) this.select(parcel);
  }

  /** Removes a parcel that no longer exists (an undone creation). */
  removeParcel(fid: number): void {
    const feature = this.parcelFeature(fid);
    if (feature) this.source.removeFeature(feature);
    if (this.selectedFid === fid) this.select(null);
  }

  /** The bulk layer's feature of a parcel (the source lists RenderFeatures sharing an id together). */
  parcelFeature(fid: number): RenderFeature | null {
    const found = this.source.getFeatureById(fid);
    return (Array.isArray(found) ? found[0] : found) ?? null;
  }

  setLayerVisible(name: MapLayerName, visible: boolean): void {
    const layer = name === 'parcels' ? this.parcelLayer : name === 'labels' ? this.labelLayer : this.basemapLayer;
    if (name === 'parcels') this.outlineLayer.setVisible(visible);
    if (name === 'basemap' && visible) this.basemapErrorShown = false;
    layer.setVisible(visible);
  }

  /** Pixel of a map coordinate, for tests and tooltips. */
  pixelOf(coordinate: [number, number]): [number, number] | null {
    const px = this.map.getPixelFromCoordinate(coordinate);
    return px ? [px[0], px[1]] : null;
  }

  /** Keeps the map canvas matched to its container after panel layout changes. */
  updateSize(): void {
    this.map.updateSize();
  }

  dispose(): void {
    this.loadGeneration++;
    this.map.setTarget(undefined);
    this.map.dispose();
  }
}

/**
 * The prefetched pages (see pagePrefetch.ts) when the first of them belongs to the project being
 * opened: it arrived, and its parcel count is the project's. Anything else drops them.
 */
async function usablePrefetch(info: ProjectInfo): Promise<PendingPage[] | null> {
  const pages = takePrefetchedPages();
  if (!pages || pages.length === 0) return null;
  try {
    const first = decodeParcelLayerPage(await pages[0].bytes);
    if (first.offset !== 0 || first.total !== info.parcels) return null;
    return pages;
  } catch {
    return null;
  }
}
