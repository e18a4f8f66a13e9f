// torchts/vision's models against torchvision 0.26: the same builder after the same
// torch.manual_seed gives the same state_dict (keys in order, values bitwise); a state_dict
// Python saved loads with strict and gives the same logits (1e-4, eval mode, fp32 CPU); ResNet's
// train-mode forward updates the BatchNorm buffers as Python's does. Weights: the hub cache
// ($TORCH_HOME/hub/checkpoints) is used when the file is there, a download checks the hash
// prefix in the file name, and offline a clear error names the URL and the cache path.
import * as fs from "node:fs";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJsonAsync, referencePython, runPython, yieldToEventLoop } from "./helpers/python";
import { expectSameTypeErrors } from "./helpers/torchvision";

const { models } = vision;
type T = InstanceType<typeof torch.Tensor>;

let hasTorchvision = false;
try {
  runPython("import torchvision");
  hasTorchvision = true;
} catch {
  hasTorchvision = false;
}
const withTv = hasTorchvision ? describe : describe.skip;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-vmodels-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const maxDiff = (a: T, b: T): number => a.sub(b).abs().max().item() as number;

interface ModelCase {
  name: string;
  /** Python's call, e.g. "resnet18(num_classes=10)" */
  py: string;
  ts: () => InstanceType<typeof torch.nn.Module>;
  input: number[];
  /** one train-mode forward (BatchNorm's batch statistics and buffer updates) before eval: models without dropout */
  train?: boolean;
}

const cases: ModelCase[] = [
  { name: "resnet18", py: "resnet18(num_classes=10)", ts: () => models.resnet18({ num_classes: 10 }), input: [2, 3, 64, 64], train: true },
  { name: "resnet18 zero_init_residual", py: "resnet18(num_classes=7, zero_init_residual=True)", ts: () => models.resnet18({ num_classes: 7, zero_init_residual: true }), input: [1, 3, 32, 32] },
  { name: "resnet34", py: "resnet34(num_classes=10)", ts: () => models.resnet34({ num_classes: 10 }), input: [1, 3, 64, 64] },
  { name: "resnet50", py: "resnet50()", ts: () => models.resnet50(), input: [1, 3, 64, 64], train: true },
  { name: "resnet50 dilation", py: "resnet50(num_classes=5, replace_stride_with_dilation=[False, True, True])", ts: () => models.resnet50({ num_classes: 5, replace_stride_with_dilation: [false, true, true] }), input: [1, 3, 32, 32] },
  { name: "vgg11_bn", py: "vgg11_bn(num_classes=10, dropout=0.3)", ts: () => models.vgg11_bn({ num_classes: 10, dropout: 0.3 }), input: [1, 3, 32, 32] },
  { name: "vgg16", py: "vgg16(num_classes=10)", ts: () => models.vgg16({ num_classes: 10 }), input: [1, 3, 32, 32] },
  { name: "mobilenet_v2", py: "mobilenet_v2(num_classes=10)", ts: () => models.mobilenet_v2({ num_classes: 10 }), input: [2, 3, 64, 64] },
  { name: "mobilenet_v2 width_mult", py: "mobilenet_v2(num_classes=3, width_mult=0.5)", ts: () => models.mobilenet_v2({ num_classes: 3, width_mult: 0.5 }), input: [1, 3, 32, 32] },
  { name: "alexnet", py: "alexnet(num_classes=10)", ts: () => models.alexnet({ num_classes: 10 }), input: [1, 3, 64, 64] },
];

withTv("models against torchvision", () => {
  // Per case: init.pt (the seed-3 model's state_dict), x.pt (the input), and for the loaded
  // model (its BN buffers moved by a train-mode forward where `train`) final.pt, y.pt
  // (eval logits) and ytrain.pt (the train-mode output).
  beforeAll(async () => {
    await pythonJsonAsync(`
import torchvision.models as M, os
cases = json.loads(${JSON.stringify(JSON.stringify(cases.map((c) => ({ name: c.name, py: c.py, input: c.input, train: !!c.train }))))})
for c in cases:
    d = os.path.join(${JSON.stringify(dir)}, c["name"]); os.makedirs(d, exist_ok=True)
    torch.manual_seed(3)
    m = eval("M." + c["py"])
    torch.save(m.state_dict(), os.path.join(d, "init.pt"))
    torch.manual_seed(11)
    x = torch.randn(*c["input"])
    torch.save(x, os.path.join(d, "x.pt"))
    if c["train"]:
        m.train()
        torch.save(m(x).detach(), os.path.join(d, "ytrain.pt"))
        torch.save(m.state_dict(), os.path.join(d, "final.pt"))
    m.eval()
    with torch.no_grad():
        torch.save(m(x), os.path.join(d, "y.pt"))
print(json.dumps(True))
`);
  }, 300_000);

  for (const c of cases) {
    it(`${c.name}: same seed, same state_dict (keys in order, values equal); Python's state_dict loads strict and gives its logits`, async () => {
      const d = path.join(dir, c.name);
      const want = torch.load(path.join(d, "init.pt")) as Record<string, T>;
      await yieldToEventLoop();
      torch.manual_seed(3);
      const model = c.ts();
      await yieldToEventLoop();
      const sd = model.state_dict();
      expect(Object.keys(sd)).toEqual(Object.keys(want));
      const unequal = Object.keys(want).filter((k) => !torch.equal(sd[k], want[k]));
      expect(unequal).toEqual([]);
      const x = torch.load(path.join(d, "x.pt")) as T;
      if (c.train) {
        model.train();
        const ytrain = torch.no_grad(() => (model.forward as (x: T) => T)(x));
        expect(maxDiff(ytrain, torch.load(path.join(d, "ytrain.pt")) as T)).toBeLessThanOrEqual(1e-4);
        const final = torch.load(path.join(d, "final.pt")) as Record<string, T>;
        const after = model.state_dict();
        for (const k of Object.keys(final)) expect(maxDiff(after[k].double(), final[k].double()), k).toBeLessThanOrEqual(1e-5);
      }
      // a model built from another seed, then Python's final state_dict loaded into it
      await yieldToEventLoop();
      torch.manual_seed(5);
      const loaded = c.ts();
      const result = loaded.load_state_dict(torch.load(path.join(d, c.train ? "final.pt" : "init.pt")) as Record<string, T>, { strict: true });
      expect(result.missing_keys).toEqual([]);
      expect(result.unexpected_keys).toEqual([]);
      loaded.eval();
      const y = torch.no_grad(() => (loaded.forward as (x: T) => T)(x));
      const yWant = torch.load(path.join(d, "y.pt")) as T;
      expect(y.shape).toEqual(yWant.shape);
      expect(maxDiff(y, yWant)).toBeLessThanOrEqual(1e-4);
    });
  }

  it("prints the module tree Python prints (resnet18 block, mobilenet_v2 block)", async () => {
    const want = await pythonJsonAsync<string[]>(`
import torchvision.models as M
print(json.dumps([repr(M.resnet18().layer2[0]), repr(M.mobilenet_v2().features[2])]))`);
    expect([String(models.resnet18().layer2[0]), String(models.mobilenet_v2().features[2])]).toEqual(want);
  });

  it("bad arguments raise Python's errors", () => {
    // Python: resnet18() takes 0 positional arguments; the options object is the builder's own
    expect(() => models.resnet18(5 as never)).toThrow("resnet18(): options must be an object, not number");
    expect(() => models.vgg16_bn("x" as never)).toThrow("vgg16_bn(): options must be an object, not string");
    expect(() => new models.BasicBlock(64, 64, { groups: 2 })).toThrow("BasicBlock only supports groups=1 and base_width=64");
    expect(() => models.resnet18({ replace_stride_with_dilation: [true] })).toThrow("replace_stride_with_dilation should be None or a 3-element tuple, got [True]");
    expect(() => models.resnet18({ weights: "IMAGENET1K_V9" })).toThrow("Failed to convert value 'IMAGENET1K_V9' to an enum of ResNet18_Weights.");
    expect(() => models.resnet18({ weights: models.ResNet34_Weights.DEFAULT })).toThrow("Invalid Weight class provided; expected ResNet18_Weights but received ResNet34_Weights.IMAGENET1K_V1.");
    expect(() => models.resnet18({ weights: "DEFAULT", num_classes: 10 })).toThrow("The parameter 'num_classes' expected value 1000 but got 10 instead.");
  });
});

withTv("an unknown keyword", () => {
  // torchvision's builders pass **kwargs on to the model class, so the class's __init__ refuses
  // an unknown one, whichever way the model was made.
  it("names the __init__ that refuses it, as torchvision", async () => {
    const foo = { foo: 1 } as never;
    await expectSameTypeErrors("import torchvision.models as M\nfrom torchvision.models.resnet import BasicBlock, Bottleneck", [
      ["M.resnet18(num_clases=3)", () => models.resnet18({ num_clases: 3 } as never)],
      ["M.resnet50(foo=1)", () => models.resnet50(foo)],
      ["M.alexnet(foo=1)", () => models.alexnet(foo)],
      ["M.mobilenet_v2(foo=1)", () => models.mobilenet_v2(foo)],
      ["M.vgg11(foo=1)", () => models.vgg11(foo)],
      ["M.vgg16_bn(foo=1)", () => models.vgg16_bn(foo)],
      ["M.ResNet(BasicBlock, [2, 2, 2, 2], foo=1)", () => new models.ResNet(models.BasicBlock, [2, 2, 2, 2], foo)],
      ["BasicBlock(64, 64, foo=1)", () => new models.BasicBlock(64, 64, foo)],
      ["Bottleneck(64, 16, foo=1)", () => new models.Bottleneck(64, 16, foo)],
      ["M.AlexNet(foo=1)", () => new models.AlexNet(foo)],
      ["M.MobileNetV2(foo=1)", () => new models.MobileNetV2(foo)],
      ['M.VGG(M.vgg.make_layers(M.vgg.cfgs["A"]), foo=1)', () => new models.VGG(models.make_layers(models.cfgs.A), foo)],
    ]);
  });
});

withTv("weights", () => {
  it("the enums carry torchvision's urls, DEFAULT aliases, categories and meta", async () => {
    const want = await pythonJsonAsync<Record<string, unknown>>(`
import torchvision.models as M
out = {}
for e in ["ResNet18_Weights", "ResNet34_Weights", "ResNet50_Weights", "VGG11_Weights", "VGG11_BN_Weights", "VGG16_Weights", "VGG16_BN_Weights", "MobileNet_V2_Weights", "AlexNet_Weights"]:
    en = getattr(M, e)
    out[e] = dict(names=[w.name for w in en], default=en.DEFAULT.name,
                  urls=[w.url for w in en], params=[w.meta["num_params"] for w in en], min=[list(w.meta["min_size"]) for w in en],
                  cats=en.DEFAULT.meta["categories"])
print(json.dumps(out))`);
    const got: Record<string, unknown> = {};
    for (const e of Object.keys(want)) {
      const en = (models as unknown as Record<string, { names: string[]; DEFAULT: InstanceType<typeof models.Weights> } & Record<string, InstanceType<typeof models.Weights>>>)[e];
      const ws = en.names.map((n) => en[n]);
      got[e] = {
        names: [...en.names], default: en.DEFAULT.name, urls: ws.map((w) => w.url), params: ws.map((w) => w.meta.num_params),
        min: ws.map((w) => w.meta.min_size), cats: en.DEFAULT.meta.categories,
      };
    }
    expect(got).toEqual(want);
  });

  it("weights.transforms() is the ImageClassification preset: same tensor as Python's", async () => {
    const img = (torch.manual_seed(4), torch.randint(0, 256, [3, 300, 270])).to(torch.uint8);
    const file = path.join(dir, "img.pt");
    torch.save(img, file);
    const outs = path.join(dir, "preset.pt");
    await pythonJsonAsync(`
import torchvision.models as M
img = torch.load(${JSON.stringify(file)})
torch.save({"r18": M.ResNet18_Weights.IMAGENET1K_V1.transforms()(img), "r50": M.ResNet50_Weights.DEFAULT.transforms()(img),
            "f": M.ResNet50_Weights.DEFAULT.transforms()(img.float() / 255)}, ${JSON.stringify(outs)})
print(json.dumps(True))`);
    const want = torch.load(outs) as Record<string, T>;
    const r18 = models.ResNet18_Weights.IMAGENET1K_V1.transforms().forward(img);
    const r50 = models.ResNet50_Weights.DEFAULT.transforms();
    expect(r18.shape).toEqual([3, 224, 224]);
    expect(maxDiff(r18, want.r18)).toBeLessThanOrEqual(1e-5);
    expect(maxDiff(r50.forward(img), want.r50)).toBeLessThanOrEqual(1e-5);
    expect(maxDiff(r50.forward(img.float().div(255)), want.f)).toBeLessThanOrEqual(1e-5);
    expect(r50.resize_size).toEqual([232]);
  });

  it("a file already in $TORCH_HOME/hub/checkpoints is loaded (no download), as Python loads it", async () => {
    const home = path.join(dir, "torch-home");
    const out = path.join(dir, "cached-logits.pt");
    // Python writes a random resnet18 under the official file name, then builds resnet18(weights=DEFAULT) from the cache.
    await pythonJsonAsync(`
import os, torchvision.models as M
os.environ["TORCH_HOME"] = ${JSON.stringify(home)}
ck = os.path.join(${JSON.stringify(home)}, "hub", "checkpoints"); os.makedirs(ck, exist_ok=True)
torch.manual_seed(8)
torch.save(M.resnet18().state_dict(), os.path.join(ck, "resnet18-f37072fd.pth"))
m = M.resnet18(weights="DEFAULT").eval()
torch.manual_seed(9); x = torch.randn(1, 3, 48, 48)
with torch.no_grad(): torch.save({"x": x, "y": m(x)}, ${JSON.stringify(out)})
print(json.dumps(True))`);
    const saved = process.env.TORCH_HOME;
    process.env.TORCH_HOME = home;
    try {
      expect(torch.hub.get_dir()).toBe(path.join(home, "hub"));
      const m = models.resnet18({ weights: models.ResNet18_Weights.DEFAULT }).eval();
      const { x, y } = torch.load(out) as Record<string, T>;
      expect(maxDiff(torch.no_grad(() => m.forward(x)), y)).toBeLessThanOrEqual(1e-4);
      const m2 = models.resnet18({ weights: "ResNet18_Weights.IMAGENET1K_V1", progress: false }).eval();
      expect(maxDiff(torch.no_grad(() => m2.forward(x)), y)).toBeLessThanOrEqual(1e-4);
    } finally {
      if (saved === undefined) delete process.env.TORCH_HOME;
      else process.env.TORCH_HOME = saved;
    }
  });

  it("offline, a missing file fails with a message naming the URL and the cache path", () => {
    // The download runs in a child Node process: a preload makes its fetch fail as an offline machine's does.
    const stub = path.join(dir, "offline.cjs");
    fs.writeFileSync(stub, `globalThis.fetch = async () => { const e = new TypeError("fetch failed"); e.cause = new Error("getaddrinfo ENOTFOUND download.pytorch.org"); throw e; };\n`);
    const saved = { home: process.env.TORCH_HOME, opts: process.env.NODE_OPTIONS };
    process.env.TORCH_HOME = path.join(dir, "empty-home");
    process.env.NODE_OPTIONS = `${saved.opts ?? ""} --require ${stub}`.trim();
    try {
      const cached = path.join(dir, "empty-home", "hub", "checkpoints", "mobilenet_v2-7ebf99e0.pth");
      let message = "";
      try {
        models.mobilenet_v2({ weights: "DEFAULT", progress: false });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("Error downloading https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth");
      expect(message).toContain("ENOTFOUND");
      expect(message).toContain(`put the file at ${cached}`);
      expect(fs.existsSync(cached)).toBe(false);
      expect(fs.readdirSync(path.dirname(cached))).toEqual([]);
    } finally {
      for (const [k, v] of [["TORCH_HOME", saved.home], ["NODE_OPTIONS", saved.opts]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it("load_state_dict_from_url downloads through the cache folder and checks the hash prefix in the name", async () => {
    const served = path.join(dir, "served");
    fs.mkdirSync(served, { recursive: true });
    const prefix = await pythonJsonAsync<string>(`
import hashlib, shutil
torch.manual_seed(1)
p = ${JSON.stringify(path.join(served, "w.pth"))}
torch.save({"a": torch.randn(3), "b": torch.arange(4)}, p)
h = hashlib.sha256(open(p, "rb").read()).hexdigest()[:8]
shutil.copy(p, ${JSON.stringify(served)} + f"/tiny-{h}.pth"); shutil.copy(p, ${JSON.stringify(served)} + "/tiny-00000000.pth")
print(json.dumps(h))`);
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const server = spawn(referencePython(), ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", served], { stdio: "ignore" });
    try {
      for (let i = 0; i < 100; i++) {
        const up = await new Promise<boolean>((resolve) => {
          const c = net.connect(port, "127.0.0.1", () => (c.end(), resolve(true))).on("error", () => resolve(false));
        });
        if (up) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const model_dir = path.join(dir, "dl");
      const sd = torch.hub.load_state_dict_from_url(`http://127.0.0.1:${port}/tiny-${prefix}.pth`, { model_dir, check_hash: true, progress: false });
      expect((sd.b as T).tolist()).toEqual([0, 1, 2, 3]);
      expect(fs.readdirSync(model_dir)).toEqual([`tiny-${prefix}.pth`]);
      expect(() => torch.hub.load_state_dict_from_url(`http://127.0.0.1:${port}/tiny-00000000.pth`, { model_dir, check_hash: true, progress: false }))
        .toThrow(/invalid hash value \(expected "00000000", got "[0-9a-f]{64}"\)/);
      expect(fs.readdirSync(model_dir)).toEqual([`tiny-${prefix}.pth`]);
    } finally {
      server.kill();
    }
  });
});
