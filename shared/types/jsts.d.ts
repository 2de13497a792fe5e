/**
 * Minimal types for the jsts 2.x deep ESM modules ParcelDesk uses (the package ships no types for
 * them). Only the members called by shared/repair are declared.
 */
declare module 'jsts/org/locationtech/jts/geom/Coordinate.js' {
  export default class Coordinate {
    constructor(x: number, y: number);
    x: number;
    y: number;
  }
}

declare module 'jsts/org/locationtech/jts/geom/Geometry.js' {
  import type Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
  export default class Geometry {
    getGeometryType(): string;
    isEmpty(): boolean;
    getArea(): number;
    getLength(): number;
    getNumGeometries(): number;
    getGeometryN(n: number): Geometry;
    getCoordinates(): Coordinate[];
    /** Polygon only. */
    getExteriorRing(): Geometry;
    /** Polygon only. */
    getNumInteriorRing(): number;
    /** Polygon only. */
    getInteriorRingN(n: number): Geometry;
  }
}

declare module 'jsts/org/locationtech/jts/geom/GeometryFactory.js' {
  import type Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
  import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
  export default class GeometryFactory {
    constructor();
    createLinearRing(coordinates: Coordinate[]): Geometry;
    createPolygon(shell: Geometry, holes: Geometry[]): Geometry;
    createMultiPolygon(polygons: Geometry[]): Geometry;
  }
}

declare module 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js' {
  import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
  export default class OverlayOp {
    static INTERSECTION: number;
    static UNION: number;
    static DIFFERENCE: number;
    static overlayOp(a: Geometry, b: Geometry, opCode: number): Geometry;
  }
}

declare module 'jsts/org/locationtech/jts/operation/overlay/snap/SnapIfNeededOverlayOp.js' {
  import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
  export default class SnapIfNeededOverlayOp {
    static overlayOp(a: Geometry, b: Geometry, opCode: number): Geometry;
  }
}

declare module 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js' {
  import type Geometry from 'jsts/org/locationtech/jts/geom/Geometry.js';
  export default class IsValidOp {
    constructor(g: Geometry);
    isValid(): boolean;
    getValidationError(): { getMessage(): string; toString(): string } | null;
  }
}
