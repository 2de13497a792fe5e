/** Find a parcel by sheet number and parcel number (the way a certificate names it: "tờ 12, thửa 345"). */
import { useState, type FormEvent } from 'react';
import type { ParcelSummary } from '../../shared/ipc/contract.js';
import { useI18n } from '../i18n/index.js';

export interface SearchPanelProps {
  disabled: boolean;
  /** Runs the search; the panel lists the results when there is more than one. */
  onSearch(sheet: string, parcelNo: string): Promise<ParcelSummary[]>;
  onPick(summary: ParcelSummary): void;
}

export function SearchPanel({ disabled, onSearch, onPick }: SearchPanelProps) {
  const { t } = useI18n();
  const [sheet, setSheet] = useState('');
  const [parcelNo, setParcelNo] = useState('');
  const [results, setResults] = useState<ParcelSummary[]>([]);
  const [note, setNote] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const s = sheet.trim();
    const p = parcelNo.trim();
    setResults([]);
    if (!s && !p) {
      setNote(t('search.needInput'));
      return;
    }
    const found = await onSearch(s, p);
    if (found.length === 0) setNote(t('search.none', { sheet: s || '*', parcel: p || '*' }));
    else if (found.length === 1) {
      setNote(null);
      onPick(found[0]);
    } else {
      setNote(t('search.results', { count: found.length }));
      setResults(found);
    }
  }

  return (
    <section className="panel" aria-labelledby="panel-search">
      <h2 id="panel-search">{t('panel.search')}</h2>
      <form className="search-form" onSubmit={submit} aria-label={t('panel.search')}>
        <label>
          <span>{t('search.sheet')}</span>
          <input type="text" inputMode="numeric" value={sheet} onChange={(e) => setSheet(e.target.value)} disabled={disabled} />
        </label>
        <label>
          <span>{t('search.parcel')}</span>
          <input type="text" inputMode="numeric" value={parcelNo} onChange={(e) => setParcelNo(e.target.value)} disabled={disabled} />
        </label>
        <button type="submit" className="primary" disabled={disabled}>
          {t('search.submit')}
        </button>
      </form>
      {note ? (
        <p className="muted small" role="status">
          {note}
        </p>
      ) : null}
      {results.length > 1 ? (
        <ul className="plain result-list" aria-label={t('search.resultsLabel')}>
          {results.map((r) => (
            <li key={r.fid}>
              <button type="button" className="link-row" onClick={() => onPick(r)}>
                {t('search.result', { sheet: r.sheet_no ?? '—', parcel: r.parcel_no ?? '—', landType: r.land_type ?? '—' })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
