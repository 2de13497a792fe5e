/**
 * The ParcelDesk window: toolbar on top, layers/search/sheets on the left, the map in the centre, the
 * attribute form on the right and the status bar at the bottom. All data comes through `api` calls of
 * the contract; every change goes through a service command (one undo step, one audit row).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryState, ImportReport, ParcelSummary, ProjectInfo, MenuCommand, AppInfo } from '../../shared/ipc/contract.js';
import type { Parcel, ParcelAttributes } from '../../shared/model/parcel.js';
import { api, ApiError, onMenuCommand } from '../platform/api.js';
import { I18nProvider, useI18n, errorText, type UiKey } from '../i18n/index.js';
import { MapView } from '../map/MapView.js';
import { parcelGlStyle, type ParcelMap } from '../map/ParcelMap.js';
import { landTypeCodes } from '../map/parcelStyle.js';
import type { ParcelRendererChoice } from '../map/rendererChoice.js';
import { Toolbar } from '../panels/Toolbar.js';
import { LayerPanel, type LayerName, type LayerVisibility } from '../panels/LayerPanel.js';
import { SheetList } from '../panels/SheetList.js';
import { SearchPanel } from '../panels/SearchPanel.js';
import { AttributePanel } from '../panels/AttributePanel.js';
import { StatusBar, type Notice } from '../panels/StatusBar.js';
import { FileBrowser } from '../panels/FileBrowser.js';
import { ImportDialog } from '../panels/ImportDialog.js';
import { AboutDialog } from '../panels/AboutDialog.js';
import { FindingsPanel } from '../panels/FindingsPanel.js';
import { BuildFindingsPanel } from '../panels/BuildFindingsPanel.js';
import { FindingOverlay } from '../map/findingOverlay.js';
import { ReferenceAreasLayer, isReferenceLayerName } from '../map/referenceAreasLayer.js';
import type { FindingItem, RepairCandidateInfo } from '../../shared/ipc/validation.js';
import { fitUncovered } from '../map/fitUncovered.js';
import { shortcutFor, isTextEditing } from './shortcuts.js';
import { installTestHook } from './testHook.js';

type Browsing = { purpose: 'open-project' | 'import' } | null;

export function App() {
  return (
    <I18nProvider>
      <Workspace />
    </I18nProvider>
  );
}

function Workspace() {
  const { t, locale, setLocale } = useI18n();
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [history, setHistory] = useState<HistoryState | null>(null);
  const [parcel, setParcel] = useState<Parcel | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [cursor, setCursor] = useState<[number, number] | null>(null);
  const [loading, setLoading] = useState<{ done: number; total: number } | null>(null);
  const [renderer, setRenderer] = useState<ParcelRendererChoice | null>(null);
  const [layers, setLayers] = useState<LayerVisibility>({ parcels: true, labels: true, sheetFrames: true, communeBoundary: true, basemap: false });
  const [browsing, setBrowsing] = useState<Browsing>(null);
  const [importFiles, setImportFiles] = useState<string[] | null>(null);
  const [about, setAbout] = useState<AppInfo | null>(null);
  const mapRef = useRef<ParcelMap | null>(null);
  const overlayRef = useRef<FindingOverlay | null>(null);
  const referenceRef = useRef<ReferenceAreasLayer | null>(null);
  /** Bumped after every change to the project, so the findings list is read again. */
  const [revision, setRevision] = useState(0);
  const projectRef = useRef<ProjectInfo | null>(null);
  const started = useRef(false);
  const landTypes = useMemo(() => landTypeCodes(parcelGlStyle), []);

  const fail = useCallback(
    (err: unknown) => {
      const text = err instanceof ApiError ? errorText(locale, err.payload) : err instanceof Error ? err.message : String(err);
      setNotice({ kind: 'error', text });
    },
    [locale],
  );
  const info = useCallback((key: UiKey, params?: Record<string, string | number>) => setNotice({ kind: 'info', text: t(key, params) }), [t]);

  /** Runs one service call with the busy flag set, reporting failures in the status bar. */
  const run = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await work();
      } catch (err) {
        fail(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fail],
  );

  const showProject = useCallback(async (next: ProjectInfo, announce: boolean) => {
    projectRef.current = next;
    setProject(next);
    setHistory(next.history);
    setParcel(null);
    setRevision((r) => r + 1);
    overlayRef.current?.clear();
    if (announce) info('project.opened', { name: next.name });
    const map = mapRef.current;
    if (map) {
      map.select(null);
      // Frames and boundary beside the parcel pages (an import may have loaded new ones).
      const reference = referenceRef.current?.load(api).catch(fail);
      await map.openProject(api, next);
      await reference;
    }
  }, [info, fail]);

  /** Re-reads the project summary (parcel count, sheets, history) after a change. */
  const refreshInfo = useCallback(async () => {
    const next = await api.projectInfo({});
    setRevision((r) => r + 1);
    if (next) {
      projectRef.current = next;
      setProject(next);
      setHistory(next.history);
    }
  }, []);

  // Startup: the open project, or the bundled sample so a first-time user sees a real commune at once.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run(async () => {
      const current = (await api.projectInfo({})) ?? (await api.openSampleProject({}));
      await showProject(current, false);
    });
  }, [run, showProject]);

  const selectFid = useCallback(
    async (fid: number | null, zoom: boolean) => {
      if (fid === null) {
        setParcel(null);
        mapRef.current?.select(null);
        return;
      }
      await run(async () => {
        const p = await api.getParcel({ fid });
        setParcel(p);
        mapRef.current?.select(p);
        if (zoom) {
          const ext = mapRef.current?.parcelExtent(fid) ?? null;
          if (ext) mapRef.current?.zoomToParcel(ext);
        }
      });
    },
    [run],
  );

  const afterHistoryStep = useCallback(
    async (changed: number[]) => {
      const map = mapRef.current;
      for (const fid of changed) {
        try {
          const p = await api.getParcel({ fid });
          map?.refreshParcel(p);
          if (parcel && p.fid === parcel.fid) setParcel(p);
        } catch (err) {
          // An undone creation leaves no parcel behind: drop it from the map and the form.
          if (err instanceof ApiError && err.payload.code === 'parcel.notFound') {
            map?.removeParcel(fid);
            if (parcel?.fid === fid) setParcel(null);
          } else throw err;
        }
      }
      await refreshInfo();
    },
    [parcel, refreshInfo],
  );

  const undo = useCallback(async () => {
    if (!history?.canUndo || busy) return;
    await run(async () => {
      const step = await api.undo({});
      setHistory(step.history);
      await afterHistoryStep(step.changed);
      info('history.undone', { label: step.label });
    });
  }, [history, busy, run, afterHistoryStep, info]);

  const redo = useCallback(async () => {
    if (!history?.canRedo || busy) return;
    await run(async () => {
      const step = await api.redo({});
      setHistory(step.history);
      await afterHistoryStep(step.changed);
      info('history.redone', { label: step.label });
    });
  }, [history, busy, run, afterHistoryStep, info]);

  const save = useCallback(
    async (fid: number, changes: Partial<ParcelAttributes>) => {
      await run(async () => {
        const result = await api.updateParcelAttributes({ fid, changes });
        setParcel(result.parcel);
        setHistory(result.history);
        mapRef.current?.refreshParcel(result.parcel);
        info('attr.saved', { parcel: result.parcel.parcel_no ?? String(fid) });
        await refreshInfo();
      });
    },
    [run, info, refreshInfo],
  );

  const openProjectPath = useCallback(
    async (path: string) => {
      await run(async () => showProject(await api.openProject({ path }), true));
    },
    [run, showProject],
  );

  const openProject = useCallback(async () => {
    const chosen = await run(() => api.chooseFiles({ purpose: 'open-project' }));
    if (!chosen) return;
    if (!chosen.native) setBrowsing({ purpose: 'open-project' });
    else if (chosen.paths[0]) await openProjectPath(chosen.paths[0]);
  }, [run, openProjectPath]);

  const openSample = useCallback(async () => {
    await run(async () => showProject(await api.openSampleProject({}), true));
  }, [run, showProject]);

  const startImport = useCallback(async () => {
    if (!projectRef.current) {
      info('import.noProject');
      return;
    }
    const chosen = await run(() => api.chooseFiles({ purpose: 'import' }));
    if (!chosen) return;
    if (!chosen.native) setBrowsing({ purpose: 'import' });
    else if (chosen.paths.length) setImportFiles(chosen.paths);
  }, [run, info]);

  const imported = useCallback(
    async (_report: ImportReport) => {
      await run(async () => {
        const next = await api.projectInfo({});
        if (next) await showProject(next, false);
      });
    },
    [run, showProject],
  );

  const search = useCallback(
    async (sheet: string, parcelNo: string): Promise<ParcelSummary[]> =>
      (await run(() => api.searchParcels({ ...(sheet ? { sheet } : {}), ...(parcelNo ? { parcelNo } : {}), limit: 200 }))) ?? [],
    [run],
  );

  const pick = useCallback(
    async (s: ParcelSummary) => {
      if (s.extent) mapRef.current?.zoomToParcel(s.extent);
      await selectFid(s.fid, !s.extent);
    },
    [selectFid],
  );

  const zoomToSheet = useCallback(
    async (sheet: string) => {
      const local = mapRef.current?.sheetExtent(sheet);
      if (local) {
        mapRef.current?.fit(local, 40);
        return;
      }
      // The layer is still loading: ask the service for the sheet's parcels instead.
      const found = await run(() => api.searchParcels({ sheet, limit: 100_000 }));
      const extents = (found ?? []).map((f) => f.extent).filter((e): e is NonNullable<typeof e> => !!e);
      if (extents.length) {
        const union: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
        for (const e of extents) {
          union[0] = Math.min(union[0], e[0]);
          union[1] = Math.min(union[1], e[1]);
          union[2] = Math.max(union[2], e[2]);
          union[3] = Math.max(union[3], e[3]);
        }
        mapRef.current?.fit(union, 40);
      }
    },
    [run],
  );

  const setLayer = useCallback((name: LayerName, on: boolean) => {
    setLayers((l) => ({ ...l, [name]: on }));
    if (isReferenceLayerName(name)) referenceRef.current?.setVisible(name, on);
    else mapRef.current?.setLayerVisible(name, on);
  }, []);

  // Sheet numbers on the frames follow the UI language.
  useEffect(() => {
    referenceRef.current?.setLabel((sheet) => t('layer.frameLabel', { sheet }));
  }, [t]);

  const menu = useCallback(
    (command: MenuCommand) => {
      switch (command) {
        case 'open-project':
          return void openProject();
        case 'import':
          return void startImport();
        case 'open-sample':
          return void openSample();
        case 'undo':
          return void undo();
        case 'redo':
          return void redo();
        case 'lang-vi':
          return setLocale('vi');
        case 'lang-en':
          return setLocale('en');
        case 'about':
          return void run(async () => setAbout(await api.appInfo({})));
      }
    },
    [openProject, startImport, openSample, undo, redo, setLocale, run],
  );
  const menuRef = useRef(menu);
  menuRef.current = menu;
  useEffect(() => onMenuCommand((c) => menuRef.current(c)), []);

  // Global shortcuts: Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z, except while typing in a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action || isTextEditing(document.activeElement)) return;
      e.preventDefault();
      void (action === 'undo' ? undo() : redo());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  /** A finding picked in the findings panel: draw it and bring it into view. */
  const showFinding = useCallback((item: Pick<FindingItem, 'x' | 'y'> & { geometry?: FindingItem['geometry'] | null }) => {
    const extent = overlayRef.current?.show({ x: item.x, y: item.y, geometry: item.geometry ?? undefined });
    const map = mapRef.current;
    if (extent && map) fitUncovered(map.map, extent, 20);
  }, []);

  /** A candidate of the "ask me" picker: outline it, and bring it into view with the finding if it is not. */
  const highlightCandidate = useCallback((c: RepairCandidateInfo | null) => {
    const extent = overlayRef.current?.highlight(c?.geometry ?? null);
    const map = mapRef.current;
    if (extent && map) fitUncovered(map.map, extent, 40, true);
  }, []);

  /** A repair or exception change made from the findings panel. */
  const findingsEdited = useCallback(
    (next: HistoryState, changed: number[]) => {
      setHistory(next);
      // The drawn finding was repaired away: do not leave its old shape on the map.
      if (changed.length > 0) overlayRef.current?.clear();
      void run(() => afterHistoryStep(changed));
    },
    [run, afterHistoryStep],
  );

  const onMapReady = useCallback((map: ParcelMap | null) => {
    mapRef.current = map;
    overlayRef.current?.dispose();
    overlayRef.current = map ? new FindingOverlay(map.map) : null;
    referenceRef.current?.dispose();
    referenceRef.current = map ? new ReferenceAreasLayer(map.map, (sheet) => t('layer.frameLabel', { sheet })) : null;
    installTestHook(map);
    setRenderer(map?.renderer ?? null);
    if (map) {
      map.onBasemapError = () => setNotice({ kind: 'error', text: t('layer.basemapFailed') });
      if (projectRef.current) {
        void map.openProject(api, projectRef.current).catch(fail);
        void referenceRef.current?.load(api).catch(fail);
      }
    }
  }, [t, fail]);

  return (
    <div className="app">
      <Toolbar
        project={project}
        history={history}
        busy={busy}
        onOpenProject={() => void openProject()}
        onOpenSample={() => void openSample()}
        onImport={() => void startImport()}
        onUndo={() => void undo()}
        onRedo={() => void redo()}
        onZoomProject={() => mapRef.current?.zoomToProject()}
      />
      <div className="workspace">
        <aside className="side side-left" aria-label={t('panel.left')}>
          <LayerPanel visible={layers} onChange={setLayer} />
          <SearchPanel disabled={!project} onSearch={search} onPick={(s) => void pick(s)} />
          <FindingsPanel
            api={api}
            project={project}
            revision={revision}
            busy={busy}
            onShow={showFinding}
            onHighlight={highlightCandidate}
            onEdited={findingsEdited}
            onInfo={(text) => setNotice({ kind: 'info', text })}
            onError={fail}
          />
          <BuildFindingsPanel api={api} project={project} revision={revision} onShow={showFinding} onError={fail} />
          <SheetList sheets={project?.sheets ?? []} onZoom={(s) => void zoomToSheet(s)} />
        </aside>
        <main className="map-wrap">
          <MapView
            onReady={onMapReady}
            onSelect={(fid) => void selectFid(fid, false)}
            onPointer={setCursor}
            onLoadProgress={(done, total) => setLoading({ done, total })}
          />
        </main>
        <AttributePanel parcel={parcel} landTypes={landTypes} busy={busy} onSave={save} onZoom={(fid) => void selectFid(fid, true)} />
      </div>
      <StatusBar project={project} loading={loading} cursor={cursor} notice={notice} renderer={renderer} onDismiss={() => setNotice(null)} />

      {browsing ? (
        <FileBrowser
          api={api}
          title={browsing.purpose === 'open-project' ? t('browser.titleOpen') : t('browser.titleImport')}
          extensions={browsing.purpose === 'open-project' ? ['.gpkg'] : undefined}
          multiple={browsing.purpose === 'import'}
          onCancel={() => setBrowsing(null)}
          onChoose={(paths) => {
            const purpose = browsing.purpose;
            setBrowsing(null);
            if (purpose === 'open-project') void openProjectPath(paths[0]);
            else setImportFiles(paths);
          }}
        />
      ) : null}
      {importFiles ? <ImportDialog api={api} files={importFiles} onClose={() => setImportFiles(null)} onImported={(r) => void imported(r)} /> : null}
      {about ? <AboutDialog info={about} onClose={() => setAbout(null)} /> : null}
    </div>
  );
}
