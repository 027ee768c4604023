// Draws Vigil's icon (an open eye on a rounded square) and writes 512x512.png and 256x256.png
// beside this script. No dependencies: shapes are signed-distance tests, anti-aliased by 4x4
// supersampling, and the PNG is written with zlib. Run: node build/icons/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Buffer } from 'node:buffer';

const here = dirname(fileURLToPath(import.meta.url));

/** Colour at a point of the unit square (0..1), as [r, g, b, a] with a in 0..1, or null outside. */
function shade(x, y) {
  // Rounded square, corner radius 0.2, 2% margin.
  const m = 0.02;
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - m - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - m - r), 0);
  if (Math.hypot(qx, qy) > r) return null;
  // Background: a vertical gradient from slate blue to deep navy.
  const t = y;
  let c = [Math.round(30 + (12 - 30) * t), Math.round(64 + (28 - 64) * t), Math.round(120 + (60 - 120) * t)];
  // The eye: the intersection of two circles (a vesica), white.
  const ex = x - 0.5;
  const ey = y - 0.5;
  const R = 0.42;
  const off = 0.28;
  const inEye = Math.hypot(ex, ey - off) < R && Math.hypot(ex, ey + off) < R;
  if (inEye) {
    c = [244, 247, 250];
    const d = Math.hypot(ex, ey);
    if (d < 0.14) c = [40, 170, 160]; // iris, teal
    if (d < 0.07) c = [10, 22, 40]; // pupil
    if (Math.hypot(ex + 0.04, ey + 0.04) < 0.025) c = [250, 252, 255]; // glint
  }
  return [c[0], c[1], c[2], 1];
}

function render(size) {
  const s = 4;
  const px = Buffer.alloc(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < s; sy++) {
        for (let sx = 0; sx < s; sx++) {
          const c = shade((i + (sx + 0.5) / s) / size, (j + (sy + 0.5) / s) / size);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((a / (s * s)) * 255);
    }
  }
  return px;
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

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [512, 256]) {
  const file = join(here, `${size}x${size}.png`);
  writeFileSync(file, png(size, render(size)));
  console.log(`wrote ${file}`);
}
