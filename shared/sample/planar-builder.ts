/**
 * A small planar-subdivision builder used to lay out the synthetic commune so that neighbouring
 * parcels share EXACTLY the same vertices.
 *
 * Boundaries are drawn as monotone polylines ("lines") that carry "stations": every vertex any
 * face puts on that line. A face is a cycle of spans (a run of a line between two of its stations,
 * or a literal list of vertex ids). When the rings are flattened, each span takes every station
 * between its ends, so both faces on either side of a line see the same vertex sequence and there
 * are no T-junctions. New stations snap to an existing one closer than a given distance, which keeps
 * unrelated vertices far apart (no accidental near-misses).
 */

/** A monotone polyline: axis 0 means the parameter t is u (v is a function of u), axis 1 the reverse. */
export interface PlanarLine {
  readonly axis: 0 | 1;
  /** Knot vertex ids in increasing t; they define the shape. */
  readonly knots: number[];
  /** Station parameters, sorted ascending, with their vertex ids. Knots are stations too. */
  readonly st: number[];
  readonly sv: number[];
}

/** One piece of a face boundary. */
export type Span = { line: PlanarLine; from: number; to: number } | { verts: number[] };

export class PlanarBuilder {
  u = new Float64Array(1024);
  v = new Float64Array(1024);
  count = 0;
  readonly faces: Span[][] = [];

  addVertex(u: number, v: number): number {
    if (this.count === this.u.length) {
      const nu = new Float64Array(this.u.length * 2);
      nu.set(this.u);
      this.u = nu;
      const nv = new Float64Array(this.v.length * 2);
      nv.set(this.v);
      this.v = nv;
    }
    this.u[this.count] = u;
    this.v[this.count] = v;
    return this.count++;
  }

  /** Parameter of vertex `id` along a line of the given axis. */
  t(axis: 0 | 1, id: number): number {
    return axis === 0 ? this.u[id]! : this.v[id]!;
  }

  /** A line through existing vertices (strictly increasing along the axis). */
  line(axis: 0 | 1, knots: number[]): PlanarLine {
    const st: number[] = [];
    for (let i = 0; i < knots.length; i++) {
      const t = this.t(axis, knots[i]!);
      if (i > 0 && !(t > st[i - 1]!)) throw new Error(`planar line knots not increasing at ${i}`);
      st.push(t);
    }
    return { axis, knots: knots.slice(), st, sv: knots.slice() };
  }

  /** Position (u, v) of the point at parameter t on the line's knot polyline. */
  private interpolate(line: PlanarLine, t: number): [number, number] {
    const k = line.knots;
    const a0 = this.t(line.axis, k[0]!);
    const aN = this.t(line.axis, k[k.length - 1]!);
    if (t < a0 || t > aN) throw new Error(`station ${t} outside line [${a0}, ${aN}]`);
    let lo = 0;
    let hi = k.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.t(line.axis, k[mid]!) <= t) lo = mid;
      else hi = mid;
    }
    const p = k[lo]!;
    const q = k[hi]!;
    const other = line.axis === 0 ? this.v : this.u;
    const tp = this.t(line.axis, p);
    const tq = this.t(line.axis, q);
    const f = tq === tp ? 0 : (t - tp) / (tq - tp);
    const o = other[p]! + (other[q]! - other[p]!) * f;
    return line.axis === 0 ? [t, o] : [o, t];
  }

  /** Index of the first station with parameter >= t. */
  private lowerBound(line: PlanarLine, t: number): number {
    let lo = 0;
    let hi = line.st.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (line.st[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The station nearest to t if it is within `snap`, else a new vertex on the line at t. */
  station(line: PlanarLine, t: number, snap: number): number {
    const i = this.lowerBound(line, t);
    let best = -1;
    let bestD = Infinity;
    for (const j of [i - 1, i]) {
      if (j < 0 || j >= line.st.length) continue;
      const d = Math.abs(line.st[j]! - t);
      if (d <= snap && d < bestD) {
        best = j;
        bestD = d;
      }
    }
    if (best >= 0) return line.sv[best]!;
    const [pu, pv] = this.interpolate(line, t);
    const id = this.addVertex(pu, pv);
    line.st.splice(i, 0, t);
    line.sv.splice(i, 0, id);
    return id;
  }

  /** Parameter of the station nearest to t (used to respect existing vertices when choosing positions). */
  nearestStationDistance(line: PlanarLine, t: number): number {
    const i = this.lowerBound(line, t);
    let d = Infinity;
    if (i < line.st.length) d = Math.min(d, Math.abs(line.st[i]! - t));
    if (i > 0) d = Math.min(d, Math.abs(line.st[i - 1]! - t));
    return d;
  }

  /** Point on the line at parameter t (no station is created). */
  pointAt(line: PlanarLine, t: number): [number, number] {
    return this.interpolate(line, t);
  }

  addFace(spans: Span[]): number {
    this.faces.push(spans);
    return this.faces.length - 1;
  }

  /** Flatten every face into a ring of vertex ids (not closed: the first id is not repeated). */
  rings(): number[][] {
    const out: number[][] = new Array(this.faces.length);
    for (let f = 0; f < this.faces.length; f++) {
      const ring: number[] = [];
      const push = (id: number): void => {
        if (ring.length === 0 || ring[ring.length - 1] !== id) ring.push(id);
      };
      for (const span of this.faces[f]!) {
        if ('verts' in span) {
          for (const id of span.verts) push(id);
          continue;
        }
        const { line, from, to } = span;
        const ia = this.lowerBound(line, this.t(line.axis, from));
        const ib = this.lowerBound(line, this.t(line.axis, to));
        if (line.sv[ia] !== from || line.sv[ib] !== to) {
          throw new Error(`face ${f}: span ends are not stations of their line`);
        }
        const step = ib >= ia ? 1 : -1;
        for (let i = ia; ; i += step) {
          push(line.sv[i]!);
          if (i === ib) break;
        }
      }
      if (ring.length > 1 && ring[0] === ring[ring.length - 1]) ring.pop();
      out[f] = ring;
    }
    return out;
  }
}
