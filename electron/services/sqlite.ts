/**
 * The one place that opens SQLite databases. Under Electron the main process has a different
 * native ABI than Node, so `npm start` builds an Electron copy of better-sqlite3's addon and passes
 * its path in PARCELDESK_SQLITE_BINDING (see electron/native-sqlite.ts); everywhere else (CLI, web,
 * tests, workers) the addon installed by `npm ci` is used.
 */
import Database from 'better-sqlite3';

export function openDatabase(file: string, options: Database.Options = {}): Database.Database {
  const binding = process.env.PARCELDESK_SQLITE_BINDING;
  return new Database(file, binding ? { ...options, nativeBinding: binding } : options);
}

export type { Database };
