/**
 * Errors a user can act on. Services throw them with a stable code and parameters; the text is
 * produced from the message catalog (shared/i18n/messages.ts) in the user's language, so the same
 * failure reads the same in the app, the CLI and the tests.
 */
import { formatMessage, type Locale, type MessageKey } from './i18n/messages.js';

export class UserError extends Error {
  readonly code: MessageKey;
  readonly params: Record<string, string | number>;

  constructor(code: MessageKey, params: Record<string, string | number> = {}, locale: Locale = 'vi') {
    super(formatMessage(locale, code, params));
    this.name = 'UserError';
    this.code = code;
    this.params = params;
  }

  /** The message in another locale (the CLI and the app pick the user's). */
  text(locale: Locale): string {
    return formatMessage(locale, this.code, this.params);
  }
}

/** Raised when the user cancels a long job; never shown as a failure. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** An error that already crossed a thread or process boundary as a payload (e.g. from a worker). */
export class ForwardedError extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
    this.name = payload.code === 'job.cancelled' ? 'CancelledError' : 'ForwardedError';
  }
}

/** Serializable form of an error as it crosses IPC or the web bridge. */
export interface ErrorPayload {
  code: string;
  params: Record<string, string | number>;
  message: string;
  messageEn: string;
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof ForwardedError) return err.payload;
  if (err instanceof UserError) {
    return { code: err.code, params: err.params, message: err.text('vi'), messageEn: err.text('en') };
  }
  if (err instanceof CancelledError) {
    return {
      code: 'job.cancelled',
      params: {},
      message: formatMessage('vi', 'job.cancelled', {}),
      messageEn: formatMessage('en', 'job.cancelled', {}),
    };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    code: 'internal',
    params: { detail },
    message: formatMessage('vi', 'internal', { detail }),
    messageEn: formatMessage('en', 'internal', { detail }),
  };
}
