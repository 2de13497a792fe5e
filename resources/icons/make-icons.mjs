#!/usr/bin/env node
/**
 * Draws the ParcelDesk icon (a few cadastral parcels in land-use colours on a teal tile) and writes
 * it as PNGs at the sizes electron-builder and the Linux desktop want: NxN.png for the AppImage/deb
 * icon set, icon.png (512) for Windows, which electron-builder converts to .ico.
 *
 *   node resources/icons/make-icons.mjs
 *
 * Kept as code rather than a binary design file so the icon can be regenerated and reviewed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const OUT = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [16, 32, 48, 64, 128, 256, 512];

const TILE = [31, 95, 91]; // dark teal
const BOUNDARY = [255, 255, 255];
// Land-use fills as on Vietnamese cadastral maps: rice (LUC), residential (ONT), perennial (CLN), water (SON).
const FILLS = [
  [255, 242, 120],
  [255, 196, 196],
  [255, 214, 150],
  [170, 214, 246],
  [255, 242, 120],
  [255, 196, 196],
  [200, 235, 160],
  [255, 214, 150],
  [255, 242, 120],
];

/** Corners of a slightly irregular 4×4 survey grid inside the tile (unit square coordinates). */
function gridPoints() {
  const jitter = [
    [0, 0, 0, 0],
    [0.03, -0.04, 0.05, -0.02],
    [-0.04, 0.05, -0.03, 0.04],
    [0, 0, 0, 0],
  ];
  const pts = [];
  for (let r = 0; r < 4; r++) {
    pts.push([]);
    for (let c = 0; c < 4; c++) {
      const edgeX = c === 0 || c === 3;
      const edgeY = r === 0 || r === 3;
      const x = 0.2 + (c / 3) * 0.6 + (edgeX ? 0 : jitter[r][c]);
      const y = 0.2 + (r / 3) * 0.6 + (edgeY ? 0 : jitter[c][r]);
      pts[r].push([x, y]);
    }
  }
  return pts;
}

function parcels() {
  const g = gridPoints();
  const out = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      const quad = [g[r][c], g[r][c + 1], g[r + 1][c + 1], g[r + 1][c]];
      const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
      const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
      // Shrink towards the centroid so the white survey boundaries show between parcels.
      const k = 0.86;
      out.push({ ring: quad.map(([x, y]) => [cx + (x - cx) * k, cy + (y - cy) * k]), fill: FILLS[r * 3 + c] });
    }
  }
  return out;
}

function inside(ring, x, y) {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function inRoundedSquare(x, y, inset, radius) {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= radius * radius;
}

/** Colour of one point of the icon, or null for transparent. */
function sample(x, y, shapes) {
  if (!inRoundedSquare(x, y, 0.04, 0.16)) return null;
  if (x < 0.17 || x > 0.83 || y < 0.17 || y > 0.83) return TILE;
  for (const s of shapes) if (inside(s.ring, x, y)) return s.fill;
  return BOUNDARY;
}

function render(size) {
  const shapes = parcels();
  const ss = size <= 64 ? 6 : 3;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, shapes);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (ss * ss));
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Minimal PNG: 8-bit RGBA, no interlace, filter 0 on every row. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) {
  const png = encodePng(size, render(size));
  writeFileSync(path.join(OUT, `${size}x${size}.png`), png);
  if (size === 512) writeFileSync(path.join(OUT, 'icon.png'), png);
}
console.log(`icons written to ${OUT}`);
