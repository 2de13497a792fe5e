import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/ipc/contract.js';
import type { Locale } from '../../../shared/i18n/messages.js';
import { buildMenuTemplate } from '../../../electron/menu.js';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((top) => [top, ...items(Array.isArray(top.submenu) ? top.submenu : [])]);
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as unknown as () => void)();
}

describe('application menu', () => {
  it('has the Vietnamese menus by default', () => {
    const template = buildMenuTemplate({ locale: 'vi', send: () => {} });
    expect(template.map((m) => m.label)).toEqual(['Tệp', 'Sửa', 'Xem', 'Trợ giúp']);
    const labels = items(template).map((i) => i.label);
    for (const label of ['Mở dự án…', 'Nhập bản đồ…', 'Mở dự án mẫu', 'Thoát', 'Hoàn tác', 'Làm lại', 'Tiếng Việt', 'English', 'Giới thiệu ParcelDesk']) {
      expect(labels).toContain(label);
    }
  });

  it('offers every menu command exactly once and delivers it on click', () => {
    const sent: MenuCommand[] = [];
    const template = buildMenuTemplate({ locale: 'en', send: (c) => sent.push(c) });
    const commandItems = items(template).filter((i) => i.id && (MENU_COMMANDS as readonly string[]).includes(i.id));
    expect(commandItems.map((i) => i.id).sort()).toEqual([...MENU_COMMANDS].sort());
    commandItems.forEach(click);
    expect(sent.sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('binds Ctrl+Z / Ctrl+Y to undo and redo, Quit to the quit role', () => {
    const all = items(buildMenuTemplate({ locale: 'vi', send: () => {} }));
    expect(all.find((i) => i.id === 'undo')?.accelerator).toBe('CmdOrCtrl+Z');
    expect(all.find((i) => i.id === 'redo')?.accelerator).toBe('Ctrl+Y');
    expect(all.find((i) => i.label === 'Thoát')?.role).toBe('quit');
    expect(all.some((i) => i.role === 'toggleDevTools')).toBe(false);
    const mac = buildMenuTemplate({ locale: 'vi', send: () => {}, isMac: true, devTools: true });
    expect(mac[0]!.role).toBe('appMenu');
    expect(items(mac).find((i) => i.id === 'redo')?.accelerator).toBe('Shift+Cmd+Z');
    expect(items(mac).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('switches language: tells the shell and the renderer, and marks the current one', () => {
    const locales: Locale[] = [];
    const sent: MenuCommand[] = [];
    const template = buildMenuTemplate({ locale: 'vi', send: (c) => sent.push(c), onLocale: (l) => locales.push(l) });
    const english = items(template).find((i) => i.id === 'lang-en')!;
    expect(items(template).find((i) => i.id === 'lang-vi')!.checked).toBe(true);
    expect(english.checked).toBe(false);
    click(english);
    expect(locales).toEqual(['en']);
    expect(sent).toEqual(['lang-en']);
    expect(buildMenuTemplate({ locale: 'en', send: () => {} }).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });
});
