// Builds the SDF glyph ranges MapLibre needs for Latin labels, so the map never fetches fonts from outside.
// Chinese is drawn by the browser's own fonts (localIdeographFontFamily). Run once after changing the font:
//   node frontend/scripts/make-glyphs.mjs [path/to/font.ttf]
// Output (committed): frontend/public/glyphs/Cosite Sans Regular/{start}-{end}.pbf
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import TinySDF from '@mapbox/tiny-sdf';
import Pbf from 'pbf';

const FONT = process.argv[2] ?? '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const STACK = 'Cosite Sans Regular';
const RANGES = [
  [0, 255],
  [256, 511],
  [8192, 8447],
  [9472, 9727],
];
const SIZE = 24; // the size MapLibre's glyph PBFs are made for
const ASCENDER = 23; // DejaVu Sans ascender at 24 px (0.928 em), rounded up as FreeType does

GlobalFonts.registerFromPath(FONT, 'CositeSans');

class NodeSDF extends TinySDF {
  _createCanvas(size) {
    return createCanvas(size, size);
  }
}
const sdf = new NodeSDF({ fontSize: SIZE, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: 'CositeSans' });

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/glyphs', STACK);
fs.mkdirSync(out, { recursive: true });

for (const [start, end] of RANGES) {
  const glyphs = [];
  for (let id = start; id <= end; id++) {
    if (id < 32 || (id >= 127 && id < 160)) continue; // control characters
    const g = sdf.draw(String.fromCharCode(id));
    glyphs.push({
      id,
      bitmap: g.glyphWidth && g.glyphHeight ? Buffer.from(g.data) : null,
      width: g.glyphWidth,
      height: g.glyphHeight,
      left: g.glyphLeft,
      top: g.glyphTop - ASCENDER,
      advance: Math.round(g.glyphAdvance),
    });
  }
  const pbf = new Pbf();
  pbf.writeMessage(
    1,
    (_, p) => {
      p.writeStringField(1, STACK);
      p.writeStringField(2, `${start}-${end}`);
      for (const g of glyphs) {
        p.writeMessage(
          3,
          (glyph, q) => {
            q.writeVarintField(1, glyph.id);
            if (glyph.bitmap) q.writeBytesField(2, glyph.bitmap);
            q.writeVarintField(3, glyph.width);
            q.writeVarintField(4, glyph.height);
            q.writeSVarintField(5, glyph.left);
            q.writeSVarintField(6, glyph.top);
            q.writeVarintField(7, glyph.advance);
          },
          g,
        );
      }
    },
    null,
  );
  const file = path.join(out, `${start}-${end}.pbf`);
  fs.writeFileSync(file, pbf.finish());
  console.log(`${file}: ${glyphs.length} glyphs`);
}
