/**
 * Hash grid of points that gives every location one node id: a point within `radius` of a known
 * node becomes that node (the nearest one), otherwise it becomes a new node. With radius 0 only
 * bit-identical coordinates merge, which is how the engine runs at tolerance 0.
 */
export class PointIndex {
  xs: Float64Array;
  ys: Float64Array;
  count = 0;
  /** Distance from the last query point to the node it was merged with (0 when new or identical). */
  lastDistance = 0;
  /** True when the last query created a new node. */
  lastCreated = false;
  private next: Int32Array;
  private keyX: Float64Array;
  private keyY: Float64Array;
  private head: Int32Array;
  private used = 0;
  private mask: number;
  private readonly inv: number;
  /** Nodes [0, indexedTo) are in the hash; the rest were adopted and are hashed on first use. */
  private indexedTo = 0;

  constructor(
    readonly cell: number,
    capacity = 1024,
  ) {
    if (!(cell > 0)) throw new Error('PointIndex cell size must be > 0');
    this.inv = 1 / cell;
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.keyX = new Float64Array(size);
    this.keyY = new Float64Array(size);
    this.head = new Int32Array(size).fill(-1);
  }

  /**
   * An index over nodes already numbered elsewhere (ids 0..count-1 in `xs`/`ys`, which it takes
   * over). They are hashed only on the first find or add, in id order, so the index is then the
   * same as one built by adding them one by one.
   */
  static adopt(cell: number, xs: Float64Array, ys: Float64Array, count: number): PointIndex {
    const index = new PointIndex(cell, count);
    index.xs = xs;
    index.ys = ys;
    index.count = count;
    if (index.next.length < xs.length) index.next = new Int32Array(xs.length);
    return index;
  }

  private indexAdopted(): void {
    for (let id = this.indexedTo; id < this.count; id++) {
      if (this.used * 2 >= this.head.length) this.rehash();
      this.link(id, this.xs[id], this.ys[id]);
    }
    this.indexedTo = this.count;
  }

  private link(id: number, x: number, y: number): void {
    const s = this.slot(Math.floor(x * this.inv), Math.floor(y * this.inv), true);
    if (this.head[s] === -1) this.used++;
    this.next[id] = this.head[s];
    this.head[s] = id;
  }

  private slot(ix: number, iy: number, create: boolean): number {
    let h = (Math.imul(ix >>> 0, 0x9e3779b1) ^ Math.imul(iy >>> 0, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      if (this.head[h] === -1) {
        if (!create) return -1;
        this.keyX[h] = ix;
        this.keyY[h] = iy;
        return h;
      }
      if (this.keyX[h] === ix && this.keyY[h] === iy) return h;
      h = (h + 1) & this.mask;
    }
  }

  private grow(): void {
    const cap = this.xs.length * 2;
    const xs = new Float64Array(cap);
    xs.set(this.xs);
    this.xs = xs;
    const ys = new Float64Array(cap);
    ys.set(this.ys);
    this.ys = ys;
    const nx = new Int32Array(cap);
    nx.set(this.next);
    this.next = nx;
  }

  private rehash(): void {
    const oldX = this.keyX, oldY = this.keyY, oldH = this.head;
    const size = oldH.length * 2;
    this.mask = size - 1;
    this.keyX = new Float64Array(size);
    this.keyY = new Float64Array(size);
    this.head = new Int32Array(size).fill(-1);
    for (let i = 0; i < oldH.length; i++) {
      if (oldH[i] === -1) continue;
      const s = this.slot(oldX[i], oldY[i], true);
      this.head[s] = oldH[i];
    }
  }

  /** Nearest node within radius of (x, y), or -1. radius must not exceed the cell size. */
  find(x: number, y: number, radius: number): number {
    if (this.indexedTo < this.count) this.indexAdopted();
    const ix = Math.floor(x * this.inv);
    const iy = Math.floor(y * this.inv);
    let best = -1;
    let bestD2 = radius * radius;
    if (radius === 0) {
      const s = this.slot(ix, iy, false);
      if (s === -1) return -1;
      for (let n = this.head[s]; n !== -1; n = this.next[n]) {
        if (this.xs[n] === x && this.ys[n] === y) {
          this.lastDistance = 0;
          return n;
        }
      }
      return -1;
    }
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const s = this.slot(ix + dx, iy + dy, false);
        if (s === -1) continue;
        for (let n = this.head[s]; n !== -1; n = this.next[n]) {
          const ex = this.xs[n] - x;
          const ey = this.ys[n] - y;
          const d2 = ex * ex + ey * ey;
          if (d2 <= bestD2) {
            if (d2 < bestD2 || best === -1 || n < best) best = n;
            bestD2 = d2;
          }
        }
      }
    }
    if (best !== -1) this.lastDistance = Math.sqrt(bestD2);
    return best;
  }

  /** The node for (x, y): an existing one within radius, else a new one. */
  findOrAdd(x: number, y: number, radius: number): number {
    const found = this.find(x, y, radius);
    if (found !== -1) {
      this.lastCreated = false;
      return found;
    }
    this.lastCreated = true;
    this.lastDistance = 0;
    return this.add(x, y);
  }

  /** Adds a node without looking for neighbours. */
  add(x: number, y: number): number {
    if (this.indexedTo < this.count) this.indexAdopted();
    if (this.count === this.xs.length) this.grow();
    if (this.used * 2 >= this.head.length) this.rehash();
    const id = this.count++;
    this.xs[id] = x;
    this.ys[id] = y;
    this.link(id, x, y);
    this.indexedTo = this.count;
    return id;
  }
}
