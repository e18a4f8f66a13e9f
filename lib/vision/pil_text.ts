// Text drawn as Pillow's ImageDraw.text / textbbox draw it with its built-in bitmap font
// (ImageFont.load_default_imagefont()), default anchor "la", align "left", spacing 4, on an RGB
// image held as an (H, W, 3) uint8 buffer. Pillow's C font_getmask builds a 1-bit mask per line
// (each glyph's box pasted, zeros included, at x + dx0, baseline + dy0; x advances by dx) and
// draw_bitmap sets the pixels under the mask to the ink.
import { ValueError } from "../errors";
import { PIL_DEFAULT_FONT } from "./_pil_default_font";

/** Python's UnicodeEncodeError (a ValueError): Pillow encodes bitmap-font text as Latin-1. */
export class UnicodeEncodeError extends ValueError {}
Object.defineProperty(UnicodeEncodeError.prototype, "name", { value: "UnicodeEncodeError", writable: true, configurable: true });

const SPACING = 4;

interface Glyph {
  dx: number; dy: number; dx0: number; dy0: number; dx1: number; dy1: number; sx0: number; sy0: number;
}

const font = (() => {
  const m = Buffer.from(PIL_DEFAULT_FONT.metrics, "base64");
  const glyphs: Glyph[] = [];
  let y0 = 0, y1 = 0;
  for (let i = 0; i < 256; i++) {
    const v = (k: number) => m.readInt16BE(i * 20 + k * 2);
    const g = { dx: v(0), dy: v(1), dx0: v(2), dy0: v(3), dx1: v(4), dy1: v(5), sx0: v(6), sy0: v(7) };
    y0 = Math.min(y0, g.dy0);
    y1 = Math.max(y1, g.dy1);
    glyphs.push(g);
  }
  const bits = Buffer.from(PIL_DEFAULT_FONT.bitmap, "base64");
  const stride = Math.ceil(PIL_DEFAULT_FONT.width / 8);
  const pixel = (x: number, y: number) => (bits[y * stride + (x >> 3)] >> (7 - (x & 7))) & 1;
  return { glyphs, baseline: -y0, ysize: y1 - y0, pixel };
})();

/** A line's Latin-1 codes as Pillow's C code reads them: Python's encode("latin-1"), cut at the first NUL. */
function latin1(line: string): number[] {
  const cps = Array.from(line, (c) => c.codePointAt(0)!);
  const bad = cps.findIndex((c) => c > 255);
  if (bad >= 0) {
    let end = bad;
    while (end + 1 < cps.length && cps[end + 1] > 255) end++;
    const hex = (c: number) => (c > 0xffff ? `\\U${c.toString(16).padStart(8, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`);
    const what = end === bad ? `character '${hex(cps[bad])}' in position ${bad}` : `characters in position ${bad}-${end}`;
    throw new UnicodeEncodeError(`'latin-1' codec can't encode ${what}: ordinal not in range(256)`);
  }
  const nul = cps.indexOf(0);
  return nul >= 0 ? cps.slice(0, nul) : cps;
}

const lineWidth = (codes: number[]) => codes.reduce((w, c) => w + font.glyphs[c].dx, 0);

/** The lines of a text and their top-left corners (ImageText._split with anchor "la", align "left"). */
function split(x: number, y: number, text: string): [number, number, string][] {
  const lines = text.split("\n");
  // line spacing: getbbox("A")[3] (the font's height) + spacing
  return lines.map((line, i) => [x, y + i * (font.ysize + SPACING), line]);
}

/** ImageDraw.textbbox((x, y), text, font=load_default_imagefont()): [left, top, right, bottom]. */
export function text_bbox(x: number, y: number, text: string): [number, number, number, number] {
  let box: [number, number, number, number] | null = null;
  for (const [lx, ly, line] of split(x, y, text)) {
    const b: [number, number, number, number] = [lx, ly, lx + lineWidth(latin1(line)), ly + font.ysize];
    box = box === null ? b : [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])];
  }
  return box!;
}

/** ImageDraw.text((x, y), text, fill=ink, font=load_default_imagefont()) on px, (H, W, 3) uint8. */
export function draw_text(px: Uint8Array, H: number, W: number, x: number, y: number, text: string, ink: [number, number, number]): void {
  for (const [lx, ly, line] of split(x, y, text)) {
    const codes = latin1(line);
    const mw = lineWidth(codes);
    const mh = font.ysize;
    const mask = new Uint8Array(Math.max(mw, 0) * mh);
    let gx = 0, gb = font.baseline;
    for (const c of codes) {
      const g = font.glyphs[c];
      // ImagingPaste of the glyph's box into the mask, clipped to the mask
      for (let yy = 0; yy < g.dy1 - g.dy0; yy++) {
        const my = g.dy0 + gb + yy;
        if (my < 0 || my >= mh) continue;
        for (let xx = 0; xx < g.dx1 - g.dx0; xx++) {
          const mx = g.dx0 + gx + xx;
          if (mx >= 0 && mx < mw) mask[my * mw + mx] = font.pixel(g.sx0 + xx, g.sy0 + yy);
        }
      }
      gx += g.dx;
      gb += g.dy;
    }
    // draw_bitmap: the ink where the mask is set, clipped to the image
    for (let my = 0; my < mh; my++) {
      const iy = ly + my;
      if (iy < 0 || iy >= H) continue;
      for (let mx = 0; mx < mw; mx++) {
        const ix = lx + mx;
        if (ix < 0 || ix >= W || !mask[my * mw + mx]) continue;
        px.set(ink, (iy * W + ix) * 3);
      }
    }
  }
}
