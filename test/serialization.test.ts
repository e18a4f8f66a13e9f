// torch.save / torch.load and safetensors against Python torch 2.11: files written by each
// side are read by the other (values, dtypes, shapes, views sharing storage, optimizer state
// that Python's AdamW resumes from), malicious and corrupt files are refused with clear
// errors, and a save killed mid-way leaves the previous checkpoint intact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { unzipSync, zipSync } from "fflate";
import torch from "torchts";
import { pythonJson, runPython } from "./helpers/python";
import { projectRoot } from "./helpers/node";

type T = InstanceType<typeof torch.Tensor>;
let dir: string;
const p = (name: string) => path.join(dir, name);
const py = (s: string) => JSON.stringify(s);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-ser-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface PyT {
  dtype: string;
  shape: number[];
  values: unknown;
  contiguous?: boolean;
}
const PY_DESCRIBE = `
def describe(t):
    return {"dtype": str(t.dtype)[6:], "shape": list(t.shape), "values": t.tolist(), "contiguous": t.is_contiguous()}
`;

function expectTensor(t: unknown, e: PyT, atol = 0): void {
  expect(t).toBeInstanceOf(torch.Tensor);
  const x = t as T;
  expect(x.dtype.name).toBe(e.dtype);
  expect(x.shape).toStrictEqual(e.shape);
  if (atol === 0) expect(x.tolist()).toStrictEqual(e.values);
  else {
    const a = (x.tolist() as unknown as number[]).flat(4) as number[];
    const b = (e.values as number[]).flat(4) as number[];
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(atol));
  }
}

const DTYPES = ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool"] as const;

/** Tensors of every dtype, views of one storage, and a 0-dim tensor (the same in Python). */
function makeTensors(): Record<string, T> {
  const out: Record<string, T> = {};
  const base = torch.arange(24).to(torch.float64).sub(12).mul(0.75);
  for (const d of DTYPES) {
    const dt = (torch as any)[d];
    out[d] = d === "bool" ? torch.arange(24).remainder(3).eq(0).reshape(4, 6) : d === "uint8" ? torch.arange(24).mul(10).to(dt).reshape(4, 6) : base.to(dt).reshape(4, 6);
  }
  const b = torch.arange(12).to(torch.float32).reshape(3, 4);
  out.base = b;
  out.view_t = b.t();
  out.view_slice = b.index("1:", "::2");
  out.scalar = torch.tensor(2.5, { dtype: torch.float64 });
  out.empty = torch.zeros(0, 3);
  return out;
}
const PY_MAKE = `
def make():
    out = {}
    base = (torch.arange(24).double() - 12) * 0.75
    for d in ${py(JSON.stringify(DTYPES))}.strip("[]").replace('"', "").split(","):
        dt = getattr(torch, d)
        if d == "bool": out[d] = (torch.arange(24) % 3 == 0).reshape(4, 6)
        elif d == "uint8": out[d] = (torch.arange(24) * 10).to(dt).reshape(4, 6)
        else: out[d] = base.to(dt).reshape(4, 6)
    b = torch.arange(12).float().reshape(3, 4)
    out["base"] = b
    out["view_t"] = b.t()
    out["view_slice"] = b[1:, ::2]
    out["scalar"] = torch.tensor(2.5, dtype=torch.float64)
    out["empty"] = torch.zeros(0, 3)
    return out
`;

describe("torch.save / torch.load with Python", () => {
  it("loads Python's tensors of every dtype, views sharing storage, a 0-dim tensor", () => {
    const file = p("py_tensors.pt");
    const expected = pythonJson<Record<string, PyT>>(`${PY_DESCRIBE}${PY_MAKE}
t = make()
torch.save(t, ${py(file)})
print(json.dumps({k: describe(v) for k, v in t.items()}))`);
    const loaded = torch.load(file);
    expect(Object.keys(loaded)).toStrictEqual(Object.keys(expected));
    for (const [k, e] of Object.entries(expected)) expectTensor(loaded[k], e);
    expect(loaded.view_t.stride()).toStrictEqual([1, 4]);
    // Views share the storage, as in Python: a write to the base is seen by both views.
    loaded.base.add_(100);
    expect(loaded.view_t.tolist()).toStrictEqual(loaded.base.t().tolist());
    expect(loaded.view_slice.tolist()).toStrictEqual(loaded.base.index("1:", "::2").tolist());
    expect(loaded.scalar.dim()).toBe(0);
  });

  it("Python loads torchts's tensors of every dtype (weights_only=True)", () => {
    const file = p("ts_tensors.pt");
    const t = makeTensors();
    torch.save(t, file);
    const got = pythonJson<Record<string, PyT>>(`${PY_DESCRIBE}
t = torch.load(${py(file)}, weights_only=True)
print(json.dumps({k: describe(v) for k, v in t.items()}))`);
    expect(Object.keys(got)).toStrictEqual(Object.keys(t));
    for (const [k, x] of Object.entries(t)) {
      expect(got[k].dtype).toBe(x.dtype.name);
      expect(got[k].shape).toStrictEqual(x.shape);
      expect(got[k].values).toStrictEqual(x.tolist());
    }
    // Each tensor is saved as its own contiguous storage (torchts cannot see storages).
    expect(got.view_t.contiguous).toBe(true);
    // And torchts reads its own file back.
    const back = torch.load(file);
    for (const [k, x] of Object.entries(t)) expect(back[k].tolist()).toStrictEqual(x.tolist());
  });

  it("plain values: numbers, strings, booleans, null, nested records, integer keys, dtypes", () => {
    const file = p("values.pt");
    const obj = {
      i: 3, f: 2.5, neg: -7, big: 2 ** 40, huge: 12345678901234567890n, nan: NaN, s: "héllo", yes: true, no: false, nothing: null,
      list: [1, [2, "x"], { a: 1 }], nested: { "0": "zero", "12": "twelve", "012": "not an int", "-1": "neg" }, dt: torch.bfloat16,
    };
    torch.save(obj, file);
    const got = pythonJson<unknown>(`
import math
o = torch.load(${py(file)})
print(json.dumps({"types": {k: type(v).__name__ for k, v in o.items()}, "keys": [repr(k) for k in o["nested"]],
  "huge": str(o["huge"]), "nan": math.isnan(o["nan"]), "dt": str(o["dt"]), "list": o["list"]}))`);
    expect(got).toStrictEqual({
      types: { i: "int", f: "float", neg: "int", big: "int", huge: "int", nan: "float", s: "str", yes: "bool", no: "bool", nothing: "NoneType", list: "list", nested: "dict", dt: "dtype" },
      keys: ["0", "12", "'012'", "'-1'"],
      huge: "12345678901234567890",
      nan: true,
      dt: "torch.bfloat16",
      list: [1, [2, "x"], { a: 1 }],
    });
    const back = torch.load(file);
    expect(back.huge).toBe(12345678901234567890n);
    expect(back.dt).toBe(torch.bfloat16);
    expect(back.nested).toStrictEqual(obj.nested);
    expect(back.list).toStrictEqual(obj.list);
  });

  it("Python's zipfile finds every record's CRC-32 right; views, transposes and conj() are saved by value", () => {
    // The storages are written from the tensors' own memory: a view into a larger tensor, a
    // transposed (non-contiguous) one and a lazily conjugated one must still save their values.
    const base = torch.arange(24, { dtype: torch.float32 }).reshape(4, 6);
    const z = torch.complex(torch.arange(3, { dtype: torch.float32 }), torch.ones(3));
    const obj = { view: base.index("1:3", "2:5"), t: base.t(), conj: z.conj(), neg: z.conj().imag, big: torch.arange(300_000, { dtype: torch.float64 }) };
    const file = p("crc.pt");
    torch.save(obj, file);
    torch.save(obj, file); // a second save over the first: the leftover scan is skipped, the file replaced
    const got = pythonJson<{ bad: string | null; view: number[][]; t: number[][]; conj: number[][]; neg: number[]; big: boolean }>(`
import zipfile
ck = torch.load(${py(file)}, weights_only=True)
base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
z = torch.complex(torch.arange(3, dtype=torch.float32), torch.ones(3))
print(json.dumps({"bad": zipfile.ZipFile(${py(file)}).testzip(), "view": ck["view"].tolist(), "t": ck["t"].tolist(),
    "conj": [[c.real, c.imag] for c in ck["conj"].tolist()], "neg": ck["neg"].tolist(),
    "big": torch.equal(ck["big"], torch.arange(300000, dtype=torch.float64))}))`);
    expect(got.bad).toBeNull();
    expect(got.view).toStrictEqual(obj.view.tolist());
    expect(got.t).toStrictEqual(obj.t.tolist());
    expect(got.conj).toStrictEqual([[0, -1], [1, -1], [2, -1]]);
    expect(got.neg).toStrictEqual([-1, -1, -1]);
    expect(got.big).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("crc.pt.tmp-"))).toStrictEqual([]);
  });

  it("model state dicts (Linear, LSTM, Embedding) both ways", () => {
    const pyFile = p("py_model.pt");
    const tsFile = p("ts_model.pt");
    torch.manual_seed(0);
    const emb = new torch.nn.Embedding(10, 4);
    const lstm = new torch.nn.LSTM(4, 5);
    const lin = new torch.nn.Linear(5, 3);
    torch.save({ emb: emb.state_dict(), lstm: lstm.state_dict(), lin: lin.state_dict() }, tsFile);
    const idx = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    const forward = (e: any, l: any, f: any) => f.forward(l.forward(e.forward(idx))[0]);
    const out = forward(emb, lstm, lin) as T;
    const got = pythonJson<{ out: PyT; keys: string[] }>(`${PY_DESCRIBE}
torch.manual_seed(0)
emb, lstm, lin = torch.nn.Embedding(10, 4), torch.nn.LSTM(4, 5), torch.nn.Linear(5, 3)
torch.save({"emb": emb.state_dict(), "lstm": lstm.state_dict(), "lin": lin.state_dict()}, ${py(pyFile)})
e2, l2, f2 = torch.nn.Embedding(10, 4), torch.nn.LSTM(4, 5), torch.nn.Linear(5, 3)
sd = torch.load(${py(tsFile)})
e2.load_state_dict(sd["emb"]); l2.load_state_dict(sd["lstm"]); f2.load_state_dict(sd["lin"])
idx = torch.tensor([[1, 2, 3], [4, 5, 6]])
print(json.dumps({"out": describe(f2(l2(e2(idx))[0]).detach()), "keys": list(sd["lstm"].keys())}))`);
    expectTensor(out.detach(), got.out, 1e-6);
    expect(got.keys).toStrictEqual(Object.keys(lstm.state_dict()));
    // Python's state dicts load into torchts modules, and equal torchts's own (same seed).
    const sd = torch.load(pyFile);
    for (const [name, m] of [["emb", emb], ["lstm", lstm], ["lin", lin]] as const) {
      const own = (m as any).state_dict();
      expect(Object.keys(sd[name])).toStrictEqual(Object.keys(own));
      for (const k of Object.keys(own)) expect(sd[name][k].tolist()).toStrictEqual(own[k].tolist());
      (m as any).load_state_dict(sd[name]);
    }
  });

  it("an AdamW checkpoint after 3 steps resumes identically in Python, and Python's in torchts", () => {
    const tsFile = p("ts_ckpt.pt");
    const pyFile = p("py_ckpt.pt");
    const x = torch.arange(8).to(torch.float32).mul(0.1).reshape(2, 4);
    const stepOnce = (lin: any, opt: any) => {
      opt.zero_grad();
      lin.forward(x).pow(2).sum().backward();
      opt.step();
    };
    torch.manual_seed(0);
    const lin = new torch.nn.Linear(4, 3);
    const opt = new torch.optim.AdamW(lin.parameters(), { lr: 0.01, weight_decay: 0.1 });
    for (let i = 0; i < 3; i++) stepOnce(lin, opt);
    const config = { n_layer: 2, dropout: 0.1, name: "tiny", bias: true, betas: [0.9, 0.95] };
    torch.save({ model: lin.state_dict(), optimizer: opt.state_dict(), iter_num: 3, best_val_loss: 1.25, config }, tsFile);
    stepOnce(lin, opt);
    const got = pythonJson<any>(`${PY_DESCRIBE}
x = torch.arange(8).float().mul(0.1).reshape(2, 4)
def step(lin, opt):
    opt.zero_grad(); lin(x).pow(2).sum().backward(); opt.step()
ck = torch.load(${py(tsFile)})
lin = torch.nn.Linear(4, 3)
lin.load_state_dict(ck["model"])
opt = torch.optim.AdamW(lin.parameters(), lr=0.5, weight_decay=0.0)
opt.load_state_dict(ck["optimizer"])
step(lin, opt)
res = {"weight": describe(lin.weight.detach()), "bias": describe(lin.bias.detach()),
       "state_keys": [repr(k) for k in ck["optimizer"]["state"]], "step": opt.state[lin.weight]["step"].item(),
       "lr": opt.param_groups[0]["lr"], "types": [type(ck["iter_num"]).__name__, type(ck["best_val_loss"]).__name__],
       "config": ck["config"]}
torch.manual_seed(0)
lin = torch.nn.Linear(4, 3)
opt = torch.optim.AdamW(lin.parameters(), lr=0.01, weight_decay=0.1)
for _ in range(3): step(lin, opt)
torch.save({"model": lin.state_dict(), "optimizer": opt.state_dict(), "iter_num": 3, "best_val_loss": 1.25, "config": {"n_layer": 2, "dropout": 0.1, "betas": (0.9, 0.95)}}, ${py(pyFile)})
step(lin, opt)
res["py_weight"] = describe(lin.weight.detach())
print(json.dumps(res))`);
    expectTensor(lin.weight.detach(), got.weight, 1e-7);
    expectTensor(lin.bias.detach(), got.bias, 1e-7);
    expect(got.state_keys).toStrictEqual(["0", "1"]);
    expect(got.step).toBe(4);
    expect(got.lr).toBe(0.01);
    expect(got.types).toStrictEqual(["int", "float"]);
    expect(got.config).toStrictEqual(config);

    // Python's checkpoint: int state keys come back as strings; torchts's AdamW resumes from it.
    const ck = torch.load(pyFile);
    expect(Object.keys(ck.optimizer.state)).toStrictEqual(["0", "1"]);
    expect(ck.config.betas).toStrictEqual([0.9, 0.95]);
    expect(ck.iter_num).toBe(3);
    const lin2 = new torch.nn.Linear(4, 3);
    lin2.load_state_dict(ck.model);
    const opt2 = new torch.optim.AdamW(lin2.parameters(), { lr: 0.5 });
    opt2.load_state_dict(ck.optimizer);
    stepOnce(lin2, opt2);
    expectTensor(lin2.weight.detach(), got.py_weight, 1e-7);
  });
});

describe("safetensors", () => {
  const PY_READ = `
import struct
DT = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64,
      "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}
def read_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", None)
    out = {}
    for k, v in header.items():
        s, e = v["data_offsets"]
        buf = bytearray(data[8 + n + s: 8 + n + e])
        t = torch.frombuffer(buf, dtype=DT[v["dtype"]]) if buf else torch.empty(0, dtype=DT[v["dtype"]])
        out[k] = t.reshape(v["shape"])
    return out, meta, n
`;
  it("torchts's files read by hand in Python (the safetensors package is not installed there)", () => {
    const file = p("ts.safetensors");
    const t = makeTensors();
    torch.safetensors.save_file(t, file, { format: "pt" });
    const got = pythonJson<any>(`${PY_DESCRIBE}${PY_READ}
t, meta, n = read_safetensors(${py(file)})
print(json.dumps({"t": {k: describe(v) for k, v in t.items()}, "meta": meta, "n8": n % 8}))`);
    expect(got.meta).toStrictEqual({ format: "pt" });
    expect(got.n8).toBe(0);
    for (const [k, x] of Object.entries(t)) {
      expect(got.t[k].dtype).toBe(x.dtype.name);
      expect(got.t[k].shape).toStrictEqual(x.shape);
      expect(got.t[k].values).toStrictEqual(x.tolist());
    }
    const back = torch.safetensors.load_file(file);
    for (const [k, x] of Object.entries(t)) expect(back[k].tolist()).toStrictEqual(x.tolist());
  });

  it("reads a file written by hand in Python as the safetensors library lays it out", () => {
    const file = p("py.safetensors");
    const expected = pythonJson<Record<string, PyT>>(`${PY_DESCRIBE}${PY_MAKE}
import struct
NAMES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
         torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}
t = {k: v.contiguous() for k, v in make().items()}
header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
for k in sorted(t, key=lambda k: (-t[k].element_size(), k)):
    b = t[k].numpy().tobytes() if t[k].dtype != torch.bfloat16 else t[k].view(torch.int16).numpy().tobytes()
    header[k] = {"dtype": NAMES[t[k].dtype], "shape": list(t[k].shape), "data_offsets": [off, off + len(b)]}
    off += len(b); blobs.append(b)
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * (-len(h) % 8)
open(${py(file)}, "wb").write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
print(json.dumps({k: describe(v) for k, v in t.items()}))`);
    const loaded = torch.safetensors.load_file(file, { device: "cpu" });
    for (const [k, e] of Object.entries(expected)) expectTensor(loaded[k], { ...e, contiguous: undefined });
  });

  it("refuses headers that lie about sizes and offsets", () => {
    const write = (header: object, data: number, name: string) => {
      const h = Buffer.from(JSON.stringify(header));
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(h.length));
      fs.writeFileSync(p(name), Buffer.concat([len, h, Buffer.alloc(data)]));
      return p(name);
    };
    const load = (f: string) => () => torch.safetensors.load_file(f);
    expect(load(write({ a: { dtype: "F32", shape: [2, 3], data_offsets: [0, 4000] } }, 24, "lie1.st"))).toThrow(/lie1\.st.*data_offsets \[0,4000\] span 4000 bytes but shape \[2,3\] of F32 needs 24/);
    expect(load(write({ a: { dtype: "F32", shape: [2, 3], data_offsets: [8, 32] } }, 24, "lie2.st"))).toThrow(/lie2\.st.*end past the data/);
    expect(load(write({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [2], data_offsets: [4, 12] } }, 12, "lie3.st"))).toThrow(/overlap/);
    expect(load(write({ a: { dtype: "X9", shape: [2], data_offsets: [0, 8] } }, 8, "lie4.st"))).toThrow(/unknown dtype "X9"/);
    const big = Buffer.alloc(16);
    big.writeBigUInt64LE(1n << 40n);
    fs.writeFileSync(p("lie5.st"), big);
    expect(load(p("lie5.st"))).toThrow(/header length 1099511627776 is larger than the file/);
    fs.writeFileSync(p("lie6.st"), Buffer.from([1, 2, 3]));
    expect(load(p("lie6.st"))).toThrow(/too short/);
  });
});

describe("refused and corrupt files", () => {
  it("refuses malicious pickles (os.system, builtins.eval via REDUCE) before anything runs", () => {
    const marker1 = p("pwned1");
    const marker2 = p("pwned2");
    runPython(`
import os
class A:
    def __reduce__(self): return (os.system, (${py(`touch ${marker1}`)},))
class B:
    def __reduce__(self): return (eval, (${py(`open(${JSON.stringify(marker2)}, "w").close()`)},))
torch.save({"w": torch.ones(2), "x": A()}, ${py(p("evil_os.pt"))})
torch.save([torch.ones(2), B()], ${py(p("evil_eval.pt"))})
for f in ["evil_os.pt", "evil_eval.pt"]:
    try:
        torch.load(os.path.join(${py(dir)}, f))
        raise SystemExit("python loaded it")
    except Exception as e:
        assert "Weights only load failed" in str(e), e`);
    expect(fs.existsSync(marker1)).toBe(false);
    expect(fs.existsSync(marker2)).toBe(false);
    expect(() => torch.load(p("evil_os.pt"))).toThrow(/evil_os\.pt: Weights only load failed: .*Unsupported global: GLOBAL posix\.system/);
    expect(() => torch.load(p("evil_eval.pt"))).toThrow(/evil_eval\.pt: Weights only load failed\. [\s\S]*WeightsUnpickler error: Unsupported global: GLOBAL eval was not an allowed global by default/);
    try {
      torch.load(p("evil_eval.pt"));
    } catch (error) {
      expect((error as Error).name).toBe("UnpicklingError");
    }
    expect(fs.existsSync(marker1)).toBe(false);
    expect(fs.existsSync(marker2)).toBe(false);
    expect(() => torch.load(p("evil_eval.pt"), { weights_only: false })).toThrow(/weights_only=false: torchts cannot load the global builtins\.eval/);
  });

  it("truncated, foreign and corrupt files raise errors naming the file and the problem", () => {
    const good = p("good.pt");
    torch.save({ w: torch.arange(1000).to(torch.float32), n: 1 }, good);
    const bytes = fs.readFileSync(good);
    const cases: [string, Uint8Array, RegExp][] = [
      ["empty.pt", new Uint8Array(0), /empty\.pt: not a zip archive/],
      ["text.pt", Buffer.from("hello, this is not a checkpoint at all"), /text\.pt: not a zip archive/],
      ["half.pt", bytes.subarray(0, bytes.length >> 1), /half\.pt: truncated or corrupt zip archive/],
      ["cut.pt", bytes.subarray(0, bytes.length - 10), /cut\.pt: (truncated|corrupt)/],
      ["nopkl.pt", zipSync({ "a/hello.txt": Buffer.from("hi") }, { level: 0 }), /nopkl\.pt: missing data\.pkl/],
      ["badop.pt", zipSync({ "a/data.pkl": Uint8Array.of(0x80, 2, 0xff, 0x2e) }, { level: 0 }), /badop\.pt: bad pickle opcode 0xff at byte 2/],
      ["nostop.pt", zipSync({ "a/data.pkl": Uint8Array.of(0x80, 2, 0x7d) }, { level: 0 }), /nostop\.pt: truncated pickle/],
    ];
    const files = unzipSync(bytes);
    const [storage] = Object.keys(files).filter((k) => k.endsWith("/data/0"));
    files[storage] = files[storage].subarray(0, 100);
    cases.push(["short.pt", zipSync(files, { level: 0 }), /short\.pt: storage 0 too short: 100 bytes where 1000 float32 elements need 4000/]);
    for (const [name, data, re] of cases) {
      fs.writeFileSync(p(name), data);
      expect(() => torch.load(p(name)), name).toThrow(re);
    }
    expect(() => torch.load(p("missing.pt"))).toThrow(/cannot read .*missing\.pt \(ENOENT\)/);
    expect(() => torch.save({ a: 1 }, p("no/such/dir/x.pt"))).toThrow(/torch\.save: could not write .*x\.pt \(ENOENT\); the previous file at .*x\.pt is untouched/);
    expect(() => torch.save({ f: () => 1 }, p("fn.pt"))).toThrow(/cannot save a function/);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toStrictEqual([]);
  });

  it("a save killed with SIGKILL mid-way leaves the previous complete checkpoint", async () => {
    const file = p("killed.pt");
    const child = spawn(process.execPath, ["-e", `
const torch = require(${JSON.stringify(projectRoot)});
const big = torch.arange(8000000).to(torch.float32);
for (let i = 1; ; i++) { torch.save({ w: big.add(i), i }, ${JSON.stringify(file)}); console.log("saved " + i); }
`]);
    let out = "";
    const saved = () => Number(/saved (\d+)\s*$/.exec(out)?.[1] ?? 0);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        if (saved() >= 2) resolve();
      });
      child.on("exit", () => reject(new Error(`child exited early: ${out}`)));
    });
    await new Promise((r) => setTimeout(r, 40 + Math.random() * 60));
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    const last = saved();
    const ck = torch.load(file);
    expect(ck.i === last || ck.i === last + 1).toBe(true);
    expect(ck.w.shape).toStrictEqual([8000000]);
    expect(ck.w.index(0).item()).toBe(ck.i);
    expect(ck.w.index(-1).item()).toBe(7999999 + ck.i);
  }, 20_000);
});
