/**
 * Renderer entry, kept small on purpose: it asks the services for the first parcel pages, then
 * loads the app (React, OpenLayers). The services build the pages while the browser downloads and
 * compiles the big chunk, which is most of the time before the map can draw (docs/ui.md).
 */
import { api } from './platform/api.js';
import { prefetchParcelPages } from './map/pagePrefetch.js';

prefetchParcelPages(api);
void import('./boot.js');
