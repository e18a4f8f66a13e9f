// torchts/vision's utils.draw_bounding_boxes with labels against torchvision 0.26 drawing them with
// Pillow's built-in bitmap font (PIL.ImageFont.load_default patched to load_default_imagefont, the
// font load_default returns where Pillow lacks FreeType): the same pixels exactly, and the same
// errors and warnings.
import * as path from "node:path";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJsonAsync } from "./helpers/python";
import { expectSavedCase, scratchDir, withTv } from "./helpers/torchvision";

type T = InstanceType<typeof torch.Tensor>;
const draw = vision.utils.draw_bounding_boxes;

const dir = scratchDir("torchts-vlabels-");
const p = (name: string) => path.join(dir, name);

const PATCH = `
import warnings
import PIL.ImageFont
PIL.ImageFont.load_default = PIL.ImageFont.load_default_imagefont
import torchvision.utils as U
assert type(U.ImageFont.load_default()) is PIL.ImageFont.ImageFont  # the bitmap font, not FreeType's Aileron
`;

// labels: plain, empty, Latin-1 beyond ASCII, control codes without glyphs, a NUL (Pillow stops
// there), two lines, one running off the image's right edge
const L4 = ["cat", "", "\u00e9t\u00e9 \u00ff\u00d1\u00df", "dog 42"];
const LN = ["a", null, "b b", null];
const LX = ["a\nb\n", "x\u007f\u0085\u00a0y", "n\u0000ul", "Hello, world! a label too long for the image"];

interface Case {
  name: string;
  py: string;
  ts: (x: Record<string, T>) => T;
}
const cases: Case[] = [
  { name: "labels, default colors", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=L4)", ts: (x) => draw(x.u8, x.boxes, { labels: L4 }) },
  { name: "odd labels, width 2", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=LX, width=2)", ts: (x) => draw(x.u8, x.boxes, { labels: LX, width: 2 }) },
  { name: "labels, fill, width 3, colors list", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=L4, fill=True, width=3, colors=['red', (10, 200, 30), '#00ff7f', 'blue'])", ts: (x) => draw(x.u8, x.boxes, { labels: L4, fill: true, width: 3, colors: ["red", [10, 200, 30], "#00ff7f", "blue"] }) },
  { name: "label_colors one color", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=LX, label_colors='white')", ts: (x) => draw(x.u8, x.boxes, { labels: LX, label_colors: "white" }) },
  { name: "label_colors list, width 0", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=L4, label_colors=[(255, 255, 0), 'cyan', '#123', 'magenta'], width=0)", ts: (x) => draw(x.u8, x.boxes, { labels: L4, label_colors: [[255, 255, 0], "cyan", "#123", "magenta"], width: 0 }) },
  { name: "fill_labels (black text)", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=L4, fill_labels=True)", ts: (x) => draw(x.u8, x.boxes, { labels: L4, fill_labels: true }) },
  { name: "fill_labels, background and label colors, fill", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=LX, fill_labels=True, fill=True, label_colors='yellow', label_background_colors=['blue', (1, 2, 3), 'green', 'white'])", ts: (x) => draw(x.u8, x.boxes, { labels: LX, fill_labels: true, fill: true, label_colors: "yellow", label_background_colors: ["blue", [1, 2, 3], "green", "white"] }) },
  { name: "label_background_colors without fill_labels (ignored)", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=L4, label_background_colors='red')", ts: (x) => draw(x.u8, x.boxes, { labels: L4, label_background_colors: "red" }) },
  { name: "null labels are skipped", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], labels=LN, fill_labels=True)", ts: (x) => draw(x.u8, x.boxes, { labels: LN, fill_labels: true }) },
  { name: "float image", py: "U.draw_bounding_boxes(x['u8'].float() / 255, x['boxes'], labels=L4, colors='orange')", ts: (x) => draw(x.u8.float().div(255), x.boxes, { labels: L4, colors: "orange" }) },
  { name: "gray image", py: "U.draw_bounding_boxes(x['u8'][:1], x['boxes'][:2], labels=['g1', 'two\\nlines'], label_colors=[(200, 10, 10), 'lime'])", ts: (x) => draw(x.u8.narrow(0, 0, 1), x.boxes.narrow(0, 0, 2), { labels: ["g1", "two\nlines"], label_colors: [[200, 10, 10], "lime"] }) },
  { name: "gray float image, fill_labels", py: "U.draw_bounding_boxes(x['u8'][:1].double() / 255, x['boxes'], labels=LX, fill_labels=True)", ts: (x) => draw(x.u8.narrow(0, 0, 1).double().div(255), x.boxes, { labels: LX, fill_labels: true }) },
];

withTv("draw_bounding_boxes labels against torchvision (Pillow's bitmap font)", () => {
  beforeAll(async () => {
    await pythonJsonAsync(`${PATCH}
g = torch.Generator().manual_seed(1)
x = {"u8": torch.randint(0, 256, (3, 48, 64), generator=g, dtype=torch.uint8),
     "boxes": torch.tensor([[2.0, 3.0, 30.0, 20.0], [10.7, 5.2, 60.9, 40.1], [0.0, 24.0, 63.0, 47.0], [-4.0, -6.0, 70.0, 60.0]])}
L4 = json.loads(${JSON.stringify(JSON.stringify(L4))})
LX = json.loads(${JSON.stringify(JSON.stringify(LX))})
LN = json.loads(${JSON.stringify(JSON.stringify(LN))})
torch.save(x, ${JSON.stringify(p("x.pt"))})
cases = json.loads(${JSON.stringify(JSON.stringify(cases.map((c) => c.py)))})
torch.save([eval(c) for c in cases], ${JSON.stringify(p("want.pt"))})
print(json.dumps(True))`);
  }, 120_000);

  // float images go through to_dtype both ways: the same uint8 pixels, the same floats to rounding
  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_n, c, i) => {
    expectSavedCase(dir, i, c.ts, 1e-6);
  });

  it("labels change pixels: the image with labels differs from the one without", () => {
    const x = torch.load(p("x.pt")) as Record<string, T>;
    const a = draw(x.u8, x.boxes, { labels: L4 });
    const b = draw(x.u8, x.boxes);
    expect(a.ne(b).sum().item() as number).toBeGreaterThan(20);
  });

  afterEach(() => vi.restoreAllMocks());

  it("errors and warnings are torchvision's", async () => {
    const errs: [string, (x: Record<string, T>) => unknown][] = [
      ["U.draw_bounding_boxes(x['u8'], x['boxes'], labels=['a', 'b'])", (x) => draw(x.u8, x.boxes, { labels: ["a", "b"] })],
      ["U.draw_bounding_boxes(x['u8'], x['boxes'], labels=['a', 'b', 'c', 'd'], label_colors=['red'])", (x) => draw(x.u8, x.boxes, { labels: ["a", "b", "c", "d"], label_colors: ["red"] })],
      ["U.draw_bounding_boxes(x['u8'], x['boxes'], labels=['a', 'b', 'c', 'd'], fill_labels=True, label_background_colors=['red', 'blue'])", (x) => draw(x.u8, x.boxes, { labels: ["a", "b", "c", "d"], fill_labels: true, label_background_colors: ["red", "blue"] })],
      ["U.draw_bounding_boxes(x['u8'], x['boxes'][:1], labels=['ok\u65e5\u672c'])", (x) => draw(x.u8, x.boxes.narrow(0, 0, 1), { labels: ["ok\u65e5\u672c"] })],
      ["U.draw_bounding_boxes(x['u8'], x['boxes'][:1], labels=['a\\nb\u20acc'], fill_labels=True)", (x) => draw(x.u8, x.boxes.narrow(0, 0, 1), { labels: ["a\nb\u20acc"], fill_labels: true })],
      ["U.draw_bounding_boxes(x['u8'], x['boxes'][:1], labels=['\u{1F600}!'])", (x) => draw(x.u8, x.boxes.narrow(0, 0, 1), { labels: ["\u{1F600}!"] })],
    ];
    const want = await pythonJsonAsync<{ type: string; msg: string }[]>(`${PATCH}
x = torch.load(${JSON.stringify(p("x.pt"))})
out = []
for c in json.loads(${JSON.stringify(JSON.stringify(errs.map((e) => e[0])))}):
    try:
        eval(c)
        out.append({"type": "none", "msg": ""})
    except Exception as e:
        out.append({"type": type(e).__name__, "msg": str(e)})
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    U.draw_bounding_boxes(x['u8'], x['boxes'], labels=["a"] * 4, font_size=20)
out.append({"type": w[0].category.__name__, "msg": str(w[0].message)})
print(json.dumps(out))`);
    const x = torch.load(p("x.pt")) as Record<string, T>;
    errs.forEach(([, f], i) => {
      let got: Error | null = null;
      try {
        f(x);
      } catch (e) {
        got = e as Error;
      }
      expect(want[i].type).not.toBe("none");
      expect(got).not.toBeNull();
      expect({ type: got!.name, msg: got!.message }).toEqual(want[i]);
    });
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const withSize = draw(x.u8, x.boxes, { labels: ["a", "a", "a", "a"], font_size: 20 });
    expect(warn).toHaveBeenCalledWith(want[errs.length].msg, want[errs.length].type);
    expect(torch.equal(withSize, draw(x.u8, x.boxes, { labels: ["a", "a", "a", "a"] }))).toBe(true);
    // a TrueType font cannot be loaded by torchts: a clear error rather than different text
    expect(() => draw(x.u8, x.boxes, { labels: ["a", "a", "a", "a"], font: "DejaVuSans.ttf" })).toThrow("Pillow's built-in bitmap font only");
    expect(torch.equal(draw(x.u8, x.boxes, { font: "DejaVuSans.ttf" }), draw(x.u8, x.boxes))).toBe(true);
  });
});
