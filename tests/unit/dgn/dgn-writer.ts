/**
 * A small DGN V7 writer for tests: builds design files element by element so the reader can be
 * tested on every element type (arcs, curves, cells, text nodes, complex chains, 3D, multi-byte
 * text) without third-party files, and so GDAL can be asked what it reads from the same bytes.
 * Only what the reader looks at is filled in; ranges are computed so GDAL's extents make sense.
 */

export interface WriterUnits {
  dimension: 2 | 3;
  masterName: string;
  subName: string;
  subPerMaster: number;
  uorPerSub: number;
  /** Global origin in UOR. */
  origin: [number, number, number];
}

/** Little-endian 16-bit word. */
export function putU16(a: Uint8Array, p: number, v: number): void {
  a[p] = v & 0xff;
  a[p + 1] = (v >>> 8) & 0xff;
}

/** 32-bit integer in middle-endian (PDP-11) order. */
export function putI32(a: Uint8Array, p: number, v: number): void {
  const u = v >>> 0;
  a[p] = (u >>> 16) & 0xff;
  a[p + 1] = (u >>> 24) & 0xff;
  a[p + 2] = u & 0xff;
  a[p + 3] = (u >>> 8) & 0xff;
}

/** IEEE double to VAX D-float (exact for values whose exponent fits, which covers test data). */
export function putVax(a: Uint8Array, p: number, v: number): void {
  if (v === 0) {
    a.fill(0, p, p + 8);
    return;
  }
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  const ihi = dv.getUint32(0);
  const ilo = dv.getUint32(4);
  const sign = ihi & 0x80000000;
  const exp = ((ihi >>> 20) & 0x7ff) - 1023 + 129;
  const hi = (sign | (exp << 23) | ((ihi & 0xfffff) << 3) | (ilo >>> 29)) >>> 0;
  const lo = (ilo << 3) >>> 0;
  a[p] = (hi >>> 16) & 0xff;
  a[p + 1] = (hi >>> 24) & 0xff;
  a[p + 2] = hi & 0xff;
  a[p + 3] = (hi >>> 8) & 0xff;
  a[p + 4] = (lo >>> 16) & 0xff;
  a[p + 5] = (lo >>> 24) & 0xff;
  a[p + 6] = lo & 0xff;
  a[p + 7] = (lo >>> 8) & 0xff;
}

export interface Symbology {
  level?: number;
  color?: number;
  weight?: number;
  style?: number;
  graphicGroup?: number;
  properties?: number;
  deleted?: boolean;
  complex?: boolean;
}

/** An element as bytes, plus the UOR coordinates it spans (for the range words). */
export interface RawElement {
  bytes: Uint8Array;
}

type Pt = number[]; // UOR integers: [x, y] or [x, y, z]

/** An element, or a complex element as its header followed by its components. */
export type Component = Uint8Array | Uint8Array[];

export class DgnTestWriter {
  private readonly parts: Uint8Array[] = [];
  constructor(readonly units: WriterUnits) {}

  get is3d(): boolean {
    return this.units.dimension === 3;
  }

  /** Element header (+ display header) of `bodyLength` bytes after byte 36. */
  private element(type: number, s: Symbology, body: Uint8Array, range: Pt[]): Uint8Array {
    const len = 36 + body.length + (body.length % 2);
    const a = new Uint8Array(len);
    a[0] = ((s.level ?? 1) & 0x3f) | (s.complex ? 0x80 : 0);
    a[1] = (type & 0x7f) | (s.deleted ? 0x80 : 0);
    putU16(a, 2, (len - 4) / 2);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (const p of range) {
      for (let i = 0; i < 3; i++) {
        const v = p[i] ?? 0;
        lo[i] = Math.min(lo[i]!, v);
        hi[i] = Math.max(hi[i]!, v);
      }
    }
    for (let i = 0; i < 3; i++) {
      putI32(a, 4 + 4 * i, ((range.length ? lo[i]! : 0) + 2147483648) | 0);
      putI32(a, 16 + 4 * i, ((range.length ? hi[i]! : 0) + 2147483648) | 0);
    }
    putU16(a, 28, s.graphicGroup ?? 0);
    putU16(a, 30, 0);
    putU16(a, 32, s.properties ?? 0);
    a[34] = ((s.style ?? 0) & 7) | (((s.weight ?? 0) & 31) << 3);
    a[35] = s.color ?? 0;
    a.set(body, 36);
    return a;
  }

  private putPt(a: Uint8Array, p: number, pt: Pt): number {
    putI32(a, p, pt[0]!);
    putI32(a, p + 4, pt[1]!);
    if (this.is3d) {
      putI32(a, p + 8, pt[2] ?? 0);
      return p + 12;
    }
    return p + 8;
  }

  private get ps(): number {
    return this.is3d ? 12 : 8;
  }

  line(a: Pt, b: Pt, s: Symbology = {}): Uint8Array {
    const body = new Uint8Array(2 * this.ps);
    this.putPt(body, this.putPt(body, 0, a), b);
    return this.element(3, s, body, [a, b]);
  }

  /** Line string (4), shape (6), curve (11) or B-spline poles (21). */
  multi(type: 4 | 6 | 11 | 21, pts: Pt[], s: Symbology = {}, declaredCount = pts.length): Uint8Array {
    const body = new Uint8Array(2 + pts.length * this.ps);
    putU16(body, 0, declaredCount);
    let p = 2;
    for (const pt of pts) p = this.putPt(body, p, pt);
    return this.element(type, s, body, pts);
  }

  /** Quaternion for a rotation about Z, as GDAL's writer stores it. */
  private quat(body: Uint8Array, p: number, rotationDeg: number): void {
    const r = (rotationDeg / 180) * Math.PI;
    putI32(body, p, Math.trunc(Math.cos(-r / 2) * 2147483647));
    putI32(body, p + 4, 0);
    putI32(body, p + 8, 0);
    putI32(body, p + 12, Math.trunc(Math.sin(-r / 2) * 2147483647));
  }

  /** Ellipse (15) or arc (16); axes and centre in UOR (doubles), angles in degrees. */
  arc(
    type: 15 | 16,
    centre: number[],
    primary: number,
    secondary: number,
    rotationDeg: number,
    startDeg = 0,
    sweepDeg = 360,
    s: Symbology = {},
  ): Uint8Array {
    const isArc = type === 16;
    const body = new Uint8Array((isArc ? 8 : 0) + 16 + (this.is3d ? 16 + 24 : 4 + 16));
    let p = 0;
    if (isArc) {
      putI32(body, 0, Math.round(startDeg * 360000));
      const sw = Math.round(Math.abs(sweepDeg) * 360000);
      putI32(body, 4, sw);
      if (sweepDeg < 0) body[5] = body[5]! | 0x80; // sign and magnitude
      p = 8;
    }
    putVax(body, p, primary);
    putVax(body, p + 8, secondary);
    p += 16;
    if (this.is3d) {
      this.quat(body, p, rotationDeg);
      p += 16;
    } else {
      putI32(body, p, Math.round(rotationDeg * 360000));
      p += 4;
    }
    putVax(body, p, centre[0]!);
    putVax(body, p + 8, centre[1]!);
    if (this.is3d) putVax(body, p + 16, centre[2] ?? 0);
    const r = Math.max(primary, secondary);
    return this.element(type, s, body, [
      [centre[0]! - r, centre[1]! - r, centre[2] ?? 0],
      [centre[0]! + r, centre[1]! + r, centre[2] ?? 0],
    ]);
  }

  /** Text (17). `text` is raw bytes; height/width in UOR (stored as UOR*1000/6). */
  text(
    origin: Pt,
    text: Uint8Array,
    opts: { font?: number; just?: number; height?: number; width?: number; rotationDeg?: number } = {},
    s: Symbology = {},
  ): Uint8Array {
    const head = this.is3d ? 40 : 24; // bytes from 36 to the text
    const body = new Uint8Array(head + text.length);
    body[0] = opts.font ?? 0;
    body[1] = opts.just ?? 0;
    putI32(body, 2, Math.round(((opts.width ?? 1000) * 1000) / 6));
    putI32(body, 6, Math.round(((opts.height ?? 1000) * 1000) / 6));
    if (this.is3d) {
      this.quat(body, 10, opts.rotationDeg ?? 0);
      this.putPt(body, 26, origin);
      body[38] = text.length;
    } else {
      putI32(body, 10, Math.round((opts.rotationDeg ?? 0) * 360000));
      this.putPt(body, 14, origin);
      body[22] = text.length;
    }
    body.set(text, head);
    return this.element(17, s, body, [origin]);
  }

  /** Text node (7) header followed by its texts. */
  textNode(origin: Pt, texts: Uint8Array[], s: Symbology = {}): Uint8Array[] {
    const body = new Uint8Array(this.is3d ? 50 : 34);
    const compWords = texts.reduce((n, t) => n + t.length / 2, 0);
    const headerLen = 36 + body.length;
    putU16(body, 0, (headerLen - 38) / 2 + compWords);
    putU16(body, 2, texts.length);
    putI32(body, 14, Math.round((1000 * 1000) / 6));
    putI32(body, 18, Math.round((1000 * 1000) / 6));
    if (this.is3d) {
      this.quat(body, 22, 0);
      this.putPt(body, 38, origin);
    } else {
      this.putPt(body, 26, origin);
    }
    return [this.element(7, s, body, [origin]), ...texts];
  }

  /** Complex chain (12) or shape (14) header followed by its components. */
  complex(type: 12 | 14 | 18, parts: Component[], s: Symbology = {}, declaredCount = parts.length): Uint8Array[] {
    const components = parts.flat();
    const body = new Uint8Array(4);
    const compWords = components.reduce((n, c) => n + c.length / 2, 0);
    putU16(body, 0, 1 + compWords);
    putU16(body, 2, declaredCount);
    return [this.element(type, s, body, []), ...components];
  }

  /** Cell header (2) named `name` (up to 6 Radix-50 characters) followed by its components. */
  cell(name: string, origin: Pt, rotationDeg: number, parts: Component[], s: Symbology = {}): Uint8Array[] {
    const components = parts.flat();
    const body = new Uint8Array(this.is3d ? 88 : 56);
    const compWords = components.reduce((n, c) => n + c.length / 2, 0);
    putU16(body, 0, (36 + body.length - 38) / 2 + compWords);
    const r50 = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ$.%0123456789';
    const padded = name.toUpperCase().padEnd(6, ' ');
    for (let w = 0; w < 2; w++) {
      const c = [0, 1, 2].map((i) => r50.indexOf(padded[w * 3 + i]!));
      putU16(body, 2 + 2 * w, c[0]! * 1600 + c[1]! * 40 + c[2]!);
    }
    const r = (rotationDeg * Math.PI) / 180;
    const m = (v: number) => Math.round(v * 2147483647);
    if (this.is3d) {
      const t = [Math.cos(r), -Math.sin(r), 0, Math.sin(r), Math.cos(r), 0, 0, 0, 1];
      t.forEach((v, i) => putI32(body, 40 + 4 * i, m(v)));
      this.putPt(body, 76, origin);
    } else {
      const t = [Math.cos(r), -Math.sin(r), Math.sin(r), Math.cos(r)];
      t.forEach((v, i) => putI32(body, 32 + 4 * i, m(v)));
      this.putPt(body, 48, origin);
    }
    return [this.element(2, s, body, [origin]), ...components];
  }

  add(...elements: Component[]): this {
    for (const e of elements) {
      if (Array.isArray(e)) this.parts.push(...e);
      else this.parts.push(e);
    }
    return this;
  }

  /** TCB + elements + FF FF end marker. */
  bytes(): Uint8Array {
    const u = this.units;
    const tcb = new Uint8Array(1536);
    tcb[0] = u.dimension === 3 ? 0xc8 : 0x08;
    tcb[1] = 0x09;
    putU16(tcb, 2, 766);
    putI32(tcb, 1112, u.subPerMaster);
    putI32(tcb, 1116, u.uorPerSub);
    for (let i = 0; i < 2; i++) {
      tcb[1120 + i] = u.masterName.charCodeAt(i) || 0;
      tcb[1122 + i] = u.subName.charCodeAt(i) || 0;
    }
    if (u.dimension === 3) tcb[1214] = 0x40;
    putVax(tcb, 1240, u.origin[0]);
    putVax(tcb, 1248, u.origin[1]);
    putVax(tcb, 1256, u.origin[2]);
    const total = tcb.length + this.parts.reduce((n, p) => n + p.length, 0) + 2;
    const out = new Uint8Array(total);
    out.set(tcb, 0);
    let p = tcb.length;
    for (const part of this.parts) {
      out.set(part, p);
      p += part.length;
    }
    out[p] = 0xff;
    out[p + 1] = 0xff;
    return out;
  }
}

/** ASCII/Latin-1 string as bytes. */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** Multi-byte (FF FD + UTF-16LE) text bytes. */
export function multiByte(s: string): Uint8Array {
  const a = new Uint8Array(2 + 2 * s.length);
  a[0] = 0xff;
  a[1] = 0xfd;
  for (let i = 0; i < s.length; i++) putU16(a, 2 + 2 * i, s.charCodeAt(i));
  return a;
}
