/** ASCII DXF reader (pure TypeScript; see docs/dxf.md). */
export { readDxf } from './reader.js';
export { isBinaryDxf, isDwg } from './groups.js';
export { plainMText, plainText, declaredEncoding, chooseTextEncoding } from './text.js';
export { strokeArcEntity, strokeCircle, strokeBulge, arcVertexCount, ARC_STEP_DEGREES } from './stroke.js';
export type { DxfBlock, DxfCounts, DxfEntity, DxfFile, DxfHeader, DxfKind, DxfPoint, DxfReadOptions } from './types.js';
