// torchts/vision's utils (make_grid, save_image, draw_bounding_boxes) and io's encoders
// (encode_png, write_png, encode_jpeg, write_jpeg) against torchvision 0.26 and Pillow: the same
// grids (exact), save_image's PNG read back by Pillow equal to torchvision's, boxes drawn to the
// same pixels as torchvision's (Pillow ImageDraw) draw them, PNGs decoded by torchvision equal to
// the tensor, JPEGs decoded by torchvision within a few levels of it (lossy).
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJsonAsync } from "./helpers/python";
import { expectSavedCase, scratchDir, withTv } from "./helpers/torchvision";

type T = InstanceType<typeof torch.Tensor>;
const { utils, io } = vision;

const dir = scratchDir("torchts-vutils-");
const p = (name: string) => path.join(dir, name);

interface Case {
  name: string;
  py: string;
  ts: (x: Record<string, T>) => T;
}
const grid = utils.make_grid;
const draw = utils.draw_bounding_boxes;
const cases: Case[] = [
  { name: "make_grid batch", py: "U.make_grid(x['b'])", ts: (x) => grid(x.b) },
  { name: "make_grid nrow=3 padding=1 pad_value=0.5", py: "U.make_grid(x['b'], nrow=3, padding=1, pad_value=0.5)", ts: (x) => grid(x.b, { nrow: 3, padding: 1, pad_value: 0.5 }) },
  { name: "make_grid normalize", py: "U.make_grid(x['b'] * 4 - 1, normalize=True)", ts: (x) => grid(x.b.mul(4).sub(1), { normalize: true }) },
  { name: "make_grid normalize value_range scale_each", py: "U.make_grid(x['b'] * 4 - 1, normalize=True, value_range=(-1, 2), scale_each=True)", ts: (x) => grid(x.b.mul(4).sub(1), { normalize: true, value_range: [-1, 2], scale_each: true }) },
  { name: "make_grid normalize scale_each", py: "U.make_grid(x['b'] * 4 - 1, normalize=True, scale_each=True)", ts: (x) => grid(x.b.mul(4).sub(1), { normalize: true, scale_each: true }) },
  { name: "make_grid gray batch", py: "U.make_grid(x['g'], nrow=2)", ts: (x) => grid(x.g, { nrow: 2 }) },
  { name: "make_grid list", py: "U.make_grid([x['b'][0], x['b'][1], x['b'][2]], padding=0)", ts: (x) => grid([x.b.select(0, 0), x.b.select(0, 1), x.b.select(0, 2)], { padding: 0 }) },
  { name: "make_grid single 2-D", py: "U.make_grid(x['b'][0, 0])", ts: (x) => grid(x.b.select(0, 0).select(0, 0)) },
  { name: "make_grid uint8", py: "U.make_grid(x['u8'].unsqueeze(0).repeat(3, 1, 1, 1), nrow=2, pad_value=255)", ts: (x) => grid(x.u8.unsqueeze(0).repeat(3, 1, 1, 1), { nrow: 2, pad_value: 255 }) },
  { name: "draw_bounding_boxes default colors", py: "U.draw_bounding_boxes(x['u8'], x['boxes'])", ts: (x) => draw(x.u8, x.boxes) },
  { name: "draw_bounding_boxes width 3, fill", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], width=3, fill=True)", ts: (x) => draw(x.u8, x.boxes, { width: 3, fill: true }) },
  { name: "draw_bounding_boxes colors list", py: "U.draw_bounding_boxes(x['u8'], x['boxes'], colors=['red', (10, 200, 30), '#00ff7f', 'blue'], width=2)", ts: (x) => draw(x.u8, x.boxes, { colors: ["red", [10, 200, 30], "#00ff7f", "blue"], width: 2 }) },
  { name: "draw_bounding_boxes one color, float image", py: "U.draw_bounding_boxes(x['u8'].float() / 255, x['boxes'], colors='yellow', fill=True)", ts: (x) => draw(x.u8.float().div(255), x.boxes, { colors: "yellow", fill: true }) },
  { name: "draw_bounding_boxes gray image", py: "U.draw_bounding_boxes(x['u8'][:1], x['boxes'][:2])", ts: (x) => draw(x.u8.narrow(0, 0, 1), x.boxes.narrow(0, 0, 2)) },
];

withTv("utils against torchvision", () => {
  beforeAll(async () => {
    await pythonJsonAsync(`
import torchvision.utils as U
g = torch.Generator().manual_seed(0)
x = {"b": torch.rand(5, 3, 6, 7, generator=g), "g": torch.rand(3, 1, 5, 4, generator=g),
     "u8": torch.randint(0, 256, (3, 40, 50), generator=g, dtype=torch.uint8),
     "boxes": torch.tensor([[2.0, 3.0, 20.0, 15.0], [10.7, 5.2, 48.9, 38.1], [0.0, 0.0, 49.0, 39.0], [30.0, 30.0, 60.0, 70.0]])}
torch.save(x, ${JSON.stringify(p("x.pt"))})
cases = json.loads(${JSON.stringify(JSON.stringify(cases.map((c) => c.py)))})
torch.save([eval(c) for c in cases], ${JSON.stringify(p("want.pt"))})
U.save_image(x["b"], ${JSON.stringify(p("py.png"))}, nrow=2)
print(json.dumps(True))`);
  }, 120_000);

  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s", (_n, c, i) => {
    expectSavedCase(dir, i, c.ts, c.name.startsWith("draw") ? 1e-6 : 0);
  });

  it("save_image writes the PNG torchvision writes (pixels read back by Pillow)", async () => {
    const x = torch.load(p("x.pt")) as Record<string, T>;
    utils.save_image(x.b, p("ts.png"), { nrow: 2 });
    const same = await pythonJsonAsync<boolean>(`
import numpy as np
from PIL import Image
a, b = Image.open(${JSON.stringify(p("ts.png"))}), Image.open(${JSON.stringify(p("py.png"))})
print(json.dumps(a.mode == b.mode and a.size == b.size and bool((np.array(a) == np.array(b)).all())))`);
    expect(same).toBe(true);
  });

  it("draw_bounding_boxes: bad input raises torchvision's errors (labels: vision-utils-labels.test.ts)", () => {
    const img = torch.zeros([3, 10, 10], { dtype: torch.uint8 });
    expect(() => draw(torch.zeros([2, 3, 10, 10], { dtype: torch.uint8 }), torch.tensor([[0, 0, 1, 1]]))).toThrow("Pass individual images, not batches");
    expect(() => draw(img.to(torch.int32), torch.tensor([[0, 0, 1, 1]]))).toThrow("The image dtype must be uint8 or float, got torch.int32");
    expect(() => draw(img, torch.tensor([[5, 0, 1, 1]]))).toThrow("Boxes need to be in (xmin, ymin, xmax, ymax) format.");
  });
});

withTv("io encoders against torchvision's decoders", () => {
  it("encode_png / write_png: torchvision decodes the same pixels (gray, gray+alpha, RGB, RGBA)", async () => {
    torch.manual_seed(0);
    const files: string[] = [];
    const imgs: T[] = [];
    for (const c of [1, 2, 3, 4]) {
      const img = torch.randint(0, 256, [c, 13, 21]).to(torch.uint8);
      imgs.push(img);
      const f = p(`enc${c}.png`);
      if (c % 2) io.write_png(img, f, 9);
      else fs.writeFileSync(f, io.encode_png(img).to_typed_array() as Uint8Array);
      files.push(f);
    }
    await pythonJsonAsync(`
import torchvision.io as io
torch.save([io.read_image(f) for f in ${JSON.stringify(files)}], ${JSON.stringify(p("dec.pt"))})
print(json.dumps(True))`);
    const dec = torch.load(p("dec.pt")) as T[];
    imgs.forEach((img, i) => expect(torch.equal(dec[i], img)).toBe(true));
  });

  it("encode_jpeg / write_jpeg: torchvision decodes the image within a few levels (lossy)", async () => {
    // a smooth image: JPEG's error is small there
    const yy = torch.arange(32).view(1, 32, 1).expand(3, 32, 48);
    const xx = torch.arange(48).view(1, 1, 48).expand(3, 32, 48);
    const img = yy.mul(3).add(xx.mul(2)).add(torch.tensor([0, 40, 80]).view(3, 1, 1)).clamp(0, 255).to(torch.uint8);
    io.write_jpeg(img, p("enc.jpg"), 95);
    fs.writeFileSync(p("enc-gray.jpg"), io.encode_jpeg(img.narrow(0, 0, 1)).to_typed_array() as Uint8Array);
    await pythonJsonAsync(`
import torchvision.io as io
torch.save([io.read_image(${JSON.stringify(p("enc.jpg"))}), io.read_image(${JSON.stringify(p("enc-gray.jpg"))}, io.ImageReadMode.GRAY)], ${JSON.stringify(p("decj.pt"))})
print(json.dumps(True))`);
    const [rgb, gray] = torch.load(p("decj.pt")) as T[];
    expect(rgb.shape).toEqual([3, 32, 48]);
    expect(rgb.double().sub(img.double()).abs().mean().item() as number).toBeLessThan(2);
    expect(gray.double().sub(img.narrow(0, 0, 1).double()).abs().mean().item() as number).toBeLessThan(3);
  });
});
