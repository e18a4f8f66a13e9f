// torch.load of torch.save's legacy (non-zip) format against Python torch 2.11: Python writes
// files with _use_new_zipfile_serialization=False (every file saved before PyTorch 1.6 is in it:
// torchvision's AlexNet, VGG and MobileNetV2 weights), torchts loads them and gets what Python's
// torch.load reports about the same files (values, dtypes, shapes, strides, storage offsets,
// parameters, views still sharing memory); a torchvision model's legacy state_dict gives
// Python's logits; corrupt files raise Python's errors.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import torch from "torchts";
import * as vision from "torchts/vision";
import { pythonJson, runPython } from "./helpers/python";
import { scratchDir, withTv } from "./helpers/torchvision";

type T = InstanceType<typeof torch.Tensor>;
const dir = scratchDir("torchts-ser-legacy-");
const p = (name: string) => path.join(dir, name);
const py = (s: string) => JSON.stringify(s);
const LEGACY = "_use_new_zipfile_serialization=False";

// What Python and torchts report about a loaded object: tensors described, tuples as lists.
const PY_CONV = `
def desc(t):
    v = torch.view_as_real(t) if t.is_complex() else t
    return {"dtype": str(t.dtype)[6:], "shape": list(t.shape), "stride": list(t.stride()), "offset": t.storage_offset(),
            "values": v.tolist(), "requires_grad": t.requires_grad, "param": isinstance(t, torch.nn.Parameter)}
def conv(v):
    if isinstance(v, torch.Tensor): return {"__tensor__": desc(v)}
    if isinstance(v, dict): return {str(k): conv(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [conv(x) for x in v]
    return v
`;
function conv(v: unknown): unknown {
  if (v instanceof torch.Tensor) {
    const t = v as T;
    const values = t.is_complex() ? torch.view_as_real(t).tolist() : t.tolist();
    return {
      __tensor__: { dtype: t.dtype.name, shape: [...t.shape], stride: [...t.stride()], offset: t.storage_offset(), values, requires_grad: t.requires_grad, param: t instanceof torch.nn.Parameter },
    };
  }
  if (Array.isArray(v)) return v.map(conv);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, conv(x)]));
  return v;
}

// The files, each made by Python (the same code builds them here and in the truth below).
const MAKE = `
import torch.nn as nn
def model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 5))
def make_files(d):
    j = lambda n: os.path.join(d, n)
    m = model()
    torch.manual_seed(1)
    m.train(); m(torch.randn(2, 3, 6, 6))  # BatchNorm's running stats and num_batches_tracked move
    m.eval()
    torch.save(m.state_dict(), j("state_dict.pt"), ${LEGACY})
    torch.save(m, j("module.pt"), ${LEGACY})
    torch.manual_seed(2)
    x = torch.randn(2, 3, 6, 6)
    with torch.no_grad(): torch.save({"x": x, "y": m(x)}, j("xy.pt"))
    base = (torch.arange(24).double() - 12) * 0.75
    ds = {}
    for name in ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool", "complex64"]:
        dt = getattr(torch, name)
        if name == "bool": ds[name] = (torch.arange(24) % 3 == 0).reshape(4, 6)
        elif name == "uint8": ds[name] = (torch.arange(24) * 10).to(dt).reshape(4, 6)
        elif name == "complex64": ds[name] = torch.complex(base.float(), -base.float()).reshape(4, 6)
        else: ds[name] = base.to(dt).reshape(4, 6)
    ds["scalar"] = torch.tensor(2.5, dtype=torch.float64)
    ds["scalar_int"] = torch.tensor(-7)
    ds["empty"] = torch.zeros(0, 3)
    ds["empty_long"] = torch.zeros(0, dtype=torch.int64)
    torch.save(ds, j("dtypes.pt"), ${LEGACY})
    b = torch.arange(12).float().reshape(3, 4)
    x = torch.arange(10.)
    n = torch.arange(40).reshape(5, 8)
    torch.save({"base": b, "t": b.t(), "slice": b[1:, ::2], "row": b[2], "reshaped": b.view(4, 3),
                "head": x[:6], "tail": x[4:], "window": n[1:4, 2:7:2], "window_t": n.t()[3:]}, j("views.pt"), ${LEGACY})
    torch.manual_seed(3)
    torch.save({"w": nn.Parameter(torch.randn(3, 2)), "frozen": nn.Parameter(torch.ones(2), requires_grad=False),
                "grad": torch.full((2,), 4.0).requires_grad_(), "plain": torch.ones(1)}, j("params.pt"), ${LEGACY})
    torch.save({"numbers": [1, -2, 2**40, 2.5, 1e-300, True, False, None], "strings": ["s", "", "ünï"],
                "tuple": (3, "t", (torch.tensor([1, 2]), None)), "nested": {"a": {"b": [torch.tensor(1.5), {"c": ()}]}},
                "list_of_tensors": [torch.ones(2, dtype=torch.int32), torch.zeros(1, 1)]}, j("nested.pt"), ${LEGACY})
    torch.save(torch.arange(6.), j("one.pt"), ${LEGACY})
`;

beforeAll(() => {
  runPython(`import os\n${MAKE}\nmake_files(${py(dir)})`);
}, 120_000);

/** What Python's torch.load reports about each file (weights_only=True). */
function pythonLoads(files: string[]): Record<string, unknown> {
  return pythonJson(`import os\n${PY_CONV}
out = {}
for f in json.loads(${py(JSON.stringify(files))}):
    out[f] = conv(torch.load(os.path.join(${py(dir)}, f)))
print(json.dumps(out))`);
}

describe("legacy files Python wrote load as Python loads them", () => {
  const files = ["state_dict.pt", "dtypes.pt", "views.pt", "params.pt", "nested.pt", "one.pt"];
  let want: Record<string, unknown>;
  beforeAll(() => {
    want = pythonLoads(files);
  });

  for (const f of files) {
    it(`${f}: values, dtypes, shapes, strides, offsets and parameters as Python reports them`, () => {
      expect(conv(torch.load(p(f)))).toStrictEqual(want[f]);
    });
  }

  it("the state_dict loads (strict) into the same torchts model, which gives Python's logits", () => {
    torch.manual_seed(7);
    const m = new torch.nn.Sequential(new torch.nn.Conv2d(3, 4, 3), new torch.nn.BatchNorm2d(4), new torch.nn.ReLU(), new torch.nn.Flatten(), new torch.nn.Linear(64, 5));
    const r = m.load_state_dict(torch.load(p("state_dict.pt")), { strict: true });
    expect([r.missing_keys, r.unexpected_keys]).toEqual([[], []]);
    m.eval();
    const { x, y } = torch.load(p("xy.pt")) as Record<string, T>;
    const got = torch.no_grad(() => (m.forward as (x: T) => T)(x));
    expect(got.sub(y).abs().max().item()).toBeLessThanOrEqual(1e-5);
  });

  it("views share their storage after the load: in-place changes show through, as in Python", () => {
    const wantAfter = pythonJson(`import os\n${PY_CONV}
o = torch.load(os.path.join(${py(dir)}, "views.pt"))
o["base"].add_(100); o["head"].mul_(-1); o["window_t"][0].fill_(-5)
print(json.dumps(conv(o)))`);
    const o = torch.load(p("views.pt")) as Record<string, T>;
    o.base.add_(100);
    o.head.mul_(-1);
    o.window_t.select(0, 0).fill_(-5);
    expect(conv(o)).toStrictEqual(wantAfter);
    // and the values changed where Python's did (not a test of a no-op)
    expect((conv(o) as Record<string, { __tensor__: { values: unknown } }>).tail.__tensor__.values).toStrictEqual([-4, -5, 6, 7, 8, 9]);
  });

  it("map_location: a function is called once per storage with its location, as Python calls it; the views still share", () => {
    const calls = pythonJson<string[]>(`import os
calls = []
torch.load(os.path.join(${py(dir)}, "views.pt"), map_location=lambda s, loc: (calls.append(loc), s)[1])
print(json.dumps(calls))`);
    const seen: string[] = [];
    const o = torch.load(p("views.pt"), { map_location: (s: T, loc: string) => (seen.push(loc), s) }) as Record<string, T>;
    expect(seen).toStrictEqual(calls);
    expect(calls.length).toBe(3);
    o.base.zero_();
    expect(o.t.sum().item()).toBe(0);
    for (const map_location of ["cpu", { cpu: "cpu" }, torch.device("cpu")]) {
      expect(conv(torch.load(p("views.pt"), { map_location: map_location as never }))).toStrictEqual(conv(torch.load(p("views.pt"))));
    }
  });

  it("map_location: a function that returns something other than a storage is Python's TypeError, legacy and zip files alike", () => {
    torch.save(torch.zeros(2), p("zip-zeros.pt"));
    const want = pythonJson<string[]>(`import os
out = []
for f in ["views.pt", "zip-zeros.pt"]:
    try:
        torch.load(os.path.join(${py(dir)}, f), map_location=lambda s, loc: 0.5, weights_only=False)
        out.append("loaded")
    except Exception as e:
        out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))`);
    const got = ["views.pt", "zip-zeros.pt"].map((f) => {
      try {
        torch.load(p(f), { map_location: (() => 0.5) as never, weights_only: false });
        return "loaded";
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    });
    expect(got).toStrictEqual(want);
  });

  it("a whole module saved (its classes as 'module' persistent ids) loads with weights_only=false and gives Python's output; weights_only refuses it in both", () => {
    const verdict = pythonJson<string>(`import os
try:
    torch.load(os.path.join(${py(dir)}, "module.pt"))
    print(json.dumps("loaded"))
except Exception as e:
    print(json.dumps(type(e).__name__ + ": " + str(e)))`);
    expect(verdict).toMatch(/^UnpicklingError: Weights only load failed/);
    expect(() => torch.load(p("module.pt"))).toThrow(/Weights only load failed/);
    const m = torch.load(p("module.pt"), { weights_only: false }) as InstanceType<typeof torch.nn.Sequential>;
    expect(m).toBeInstanceOf(torch.nn.Sequential);
    expect(m.training).toBe(false);
    const { x, y } = torch.load(p("xy.pt")) as Record<string, T>;
    const got = torch.no_grad(() => (m.forward as (x: T) => T)(x));
    expect(got.sub(y).abs().max().item()).toBeLessThanOrEqual(1e-5);
  });
});

// A file as PyTorch < 1.0 wrote them, which today's Python cannot write: tensors rebuilt by
// torch._utils._rebuild_tensor (v1) on storage views (view_metadata (view_key, offset, size)) of
// one root storage of 12 floats. \`extra\` adds entries to the saved dict.
const PY_OLD_FILE = (file: string, extra = "") => `import pickle, struct, io
class Ref:
    def __init__(self, view): self.view = view
class Rebuild:
    def __init__(self, *a): self.a = a
    def __reduce__(self): return (torch._utils._rebuild_tensor, self.a)
class P(pickle.Pickler):
    def persistent_id(self, obj):
        return ("storage", torch.FloatStorage, "root", "cpu", 12, obj.view) if isinstance(obj, Ref) else None
buf = io.BytesIO()
for v in (0x1950a86a20f9469cfc6c, 1001, {"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}):
    pickle.dump(v, buf, protocol=2)
P(buf, protocol=2).dump({"whole": Rebuild(Ref(None), 0, (3, 4), (4, 1)), "view": Rebuild(Ref(("v", 4, 6)), 1, (2, 2), (1, 2)),
                         "again": Rebuild(Ref(("v", 4, 6)), 0, (6,), (1,))${extra}})
pickle.dump(["root"], buf, protocol=2)
buf.write(struct.pack("<q", 12)); buf.write(struct.pack("<12f", *range(12)))
open(${py(file)}, "wb").write(buf.getvalue())`;

describe("files of PyTorch < 1.0: storage views and _rebuild_tensor", () => {
  it("tensors on storage views load with Python's values and strides, and share the root storage's memory as in Python", () => {
    runPython(PY_OLD_FILE(p("old.pt")));
    const want = pythonJson<Record<string, unknown>[]>(`import os\n${PY_CONV}
o = torch.load(${py(p("old.pt"))})
before = conv(o)
o["view"].add_(100)
print(json.dumps([before, conv(o)]))`);
    const o = torch.load(p("old.pt")) as Record<string, T>;
    // Python's offsets count from the view storage's start; torchts's view is a slice of the root, 4 elements in
    const shifted = (c: unknown) => {
      const x = structuredClone(c) as Record<string, { __tensor__: { offset: number } }>;
      for (const k of ["view", "again"]) x[k].__tensor__.offset -= 4;
      return x;
    };
    expect(shifted(conv(o))).toStrictEqual(want[0]);
    o.view.add_(100);
    expect(shifted(conv(o))).toStrictEqual(want[1]);
    expect(o.whole.select(0, 1).tolist()).toStrictEqual([4, 105, 106, 107]);
  });

  it("a tensor reaching past its storage view is refused, as Python refuses it", () => {
    runPython(PY_OLD_FILE(p("old-past.pt"), `, "past": Rebuild(Ref(("v", 4, 6)), 3, (4,), (1,))`));
    const verdict = pythonJson<string>(`
try:
    torch.load(${py(p("old-past.pt"))}); print(json.dumps("loaded"))
except Exception as e:
    print(json.dumps(str(e)))`);
    expect(verdict).toMatch(/^Trying to resize storage that is not resizable/);
    expect(() => torch.load(p("old-past.pt"))).toThrow(/a tensor of size \[4\] and stride \[1\] at offset 3 does not fit its storage \(it reaches element 6 of a storage of 6 elements\)/);
  });
});

describe("bad legacy files raise Python's errors, never crash or hang", () => {
  /** Python's torch.load verdict on each file: "loaded" or "<Error>: <message>". */
  function pythonVerdicts(files: string[], extra = ""): Record<string, string> {
    return pythonJson(`import os, sys, warnings
warnings.simplefilter("ignore")
res = {}
for f in json.loads(sys.stdin.read()):
    try:
        torch.load(f${extra})
        res[f] = "loaded"
    except Exception as e:
        res[f] = type(e).__name__ + ": " + str(e)
print(json.dumps(res))`, JSON.stringify(files));
  }
  const refused = (file: string, options?: object): Error => {
    let caught: unknown;
    try {
      torch.load(file, options);
    } catch (error) {
      caught = error;
    }
    expect(caught, `${path.basename(file)} was loaded`).toBeInstanceOf(Error);
    return caught as Error;
  };

  it("every truncation of a legacy file is refused with an error naming it; Python refuses them too, and with the same EOF message in the storage bytes", () => {
    const whole = fs.readFileSync(p("nested.pt"));
    const files: string[] = [];
    const ours: Record<string, string> = {};
    for (let n = 0; n < whole.length; n++) {
      const file = p(`cut-${n}.pt`);
      fs.writeFileSync(file, whole.subarray(0, n));
      const e = refused(file);
      expect(e.name).toBe("UnpicklingError");
      expect(e.message).toContain(file);
      ours[file] = e.message;
      files.push(file);
    }
    const verdicts = pythonVerdicts(files);
    for (const f of files) expect(verdicts[f], f).not.toBe("loaded");
    // in the storages' bytes (after the pickles) both say how many bytes are missing, in the same words
    const tail = files.slice(-20).filter((f) => /unexpected EOF/.test(verdicts[f]));
    expect(tail.length).toBeGreaterThan(10);
    for (const f of tail) expect(ours[f]).toContain(verdicts[f].replace(/^RuntimeError: /, ""));
  });

  it("a corrupt magic number, protocol version or storage size: Python's messages", () => {
    const one = fs.readFileSync(p("one.pt"));
    // the pickles: PROTO 2, LONG1 10 <magic>, STOP; PROTO 2, BININT2 1001, STOP; ...; one float32 storage of 6 at the end
    expect([...one.subarray(0, 3)]).toEqual([0x80, 0x02, 0x8a]);
    const magic = Buffer.from(one);
    magic[5] ^= 0xff;
    const version = Buffer.from(one);
    expect([...version.subarray(15, 21)]).toEqual([0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e]);
    version[18] = 0xea;
    const size = Buffer.from(one);
    size.writeBigInt64LE(7n, one.length - 8 - 24);
    // Python's size message is "expected %ld got %ld2824" (its format string is not formatted): torchts fills it in
    const cases: [string, Buffer, string, string][] = [
      ["magic.pt", magic, "Invalid magic number; corrupt file?", "Invalid magic number; corrupt file?"],
      ["version.pt", version, "Invalid protocol version: 1002", "Invalid protocol version: 1002"],
      ["size.pt", size, "storage has wrong byte size: expected %ld got %ld2824", "storage has wrong byte size: expected 24 got 28"],
    ];
    for (const [name, data] of cases) fs.writeFileSync(p(name), data);
    const verdicts = pythonVerdicts(cases.map(([name]) => p(name)));
    for (const [name, , python, ours] of cases) {
      expect(verdicts[p(name)]).toBe(`RuntimeError: ${python}`);
      const e = refused(p(name));
      expect(e.name).toBe("UnpicklingError");
      expect(e.message).toBe(`torch.load: ${p(name)}: ${ours}`);
    }
  });

  it("a storage count larger than the file is refused before anything is allocated", () => {
    const one = fs.readFileSync(p("one.pt"));
    // the persistent id's numel (BININT1 6 → BININT 2^31-1) in the object's pickle
    const at = one.indexOf(Buffer.from([0x4b, 0x06, 0x4e]));
    expect(at).toBeGreaterThan(0);
    const huge = Buffer.concat([one.subarray(0, at), Buffer.from([0x4a, 0xff, 0xff, 0xff, 0x7f, 0x4e]), one.subarray(at + 3)]);
    fs.writeFileSync(p("huge.pt"), huge);
    expect(pythonVerdicts([p("huge.pt")])[p("huge.pt")]).not.toBe("loaded");
    expect(refused(p("huge.pt")).message).toMatch(/storage \d+ of 2147483647 float32 elements: more bytes than the file holds/);
  });

  it("a pickle naming another global is refused without running it, with weights_only or not", () => {
    runPython(`import os
class Evil:
    def __reduce__(self): return (os.getcwd, ())
torch.save({"x": torch.ones(2), "e": Evil()}, ${py(p("evil.pt"))}, ${LEGACY})`);
    expect(pythonVerdicts([p("evil.pt")])[p("evil.pt")]).toMatch(/^UnpicklingError: Weights only load failed/);
    expect(refused(p("evil.pt")).message).toMatch(/Weights only load failed.*GLOBAL posix\.getcwd/s);
    expect(refused(p("evil.pt"), { weights_only: false }).message).toMatch(/posix\.getcwd/);
  });

  it("mmap=true: Python's error (mmap needs the zip format)", () => {
    const verdict = pythonVerdicts([p("one.pt")], ", mmap=True")[p("one.pt")];
    expect(verdict).toMatch(/^RuntimeError: mmap can only be used/);
    expect(refused(p("one.pt"), { mmap: true }).message).toBe(verdict.replace(/^RuntimeError: /, ""));
  });

  it("the .tar format of PyTorch 0.3: Python's error with weights_only, a clear one without", () => {
    runPython(`import tarfile, io, pickle
with tarfile.open(${py(p("old.tar.pt"))}, "w", format=tarfile.PAX_FORMAT) as tar:
    for name in ["storages", "tensors"]:
        data = pickle.dumps(0, protocol=2)
        info = tarfile.TarInfo(name); info.size = len(data); tar.addfile(info, io.BytesIO(data))`);
    const verdict = pythonVerdicts([p("old.tar.pt")])[p("old.tar.pt")];
    expect(verdict).toMatch(/^RuntimeError: Cannot use ``weights_only=True`` with files saved in the legacy \.tar format/);
    expect(refused(p("old.tar.pt")).message).toContain(verdict.replace(/^RuntimeError: /, ""));
    expect(refused(p("old.tar.pt"), { weights_only: false }).message).toMatch(/\.tar format \(PyTorch 0\.3 and older\), which torchts cannot read/);
  });
});

withTv("torchvision weights in the legacy format", () => {
  const { models } = vision;
  // MobileNet_V2_Weights.IMAGENET1K_V1's file name: torchvision's own file is in the legacy format
  const home = path.join(dir, "torch-home");
  const cached = path.join(home, "hub", "checkpoints", "mobilenet_v2-b0353104.pth");
  beforeAll(() => {
    runPython(`import os, torchvision.models as M
os.environ["TORCH_HOME"] = ${py(home)}
os.makedirs(os.path.dirname(${py(cached)}), exist_ok=True)
torch.manual_seed(8)
torch.save(M.mobilenet_v2().state_dict(), ${py(cached)}, ${LEGACY})
m = M.mobilenet_v2(weights="IMAGENET1K_V1").eval()
torch.manual_seed(9); x = torch.randn(1, 3, 64, 64)
with torch.no_grad(): torch.save({"x": x, "y": m(x)}, ${py(p("mnv2-logits.pt"))})`);
  }, 120_000);

  it("a mobilenet_v2 state_dict saved legacy loads strict into torchts's model and gives Python's logits", () => {
    expect(fs.readFileSync(cached)[0]).toBe(0x80); // a pickle, not a zip archive
    torch.manual_seed(5);
    const m = models.mobilenet_v2();
    const r = m.load_state_dict(torch.load(cached), { strict: true });
    expect([r.missing_keys, r.unexpected_keys]).toEqual([[], []]);
    m.eval();
    const { x, y } = torch.load(p("mnv2-logits.pt")) as Record<string, T>;
    const got = torch.no_grad(() => (m.forward as (x: T) => T)(x));
    expect(got.shape).toEqual([1, 1000]);
    expect(got.sub(y).abs().max().item()).toBeLessThanOrEqual(1e-4);
  });

  it("weights=IMAGENET1K_V1 reads the legacy file from the hub cache, as Python does", () => {
    const saved = process.env.TORCH_HOME;
    process.env.TORCH_HOME = home;
    try {
      const m = models.mobilenet_v2({ weights: models.MobileNet_V2_Weights.IMAGENET1K_V1 }).eval();
      const { x, y } = torch.load(p("mnv2-logits.pt")) as Record<string, T>;
      const got = torch.no_grad(() => (m.forward as (x: T) => T)(x));
      expect(got.sub(y).abs().max().item()).toBeLessThanOrEqual(1e-4);
    } finally {
      if (saved === undefined) delete process.env.TORCH_HOME;
      else process.env.TORCH_HOME = saved;
    }
  });
});
