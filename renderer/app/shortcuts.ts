/**
 * Global keyboard shortcuts. Kept as a pure function of the key event so the mapping is tested without
 * a browser. Inside text fields the browser's own text undo wins: Ctrl+Z there undoes typing, not the
 * last saved command.
 */

export type ShortcutAction = 'undo' | 'redo';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Ctrl+Z -> undo; Ctrl+Y and Ctrl+Shift+Z -> redo (Cmd instead of Ctrl on macOS). */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/** True when the focused element edits text, so the browser's own undo should run. */
export function isTextEditing(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') return true;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}
