/**
 * Attribute form of the selected parcel. Saving sends only the changed fields through
 * `updateParcelAttributes`, which is one command: one undo step and one audit-log row.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Parcel, ParcelAttributeName, ParcelAttributes } from '../../shared/model/parcel.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { formatMetres } from '../map/coordinates.js';
import { parseAreaInput } from './numberInput.js';

/** Form order: identification first, then land use and area, then address and legacy key. */
const FIELDS: { name: ParcelAttributeName; numeric?: boolean; readOnly?: boolean; list?: string }[] = [
  { name: 'parcel_id' },
  { name: 'commune_code' },
  { name: 'sheet_no' },
  { name: 'parcel_no' },
  { name: 'land_type', list: 'land-type-codes' },
  { name: 'land_type_legal', list: 'land-type-codes' },
  { name: 'area_legal', numeric: true },
  { name: 'area', numeric: true, readOnly: true },
  { name: 'address' },
  { name: 'legacy_key' },
];

type Draft = Record<ParcelAttributeName, string>;

function toDraft(p: Parcel): Draft {
  const d = {} as Draft;
  for (const f of FIELDS) {
    const v = p[f.name];
    d[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return d;
}

export interface AttributePanelProps {
  parcel: Parcel | null;
  landTypes: string[];
  busy: boolean;
  onSave(fid: number, changes: Partial<ParcelAttributes>): Promise<void>;
  onZoom(fid: number): void;
}

export function AttributePanel({ parcel, landTypes, busy, onSave, onZoom }: AttributePanelProps) {
  const { t } = useI18n();
  const original = useMemo(() => (parcel ? toDraft(parcel) : null), [parcel]);
  const [draft, setDraft] = useState<Draft | null>(original);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setDraft(original);
    setProblem(null);
  }, [original]);

  const dirty = !!(draft && original && FIELDS.some((f) => draft[f.name] !== original[f.name]));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!parcel || !draft || !original) return;
    const changes: Partial<ParcelAttributes> = {};
    for (const f of FIELDS) {
      if (f.readOnly || draft[f.name] === original[f.name]) continue;
      if (f.numeric) {
        const n = parseAreaInput(draft[f.name]);
        if (n === 'invalid') {
          setProblem(t('attr.badNumber', { field: t(`field.${f.name}` as UiKey), value: draft[f.name] }));
          return;
        }
        (changes as Record<string, unknown>)[f.name] = n;
      } else {
        const v = draft[f.name].trim();
        (changes as Record<string, unknown>)[f.name] = v === '' ? null : v;
      }
    }
    if (Object.keys(changes).length === 0) {
      setProblem(t('attr.noChanges'));
      return;
    }
    setProblem(null);
    await onSave(parcel.fid, changes);
  }

  return (
    <aside className="side side-right" aria-labelledby="panel-attributes">
      <section className="panel panel-grow">
        <h2 id="panel-attributes">{t('panel.attributes')}</h2>
        {!parcel || !draft ? (
          <p className="muted">{t('attr.none')}</p>
        ) : (
          <form className="attr-form" onSubmit={submit} aria-label={t('panel.attributes')}>
            <div className="attr-heading">
              <strong>{t('attr.heading', { sheet: parcel.sheet_no ?? '—', parcel: parcel.parcel_no ?? '—' })}</strong>
              <span className="muted small">{t('attr.fid', { fid: parcel.fid })}</span>
              <button type="button" className="link" onClick={() => onZoom(parcel.fid)}>
                {t('attr.zoomTo')}
              </button>
            </div>
            {FIELDS.map((f) => {
              const id = `attr-${f.name}`;
              const value = f.readOnly && f.numeric && parcel[f.name] !== null ? formatMetres(Number(parcel[f.name]), 2) : draft[f.name];
              return (
                <div className="field" key={f.name}>
                  <label htmlFor={id}>{t(`field.${f.name}` as UiKey)}</label>
                  <input
                    id={id}
                    type="text"
                    inputMode={f.numeric ? 'decimal' : undefined}
                    list={f.list}
                    readOnly={f.readOnly}
                    aria-readonly={f.readOnly || undefined}
                    className={f.readOnly ? 'readonly' : draft[f.name] !== original![f.name] ? 'changed' : undefined}
                    value={value}
                    onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}
                  />
                </div>
              );
            })}
            <datalist id="land-type-codes">
              {landTypes.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            {problem ? (
              <p className="form-problem" role="alert">
                {problem}
              </p>
            ) : null}
            <div className="form-actions">
              {dirty ? <span className="muted small">{t('attr.dirty')}</span> : <span />}
              <button type="button" onClick={() => setDraft(original)} disabled={!dirty || busy}>
                {t('attr.discard')}
              </button>
              <button type="submit" className="primary" disabled={busy}>
                {t('attr.save')}
              </button>
            </div>
          </form>
        )}
      </section>
    </aside>
  );
}
