/** What building parcels from the imported sheets gave: parcels built, findings per rule, reference levels. */
import type { ImportReport } from '../../shared/ipc/contract.js';
import { useI18n, type UiKey } from '../i18n/index.js';
import { formatCount } from '../map/coordinates.js';

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function SheetBuildSummary({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  const sheets = report.inputs.filter((i) => i.built !== undefined);
  if (sheets.length === 0) return null;
  return (
    <ul className="plain sheet-build">
      {sheets.map((i) => {
        const findings = Object.entries(i.findings ?? {}).filter(([, n]) => n > 0);
        return (
          <li key={i.file}>
            <p>{t('sheetBuild.result', { file: baseName(i.file), built: formatCount(i.built ?? 0), profile: i.profile ?? '—', sheet: i.sheet ?? '—' })}</p>
            <p className="small">
              {findings.length
                ? t('sheetBuild.findings', { list: findings.map(([rule, n]) => `${t(`buildRule.${rule}` as UiKey)} ${formatCount(n)}`).join(', ') })
                : t('sheetBuild.noFindings')}
            </p>
            {i.referenceLevels?.length ? <p className="small muted">{t('sheetBuild.reference', { levels: i.referenceLevels.join(', ') })}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}
