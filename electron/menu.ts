/**
 * The native menu of the desktop app. Items do not act themselves: each sends one of the contract's
 * MENU_COMMANDS to the renderer, which runs it through the same `api` calls as its own buttons
 * (so Undo from the menu and Ctrl+Z in the map are one code path). Only Quit, the clipboard roles
 * and developer tools are handled natively.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/ipc/contract.js';
import { formatMessage, type Locale, type MessageKey } from '../shared/i18n/messages.js';

export interface MenuOptions {
  locale: Locale;
  /** Delivers a command to the renderer of the focused window. */
  send: (command: MenuCommand) => void;
  /** Called when the user switches language, so the shell can rebuild this menu in it. */
  onLocale?: (locale: Locale) => void;
  /** macOS keeps the application menu first. */
  isMac?: boolean;
  /** Offer developer tools (unpackaged builds only). */
  devTools?: boolean;
}

/** The menu template; main.ts turns it into a Menu with Menu.buildFromTemplate. */
export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const t = (key: MessageKey) => formatMessage(opts.locale, key, {});
  const command = (label: MessageKey, cmd: MenuCommand, extra: Partial<MenuItemConstructorOptions> = {}): MenuItemConstructorOptions => ({
    label: t(label),
    id: cmd,
    click: () => opts.send(cmd),
    ...extra,
  });
  const language = (label: MessageKey, cmd: 'lang-vi' | 'lang-en', locale: Locale): MenuItemConstructorOptions =>
    command(label, cmd, {
      type: 'radio',
      checked: opts.locale === locale,
      click: () => {
        opts.onLocale?.(locale);
        opts.send(cmd);
      },
    });

  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: t('menu.file'),
      submenu: [
        command('menu.openProject', 'open-project', { accelerator: 'CmdOrCtrl+O' }),
        command('menu.import', 'import', { accelerator: 'CmdOrCtrl+I' }),
        command('menu.openSample', 'open-sample'),
        { type: 'separator' },
        { label: t('menu.quit'), role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        command('menu.undo', 'undo', { accelerator: 'CmdOrCtrl+Z' }),
        command('menu.redo', 'redo', { accelerator: opts.isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y' }),
        { type: 'separator' },
        { label: t('menu.cut'), role: 'cut' },
        { label: t('menu.copy'), role: 'copy' },
        { label: t('menu.paste'), role: 'paste' },
        { label: t('menu.selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        language('menu.langVi', 'lang-vi', 'vi'),
        language('menu.langEn', 'lang-en', 'en'),
        ...(opts.devTools ? [{ type: 'separator' } as const, { label: t('menu.devTools'), role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: t('menu.help'),
      role: 'help',
      submenu: [command('menu.about', 'about')],
    },
  );
  return template;
}
