/**
 * Reading importable files straight into the topology engine's {@link ParcelSet}, without writing a
 * project: `parceldesk validate <file>` checks a delivery as it is. The parcels go through exactly
 * the import's reading, reprojection and field mapping ({@link importOne}), and get the fids an
 * import into a new project would give them (1, 2, … in reading order), so the findings are the
 * same as validating the imported project — only the GeoPackage write and re-read are saved.
 */
import type { CrsDef } from '../../../shared/geo/crs.js';
import { toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import type { ImportInputReport } from '../../../shared/ipc/contract.js';
import { ParcelSetBuilder, type ParcelSet } from '../../../shared/topology/parcel-set.js';
import { importOne, NO_PROGRESS, type ImportRequest, type ProgressSink } from './import-pipeline.js';
import { openSource } from './open-source.js';
import { validateProfile } from '../../../shared/sheet/level-profile.js';

export interface ParcelsInMemory {
  set: ParcelSet;
  inputs: ImportInputReport[];
}

/** Every parcel of `req.files` in `target`'s CRS. Throws UserError naming the file on bad input. */
export function readParcelsInMemory(req: ImportRequest, target: CrsDef, sink: ProgressSink = NO_PROGRESS): ParcelsInMemory {
  const builder = new ParcelSetBuilder();
  const inputs: ImportInputReport[] = [];
  let fid = 0;
  const { layer, encoding, profile, sheet } = req.options;
  const levelProfile = req.options.levelProfile ? validateProfile(req.options.levelProfile) : undefined;
  for (const file of req.files) {
    const source = openSource(file, { layer, encoding, profile, levelProfile, savedProfile: null, sheet });
    try {
      inputs.push(
        importOne(
          source,
          target,
          req.options,
          (geometry, attrs) => {
            // The project stores every parcel as a MultiPolygon; the engine sees the same shape here.
            builder.add(++fid, toMultiPolygon(geometry), {
              communeCode: attrs.commune_code,
              sheetNo: attrs.sheet_no,
              parcelNo: attrs.parcel_no,
              landType: attrs.land_type,
              areaLegal: attrs.area_legal,
            });
          },
          sink,
        ),
      );
    } finally {
      source.close();
    }
  }
  return { set: builder.build(), inputs };
}
