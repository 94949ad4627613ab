// Draws the app icon (a countersigned check on a blue rounded square) as PNGs without any image library,
// so the icons can be regenerated anywhere: `tsx scripts/make-icons.ts`. Writes resources/ and build/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage in [0,1] from 4x4 supersampling, for smooth edges. */
function icon(size: number): Buffer {
  const inside = (u: number, v: number): 'bg' | 'check' | 'line' | null => {
    const r = 0.2,
      m = 0.04; // corner radius, margin (fractions of the size)
    const cx = Math.min(Math.max(u, m + r), 1 - m - r),
      cy = Math.min(Math.max(v, m + r), 1 - m - r);
    if (Math.hypot(u - cx, v - cy) > r) return null;
    if (distToSegment(u, v, 0.28, 0.5, 0.43, 0.64) < 0.055 || distToSegment(u, v, 0.43, 0.64, 0.73, 0.32) < 0.055) return 'check';
    if (v > 0.76 && v < 0.79 && u > 0.26 && u < 0.74) return 'line'; // the signature line
    return 'bg';
  };
  return png(size, (x, y) => {
    const acc = { bg: 0, check: 0, line: 0 };
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const k = inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size);
        if (k) acc[k]++;
      }
    const total = acc.bg + acc.check + acc.line;
    if (!total) return [0, 0, 0, 0];
    const white = (acc.check + acc.line) / total;
    const [br, bg, bb] = [29, 78, 216]; // blue-700
    const mix = (c: number) => Math.round(c * (1 - white) + 255 * white);
    return [mix(br), mix(bg), mix(bb), Math.round((total / 16) * 255)];
  });
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" aria-label="Countersign">
  <rect x="20" y="20" width="472" height="472" rx="102" fill="#1d4ed8"/>
  <path d="M143 256 L220 328 L374 164" fill="none" stroke="#fff" stroke-width="56" stroke-linecap="round" stroke-linejoin="round"/>
  <rect x="133" y="389" width="246" height="16" rx="8" fill="#fff"/>
</svg>
`;

mkdirSync(join(ROOT, 'resources'), { recursive: true });
mkdirSync(join(ROOT, 'build'), { recursive: true });
writeFileSync(join(ROOT, 'resources/icon.svg'), svg);
writeFileSync(join(ROOT, 'resources/icon.png'), icon(256));
writeFileSync(join(ROOT, 'resources/tray.png'), icon(32));
writeFileSync(join(ROOT, 'build/icon.png'), icon(512)); // electron-builder derives .icns/.ico from a 512px PNG
console.log('wrote resources/icon.svg, resources/icon.png, resources/tray.png, build/icon.png');
