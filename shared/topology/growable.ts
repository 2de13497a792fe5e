/**
 * Append-only typed arrays that double when full: how the topology code collects vertices, edges
 * and crossings without per-item objects. One class per element type on purpose: `push` sits in the
 * hottest loops (millions of calls per 100k-parcel run), and a single generic class would see three
 * array kinds at one call site and lose V8's monomorphic fast path.
 */

export class GrowI32 {
  a: Int32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Int32Array(Math.max(1, cap));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** A right-sized copy of what was pushed. */
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

export class GrowU32 {
  a: Uint32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Uint32Array(Math.max(1, cap));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

export class GrowF64 {
  a: Float64Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Float64Array(Math.max(1, cap));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}
