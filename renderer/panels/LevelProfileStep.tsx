/**
 * The level-profile step of the import dialog for a DGN/DXF sheet: every level of the drawing with
 * its element count and a role dropdown (ranh thửa, điểm nhãn, số thửa, loại đất, diện tích, khung,
 * tham chiếu…), a built-in profile to start from, and "save as the project's profile". The profile
 * shown is what the import will use; unnamed levels stay reference layers.
 */
import { useEffect, useRef, useState } from 'react';
import type { Api, ImportPreview } from '../../shared/ipc/contract.js';
import { setLevelRole } from '../../shared/sheet/edit-profile.js';
import { PROFILE_ROLES, roleOf, type LevelProfile, type LevelRole } from '../../shared/sheet/level-profile.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { formatCount } from '../map/coordinates.js';

/** Roles offered per level, in the order a technician thinks of them ('reference' = not named). */
export const ROLE_CHOICES: readonly LevelRole[] = [...PROFILE_ROLES.filter((r) => r !== 'ignore'), 'reference', 'ignore'];

export interface LevelProfileStepProps {
  api: Api;
  preview: ImportPreview;
  profile: LevelProfile;
  onChange(profile: LevelProfile): void;
  /** The import has started: the choices are fixed. */
  locked: boolean;
  onError(err: unknown): void;
}

export function LevelProfileStep({ api, preview, profile, onChange, locked, onError }: LevelProfileStepProps) {
  const { t } = useI18n();
  const [choices, setChoices] = useState<LevelProfile[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const levels = preview.sheetLevels ?? [];
  // The parent passes a new callback each render; the list is read once per dialog.
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  useEffect(() => {
    let live = true;
    api
      .listLevelProfiles({})
      .then((list) => live && setChoices(list.profiles))
      .catch((err) => live && onErrorRef.current(err));
    return () => {
      live = false;
    };
  }, [api]);

  const change = (next: LevelProfile) => {
    setSaved(null);
    onChange(next);
  };
  const pickBase = (name: string) => {
    const base = choices.find((p) => p.name === name);
    if (base) change(base);
  };
  const save = async () => {
    try {
      const list = await api.saveLevelProfile({ profile });
      setChoices(list.profiles);
      setSaved(profile.name);
    } catch (err) {
      onErrorRef.current(err);
    }
  };
  const hasBoundary = levels.some((l) => roleOf(profile, l.level) === 'boundary');
  const from = preview.levelProfileFrom === 'project' ? 'sheetProfile.fromProject' : 'sheetProfile.fitted';

  return (
    <section className="level-profile" aria-labelledby="level-profile-title">
      <h3 id="level-profile-title">{t('sheetProfile.title')}</h3>
      <p className="muted small">
        {t(from, { name: preview.levelProfile?.name ?? profile.name })} {t('sheetProfile.intro', { levels: levels.length })}
      </p>
      <div className="two-col">
        <label className="field">
          <span>{t('sheetProfile.base')}</span>
          <select value={choices.some((p) => p.name === profile.name) ? profile.name : ''} onChange={(e) => pickBase(e.target.value)} disabled={locked}>
            <option value="">—</option>
            {choices.map((p) => (
              <option key={p.name} value={p.name} title={p.description}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('sheetProfile.name')}</span>
          <input type="text" value={profile.name} maxLength={100} onChange={(e) => change({ ...profile, name: e.target.value })} disabled={locked} />
        </label>
      </div>
      <div className="level-table-wrap">
        <table className="mapping level-table">
          <thead>
            <tr>
              <th scope="col">{t('sheetProfile.level')}</th>
              <th scope="col" className="num">
                {t('sheetProfile.count')}
              </th>
              <th scope="col">{t('sheetProfile.role')}</th>
            </tr>
          </thead>
          <tbody>
            {levels.map((l) => {
              const role = roleOf(profile, l.level);
              return (
                <tr key={l.level} className={`role-${role}`}>
                  <th scope="row">{l.level}</th>
                  <td className="num">{formatCount(l.count)}</td>
                  <td>
                    <select
                      aria-label={t('sheetProfile.roleOf', { level: l.level })}
                      value={role}
                      onChange={(e) => change(setLevelRole(profile, l.level, e.target.value as LevelRole))}
                      disabled={locked}
                    >
                      {ROLE_CHOICES.map((r) => (
                        <option key={r} value={r}>
                          {t(`sheetRole.${r}` as UiKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!hasBoundary ? (
        <p className="form-problem" role="alert">
          {t('sheetProfile.noBoundary')}
        </p>
      ) : null}
      <div className="form-actions">
        <span role="status" className="form-ok">
          {saved ? t('sheetProfile.saved', { name: saved }) : ''}
        </span>
        <button type="button" onClick={() => void save()} disabled={locked || !profile.name.trim()}>
          {t('sheetProfile.save')}
        </button>
      </div>
    </section>
  );
}
