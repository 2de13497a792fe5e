/** Help → About: version and shell, so a support call can start from facts. */
import type { AppInfo } from '../../shared/ipc/contract.js';
import { useI18n } from '../i18n/index.js';
import { Modal } from './Modal.js';

export function AboutDialog({ info, onClose }: { info: AppInfo; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('about.title')} onClose={onClose}>
      <dl className="facts">
        <dt>{t('about.version')}</dt>
        <dd>{info.version}</dd>
        <dt>{t('about.shell')}</dt>
        <dd>{info.shell === 'electron' ? t('about.shellDesktop') : t('about.shellWeb')}</dd>
      </dl>
      <p className="muted small">{t('about.text')}</p>
      <div className="form-actions">
        <span />
        <button type="button" className="primary" onClick={onClose}>
          {t('import.close')}
        </button>
      </div>
    </Modal>
  );
}
