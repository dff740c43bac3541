// Writes the add-in's PNG icons (assets/icon-{16,32,64,80,128}.png): a balance of bars on Office blue.
// Plain zlib + CRC: no image library needed for a few flat shapes.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(size) {
  const px = (x, y) => {
    const u = x / size;
    const v = y / size;
    const r = size * 0.18; // rounded corners
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0];
    // Three equal bars (a balanced plan) over a line (the cap).
    const bars = [0.2, 0.42, 0.64];
    for (const b of bars) if (u >= b && u < b + 0.16 && v > 0.38 && v < 0.82) return [255, 255, 255, 255];
    if (v > 0.28 && v < 0.28 + Math.max(1.5 / size, 0.05) && u > 0.14 && u < 0.86) return [255, 214, 102, 255];
    return [0, 120, 212, 255];
  };
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const p = px(x + 0.5, y + 0.5);
      p.forEach((val, i) => (raw[y * (size * 4 + 1) + 1 + x * 4 + i] = val));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [16, 32, 64, 80, 128]) {
  const file = path.join(__dirname, '..', 'assets', `icon-${size}.png`);
  fs.writeFileSync(file, png(size));
  console.log(`wrote ${file}`);
}
