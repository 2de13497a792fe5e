/**
 * The first parcel pages, asked for while the app itself is still loading. The renderer entry
 * (main.tsx) calls {@link prefetchParcelPages} before it downloads and runs the React/OpenLayers
 * bundle, so the services build the pages during those hundreds of milliseconds instead of after
 * them (docs/ui.md, "Render path"). Nothing here imports OpenLayers or React: this module is part
 * of the small entry chunk.
 *
 * The pages are only a head start: ParcelMap takes them once, for the first project it opens, and
 * only when the first page says it belongs to that project (same parcel count); otherwise they
 * are dropped and asked for again. A prefetch that fails (no project open yet) is ignored.
 */
import type { Api } from '../../shared/ipc/contract.js';

/** Parcels per getParcelLayer page: large enough to keep round trips few, small enough to show progress. */
export const PARCEL_PAGE_SIZE = 20_000;
/** Parcels in the first page: small, so the renderer starts while the services build the next pages. */
export const FIRST_PAGE_SIZE = 5_000;
/** Pages requested before the first of them is read: the services work on one while the next travels. */
export const PAGES_IN_FLIGHT = 2;

/** One requested page: its bytes (still travelling) and how many parcels were asked for. */
export interface PendingPage {
  bytes: Promise<ArrayBuffer>;
  limit: number;
}

let prefetched: PendingPage[] | null = null;

/** Size of the page that starts at `offset` parcels in (the first is smaller). */
export function pageLimit(offset: number): number {
  return offset === 0 ? FIRST_PAGE_SIZE : PARCEL_PAGE_SIZE;
}

/** Asks for the first pages of whatever project the services have open. */
export function prefetchParcelPages(api: Api): void {
  const pages: PendingPage[] = [];
  let offset = 0;
  for (let i = 0; i < PAGES_IN_FLIGHT; i++) {
    const limit = pageLimit(offset);
    const bytes = api.getParcelLayer({ offset, limit });
    // Nobody may ever read a prefetch (no project open, another one opened): never unhandled.
    bytes.catch(() => undefined);
    pages.push({ bytes, limit });
    offset += limit;
  }
  prefetched = pages;
}

/** The prefetched pages, once; null when there are none or they were taken. */
export function takePrefetchedPages(): PendingPage[] | null {
  const pages = prefetched;
  prefetched = null;
  return pages;
}
