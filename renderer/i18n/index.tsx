/**
 * UI language: Vietnamese by default, English selectable. Components read texts only through `t(key)`,
 * so a missing translation is a type error, not a blank label.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { vi, type UiKey } from './vi.js';
import { en } from './en.js';
import type { ErrorPayload } from '../../shared/errors.js';

export type UiLocale = 'vi' | 'en';
export type { UiKey };

/** Both catalogs, by locale. */
export const catalogs: Record<UiLocale, Record<UiKey, string>> = { vi, en };

/** Fills `{name}` placeholders; unknown placeholders stay visible so a mistake is noticed. */
export function translate(locale: UiLocale, key: UiKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale][key] ?? catalogs.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The service error text in the UI language. */
export function errorText(locale: UiLocale, payload: ErrorPayload): string {
  return locale === 'en' ? payload.messageEn || payload.message : payload.message || payload.messageEn;
}

const STORAGE_KEY = 'parceldesk.locale';

function initialLocale(): UiLocale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export interface I18n {
  locale: UiLocale;
  setLocale(locale: UiLocale): void;
  t(key: UiKey, params?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(initialLocale);
  const setLocale = useCallback((next: UiLocale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage can be disabled; the choice then lasts for this session only.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
