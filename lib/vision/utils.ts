// torchvision.utils: make_grid, save_image and draw_bounding_boxes (axis-aligned boxes drawn as
// Pillow's ImageDraw.rectangle draws them: an outline band `width` pixels inside the box, the
// fill blended with alpha 100 as Pillow blends RGBA ink on an RGB image). Labels are drawn with
// Pillow's built-in bitmap font (pil_text.ts), what torchvision draws where Pillow lacks FreeType.
import torch = require("../index");
import type { Tensor } from "../tensor";
import { NotImplementedError, TypeError, ValueError } from "../errors";
import { to_dtype } from "./transforms";
import { encode_png } from "./io_write";
import { draw_text, text_bbox } from "./pil_text";
import * as fs from "node:fs";

export interface MakeGridOptions {
  nrow?: number;
  padding?: number;
  normalize?: boolean;
  value_range?: [number, number] | null;
  scale_each?: boolean;
  pad_value?: number;
}
const GRID_KWARGS = ["nrow", "padding", "normalize", "value_range", "scale_each", "pad_value"];

function checkKw(fn: string, o: object, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
}

/** utils.make_grid(tensor, { nrow = 8, padding = 2, normalize = false, value_range, scale_each = false, pad_value = 0 }) */
export function make_grid(tensor: Tensor | Tensor[], options: MakeGridOptions = {}): Tensor {
  checkKw("make_grid", options, GRID_KWARGS);
  const nrow = options.nrow ?? 8;
  const padding = options.padding ?? 2;
  const value_range = options.value_range ?? null;
  if (!(tensor instanceof torch.Tensor)) {
    if (Array.isArray(tensor)) {
      for (const t of tensor) if (!(t instanceof torch.Tensor)) throw new TypeError(`tensor or list of tensors expected, got a list containing ${typeof t}`);
      tensor = torch.stack(tensor, { dim: 0 });
    } else {
      throw new TypeError(`tensor or list of tensors expected, got ${typeof tensor}`);
    }
  }
  let t = tensor as Tensor;
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() === 3) {
    if (t.size(0) === 1) t = torch.cat([t, t, t], 0);
    t = t.unsqueeze(0);
  }
  if (t.dim() === 4 && t.size(1) === 1) t = torch.cat([t, t, t], 1);
  if (options.normalize === true) {
    t = t.clone();
    if (value_range !== null && !Array.isArray(value_range)) {
      throw new TypeError("value_range has to be a tuple (min, max) if specified. min and max are numbers");
    }
    const norm_ip = (img: Tensor, low: number, high: number) => {
      img.clamp_(low, high);
      img.sub_(low).div_(Math.max(high - low, 1e-5));
    };
    const norm_range = (x: Tensor) => {
      if (value_range !== null) norm_ip(x, value_range[0], value_range[1]);
      else norm_ip(x, x.min().item() as number, x.max().item() as number);
    };
    if (options.scale_each === true) for (let i = 0; i < t.size(0); i++) norm_range(t.select(0, i));
    else norm_range(t);
  }
  if (t.size(0) === 1) return t.squeeze(0);
  const nmaps = t.size(0);
  const xmaps = Math.min(nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  const height = t.size(2) + padding;
  const width = t.size(3) + padding;
  const grid = t.new_full([t.size(1), height * ymaps + padding, width * xmaps + padding], options.pad_value ?? 0.0);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps; x++) {
      if (k >= nmaps) break;
      grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(t.select(0, k));
      k += 1;
    }
  }
  return grid;
}

/** utils.save_image(tensor, fp, { format, ...make_grid options }): a PNG of the grid (values in [0, 1] scaled to 0-255 rounded). */
export function save_image(tensor: Tensor | Tensor[], fp: string, options: MakeGridOptions & { format?: string | null } = {}): void {
  checkKw("save_image", options, [...GRID_KWARGS, "format"]);
  const { format, ...gridOptions } = options;
  const fmt = (format ?? fp.split(".").pop() ?? "").toLowerCase();
  if (fmt !== "png") throw new ValueError(`save_image: only PNG is written by torchts, not '${fmt}'`);
  const grid = torch.no_grad(() => make_grid(tensor, gridOptions));
  const u8 = grid.mul(255).add_(0.5).clamp_(0, 255).to("cpu", torch.uint8);
  fs.writeFileSync(fp, encode_png(u8).to_typed_array() as Uint8Array);
}

type Color = string | [number, number, number];

/** _generate_color_palette(n): torchvision's automatic box colors. */
function palette(n: number): [number, number, number][] {
  const p = [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1];
  return Array.from({ length: n }, (_, i) => p.map((v) => (i * v) % 255) as [number, number, number]);
}

const NAMED: Record<string, [number, number, number]> = {
  black: [0, 0, 0], white: [255, 255, 255], red: [255, 0, 0], lime: [0, 255, 0], green: [0, 128, 0], blue: [0, 0, 255],
  yellow: [255, 255, 0], cyan: [0, 255, 255], magenta: [255, 0, 255], orange: [255, 165, 0], purple: [128, 0, 128],
  gray: [128, 128, 128], grey: [128, 128, 128],
};

/** A color as Pillow's ImageColor.getrgb reads it: an RGB tuple, "#rgb", "#rrggbb" or a basic CSS name. */
function rgb(c: Color): [number, number, number] {
  if (Array.isArray(c)) return [c[0], c[1], c[2]];
  const s = c.toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(s)) return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as [number, number, number];
  if (/^#[0-9a-f]{3}$/.test(s)) return [1, 2, 3].map((i) => parseInt(s[i] + s[i], 16)) as [number, number, number];
  if (s in NAMED) return NAMED[s];
  throw new ValueError(`unknown color specifier: '${c}'`);
}

function parseColors(colors: Color | Color[] | null, n: number): [number, number, number][] {
  if (colors === null) return palette(n);
  if (Array.isArray(colors) && (colors.length === 0 || typeof colors[0] !== "number")) {
    const list = colors as Color[];
    if (list.length < n) throw new ValueError(`Number of colors must be equal or larger than the number of objects, but got ${list.length} < ${n}.`);
    return list.slice(0, n).map(rgb);
  }
  return new Array(n).fill(rgb(colors as Color));
}

export interface DrawBoundingBoxesOptions {
  /** one label per box; a null one is not drawn (as torchvision skips None) */
  labels?: (string | null)[] | null;
  colors?: Color | Color[] | null;
  fill?: boolean;
  width?: number;
  font?: string | null;
  font_size?: number | null;
  label_colors?: Color | Color[] | null;
  label_background_colors?: Color | Color[] | null;
  fill_labels?: boolean;
}
const DRAW_KWARGS = ["labels", "colors", "fill", "width", "font", "font_size", "label_colors", "label_background_colors", "fill_labels"];

/** Python's truthiness of a color option: None, "" and [] are false. */
const given = (c: Color | Color[] | null | undefined): c is Color | Color[] => c != null && c !== "" && !(Array.isArray(c) && c.length === 0);

/**
 * utils.draw_bounding_boxes(image, boxes, { labels, colors, fill = false, width = 1, font, font_size,
 * label_colors, label_background_colors, fill_labels = false }): uint8 or float (C, H, W), boxes (N, 4)
 * xyxy. Labels are drawn with Pillow's built-in bitmap font; `font` (a TrueType file) is not supported.
 */
export function draw_bounding_boxes(image: Tensor, boxes: Tensor, options: DrawBoundingBoxesOptions = {}): Tensor {
  checkKw("draw_bounding_boxes", options, DRAW_KWARGS);
  if (!(image instanceof torch.Tensor)) throw new TypeError(`Tensor expected, got ${typeof image}`);
  if (!(image.dtype === torch.uint8 || image.is_floating_point())) throw new ValueError(`The image dtype must be uint8 or float, got ${image.dtype}`);
  if (image.dim() !== 3) throw new ValueError("Pass individual images, not batches");
  if (image.size(0) !== 1 && image.size(0) !== 3) throw new ValueError("Only grayscale and RGB images are supported");
  if (boxes.size(-1) !== 4) throw new ValueError("torchts draws axis-aligned (N, 4) boxes only");
  if (boxes.select(1, 0).gt(boxes.select(1, 2)).any().item() || boxes.select(1, 1).gt(boxes.select(1, 3)).any().item()) {
    throw new ValueError("Boxes need to be in (xmin, ymin, xmax, ymax) format. Use torchvision.ops.box_convert to convert them");
  }
  const n = boxes.size(0);
  if (n === 0) {
    process.emitWarning("boxes doesn't contain any box. No box was drawn", "UserWarning");
    return image;
  }
  const labels = options.labels ?? null;
  if (labels !== null && labels.length !== n) {
    throw new ValueError(`Number of boxes (${n}) and labels (${labels.length}) mismatch. Please specify labels for each box.`);
  }
  const colors = parseColors(options.colors ?? null, n);
  const fill_labels = options.fill_labels ?? false;
  const lc = options.label_colors;
  const label_colors = given(lc) || fill_labels ? parseColors(given(lc) ? lc : "black", n) : colors.slice();
  const lbc = options.label_background_colors;
  const label_background_colors = fill_labels && given(lbc) ? parseColors(lbc, n) : colors.slice();
  // the font only matters for the text: boxes alone are drawn whatever it names
  if (options.font != null && labels !== null && labels.some((l) => l != null)) {
    throw new NotImplementedError("draw_bounding_boxes: torchts draws labels with Pillow's built-in bitmap font only; font (a TrueType font file) is not supported");
  }
  if (options.font_size != null) process.emitWarning("Argument 'font_size' will be ignored since 'font' is not set.", "UserWarning");
  const width = options.width ?? 1;
  const fill = options.fill ?? false;
  let img = image.size(0) === 1 ? torch.tile(image, [3, 1, 1]) : image;
  const orig = img.dtype;
  if (orig.is_floating_point) img = to_dtype(img, torch.uint8, true);
  const H = img.size(1);
  const W = img.size(2);
  const px = img.permute(1, 2, 0).contiguous().to_typed_array() as Uint8Array;
  // Pillow's DIV255 blend of RGBA ink over an RGB pixel
  const blend = (dst: number, src: number, a: number) => {
    const tmp = dst * (255 - a) + src * a + 128;
    return ((tmp >> 8) + tmp) >> 8;
  };
  const box = boxes.to(torch.int64).tolist() as number[][];
  for (let b = 0; b < n; b++) {
    const [x0, y0, x1, y1] = box[b];
    const color = colors[b];
    const ys = Math.max(y0, 0), ye = Math.min(y1, H - 1), xs = Math.max(x0, 0), xe = Math.min(x1, W - 1);
    if (fill) {
      for (let y = ys; y <= ye; y++) for (let x = xs; x <= xe; x++) for (let c = 0; c < 3; c++) px[(y * W + x) * 3 + c] = blend(px[(y * W + x) * 3 + c], color[c], 100);
    }
    if (width !== 0) {
      for (let y = ys; y <= ye; y++) {
        for (let x = xs; x <= xe; x++) {
          if (x - x0 < width || x1 - x < width || y - y0 < width || y1 - y < width) for (let c = 0; c < 3; c++) px[(y * W + x) * 3 + c] = color[c];
        }
      }
    }
    const label = labels === null ? null : labels[b] ?? null;
    if (label !== null) {
      const margin = width + 1;
      if (fill_labels) {
        // the text's bbox grown by 1, filled (both ends included) with opaque ink
        const [l, t, r, bo] = text_bbox(x0 + margin, y0 + margin, label);
        for (let y = Math.max(t - 1, 0); y <= Math.min(bo + 1, H - 1); y++) {
          for (let x = Math.max(l - 1, 0); x <= Math.min(r + 1, W - 1); x++) px.set(label_background_colors[b], (y * W + x) * 3);
        }
      }
      draw_text(px, H, W, x0 + margin, y0 + margin, label, label_colors[b]);
    }
  }
  let out = torch.frombuffer(px, { dtype: torch.uint8 }).view(H, W, 3).permute(2, 0, 1).contiguous();
  if (orig.is_floating_point) out = to_dtype(out, orig, true);
  return out;
}
