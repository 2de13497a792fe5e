/**
 * In-app file browser, used when the shell has no native file dialog (the loopback web bridge):
 * `chooseFiles` answers `native: false` and the files are picked here through `listDirectory`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Api, DirEntry } from '../../shared/ipc/contract.js';
import { useI18n } from '../i18n/index.js';
import { Modal } from './Modal.js';
import { ApiError } from '../platform/api.js';
import { errorText } from '../i18n/index.js';

export interface FileBrowserProps {
  api: Api;
  title: string;
  /** Lower-case extensions with the dot, e.g. [".gpkg"]; absent: the service's importable formats. */
  extensions?: string[];
  multiple: boolean;
  onChoose(paths: string[]): void;
  onCancel(): void;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function FileBrowser({ api, title, extensions, multiple, onChoose, onCancel }: FileBrowserProps) {
  const { t, locale } = useI18n();
  const [dir, setDir] = useState<{ path: string; parent: string | null; entries: DirEntry[] } | null>(null);
  const [typed, setTyped] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (path?: string) => {
      setLoading(true);
      try {
        const listing = await api.listDirectory({ path, extensions });
        const entries = [...listing.entries].sort((a, b) => (a.dir === b.dir ? a.name.localeCompare(b.name) : a.dir ? -1 : 1));
        setDir({ ...listing, entries });
        setTyped(listing.path);
        setSelected([]);
        setProblem(null);
      } catch (err) {
        setProblem(err instanceof ApiError ? errorText(locale, err.payload) : String(err));
      } finally {
        setLoading(false);
      }
    },
    [api, extensions, locale],
  );

  useEffect(() => {
    void load(undefined);
    // Only the first listing starts at the service's default folder; later ones follow the user.
  }, []);

  function toggle(entry: DirEntry) {
    if (!multiple) {
      setSelected([entry.path]);
      return;
    }
    setSelected((s) => (s.includes(entry.path) ? s.filter((p) => p !== entry.path) : [...s, entry.path]));
  }

  return (
    <Modal title={title} onClose={onCancel} wide>
      <form
        className="browser-path"
        onSubmit={(e) => {
          e.preventDefault();
          void load(typed.trim() || undefined);
        }}
      >
        <button type="button" onClick={() => dir?.parent && void load(dir.parent)} disabled={!dir?.parent || loading} aria-label={t('browser.up')} title={t('browser.up')}>
          ↑
        </button>
        <label className="grow">
          <span className="sr-only">{t('browser.path')}</span>
          <input type="text" value={typed} onChange={(e) => setTyped(e.target.value)} aria-label={t('browser.path')} />
        </label>
        <button type="submit" disabled={loading}>
          {t('browser.go')}
        </button>
      </form>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="browser-list" aria-busy={loading}>
        {loading && !dir ? <p className="muted">{t('browser.loading')}</p> : null}
        {dir && dir.entries.length === 0 ? <p className="muted">{t('browser.empty')}</p> : null}
        <ul className="plain" aria-label={t('browser.entries')}>
          {dir?.entries.map((entry) => (
            <li key={entry.path}>
              {entry.dir ? (
                <button type="button" className="entry dir" onClick={() => void load(entry.path)} aria-label={t('browser.folder', { name: entry.name })}>
                  <span className="icon-folder" aria-hidden="true" />
                  {entry.name}
                </button>
              ) : (
                <button
                  type="button"
                  className={selected.includes(entry.path) ? 'entry file selected' : 'entry file'}
                  aria-pressed={selected.includes(entry.path)}
                  aria-label={t('browser.file', { name: entry.name, size: formatSize(entry.size) })}
                  onClick={() => toggle(entry)}
                  onDoubleClick={() => onChoose(multiple ? Array.from(new Set([...selected, entry.path])) : [entry.path])}
                >
                  <span className="icon-file" aria-hidden="true" />
                  {entry.name}
                  <span className="muted small">{formatSize(entry.size)}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div className="form-actions">
        <span className="muted small">{t('browser.selected', { count: selected.length })}</span>
        <button type="button" onClick={onCancel}>
          {t('browser.cancel')}
        </button>
        <button type="button" className="primary" disabled={selected.length === 0} onClick={() => onChoose(selected)}>
          {t('browser.choose')}
        </button>
      </div>
    </Modal>
  );
}
