// Loading untrusted files: torch.load reads only what Python's torch.load(weights_only=True)
// allows (tensors, containers, plain values). A pickle that names any other global, or uses an
// opcode that could reach one (INST, OBJ, STACK_GLOBAL, NEWOBJ_EX, EXT1/2/4, PERSID), is refused
// before anything is built; bombs, truncated and lying files raise an UnpicklingError naming the
// file and the problem, never a crash or a huge allocation. The malicious files are written by
// Python (pickle, torch.save of objects with a __reduce__) or assembled opcode by opcode here,
// and Python's own weights-only torch.load must refuse each of them too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync, zipSync, type Zippable } from "fflate";
import torch from "torchts";
import { runPython } from "./helpers/python";

let dir: string;
const p = (name: string) => path.join(dir, name);
const py = (s: string) => JSON.stringify(s);
/** Files that must never appear: a payload that ran would create them. */
const marker = (name: string) => p(`pwned-${name}`);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-untrusted-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- a pickle assembler (protocol 2, as torch.save writes) ----

type Part = number | string | Uint8Array;
/** Bytes from opcodes (numbers), latin1 text and byte arrays. */
const b = (...parts: Part[]): Buffer =>
  Buffer.concat(parts.map((x) => (typeof x === "number" ? Buffer.of(x) : typeof x === "string" ? Buffer.from(x, "latin1") : Buffer.from(x))));
const u32 = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(n);
  return out;
};
const PROTO = b(0x80, 2);
const STOP = b(0x2e);
const MARK = b(0x28);
const TUPLE = b(0x74);
const EMPTY_TUPLE = b(0x29);
const EMPTY_LIST = b(0x5d);
const EMPTY_DICT = b(0x7d);
const APPEND = b(0x61);
const SETITEM = b(0x73);
const REDUCE = b(0x52);
const BUILD = b(0x62);
const NEWOBJ = b(0x81);
const NEWFALSE = b(0x89);
const BINPERSID = b(0x51);
const GLOBAL = (module: string, name: string) => b("c", module, "\n", name, "\n");
const STR = (s: string) => b(0x58, u32(Buffer.byteLength(s)), Buffer.from(s, "utf8"));
const SHORT_STR = (s: string) => b(0x8c, Buffer.byteLength(s), Buffer.from(s, "utf8"));
const INT = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeInt32LE(n);
  return b(0x4a, out);
};
const FLOAT = (x: number) => {
  const out = Buffer.alloc(8);
  out.writeDoubleBE(x);
  return b(0x47, out);
};
const BINPUT = (i: number) => b(0x71, i);
const BINGET = (i: number) => b(0x68, i);
const tuple = (...items: Buffer[]) => b(MARK, ...items, TUPLE);
/** The call `fn(*args)` as torch.save pickles it. */
const call = (fn: Buffer, ...args: Buffer[]) => b(fn, tuple(...args), REDUCE);
const pickle = (...body: Buffer[]) => b(PROTO, ...body, STOP);

interface TensorSpec {
  type?: Buffer;
  key?: Buffer;
  location?: Buffer;
  numel?: Buffer;
  offset?: Buffer;
  size?: Buffer;
  stride?: Buffer;
}
/** A tensor as torch.save pickles one: _rebuild_tensor_v2(persistent storage, offset, size, stride, ...). */
function tensor(spec: TensorSpec = {}): Buffer {
  const pid = tuple(STR("storage"), spec.type ?? GLOBAL("torch", "FloatStorage"), spec.key ?? STR("0"), spec.location ?? STR("cpu"), spec.numel ?? INT(6));
  return call(
    GLOBAL("torch._utils", "_rebuild_tensor_v2"),
    b(pid, BINPERSID),
    spec.offset ?? INT(0),
    spec.size ?? tuple(INT(2), INT(3)),
    spec.stride ?? tuple(INT(3), INT(1)),
    NEWFALSE,
    call(GLOBAL("collections", "OrderedDict")),
  );
}
const SIX_FLOATS = new Uint8Array(Float32Array.of(1, 2, 3, 4, 5, 6).buffer);

/** A torch.save-like zip archive around `data.pkl` and storage records; returns its path. */
function archive(name: string, pkl: Uint8Array, storages: Record<string, Uint8Array> = { "0": SIX_FLOATS }, extra: Zippable = {}): string {
  const files: Zippable = { "archive/data.pkl": pkl, "archive/byteorder": Buffer.from("little"), "archive/version": Buffer.from("3\n"), ...extra };
  for (const [k, v] of Object.entries(storages)) files[`archive/data/${k}`] = v;
  fs.writeFileSync(p(name), zipSync(files, { level: 0 }));
  return p(name);
}

/** Asserts that `run` throws torchts's UnpicklingError naming `file` and matching `fragment`. */
function expectRefused(run: () => unknown, file: string, fragment: RegExp): Error {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `${path.basename(file)} was loaded`).toBeInstanceOf(Error);
  const error = caught as Error;
  expect(error.name, error.message).toBe("UnpicklingError");
  expect(error.message).toContain(file);
  expect(error.message).toMatch(fragment);
  return error;
}
const refusedByLoad = (file: string, fragment: RegExp) => expectRefused(() => torch.load(file), file, fragment);

/** What Python's torch.load(weights_only=True) does with each file: "loaded" or "<Error>: <message>". */
function pythonVerdicts(files: string[]): Record<string, string> {
  const out = runPython(`
import sys, warnings
warnings.simplefilter("ignore")
res = {}
for f in json.loads(sys.stdin.read()):
    try:
        torch.load(f, weights_only=True)
        res[f] = "loaded"
    except Exception as e:
        res[f] = type(e).__name__ + ": " + " ".join(str(e).split())[:2000]
print(json.dumps(res))`, JSON.stringify(files));
  return JSON.parse(out);
}

// ---- the cases ----

describe("pickles that ask for forbidden globals are refused before anything runs", () => {
  // [file, data.pkl, what torchts's error must say, what Python's error must say]
  const cases: [string, () => Buffer, RegExp, RegExp][] = [
    ["global-os-system", () => pickle(call(GLOBAL("os", "system"), STR(`touch ${marker("os")}`))), /Unsupported global: GLOBAL os\.system/, /GLOBAL os\.system/],
    ["global-posix-system", () => pickle(call(GLOBAL("posix", "system"), STR(`touch ${marker("posix")}`))), /whose module posix is blocked\. Unsupported global: GLOBAL posix\.system/, /posix\.system/],
    ["global-builtins-eval", () => pickle(call(GLOBAL("builtins", "eval"), STR(`open(${py(marker("eval"))}, "w")`))), /Unsupported global: GLOBAL (builtins\.)?eval was not an allowed global/, /Unsupported global: GLOBAL (builtins\.)?eval/],
    ["global-py2-builtin-exec", () => pickle(call(GLOBAL("__builtin__", "exec"), STR(`open(${py(marker("exec"))}, "w")`))), /Unsupported global: GLOBAL (builtins\.)?exec/, /exec/],
    ["global-subprocess-popen", () => pickle(call(GLOBAL("subprocess", "Popen"), b(MARK, STR("touch"), STR(marker("popen")), b(0x6c)))), /Unsupported global: GLOBAL subprocess\.Popen/, /subprocess\.Popen/],
    ["global-getattr", () => pickle(call(GLOBAL("builtins", "getattr"), call(GLOBAL("builtins", "__import__"), STR("os")), STR("system"))), /Unsupported global: GLOBAL (builtins\.)?getattr/, /getattr/],
    // The forbidden global comes after a tensor whose storage record is missing: the error names
    // the global, so the whole pickle was checked before the tensor was built (Python builds
    // as it goes, and stops at the missing record).
    ["global-after-tensor", () => pickle(MARK, tensor({ key: STR("missing") }), call(GLOBAL("os", "system"), STR(`touch ${marker("late")}`)), TUPLE), /Unsupported global: GLOBAL os\.system/, /data\/missing/],
    ["stack-global", () => pickle(SHORT_STR("os"), SHORT_STR("system"), b(0x93), tuple(STR(`touch ${marker("stack")}`)), REDUCE), /Unsupported operand 147 \(STACK_GLOBAL\) at byte \d+, for the global os\.system/, /Unsupported operand 140/],
    ["inst", () => pickle(MARK, STR(`touch ${marker("inst")}`), b("i", "os\nsystem\n")), /Unsupported operand 105 \(INST\) at byte \d+, for the global os\.system/, /Unsupported operand 105/],
    ["obj", () => pickle(MARK, GLOBAL("collections", "OrderedDict"), b(0x6f)), /Unsupported operand 111 \(OBJ\)/, /Unsupported operand 111/],
    ["newobj-ex", () => pickle(GLOBAL("collections", "OrderedDict"), EMPTY_TUPLE, EMPTY_DICT, b(0x92)), /Unsupported operand 146 \(NEWOBJ_EX\)/, /Unsupported operand 146/],
    ["ext2", () => pickle(b(0x83, 0x39, 0x30), tuple(STR("x")), REDUCE), /Unsupported operand 131 \(EXT2\)/, /Unsupported operand 131/],
    ["ext4", () => pickle(b(0x84, u32(123456)), tuple(STR("x")), REDUCE), /Unsupported operand 132 \(EXT4\)/, /Unsupported operand 132/],
    ["persid", () => pickle(b("P", "0\n")), /Unsupported operand 80 \(PERSID\)/, /Unsupported operand 80/],
    // Allowed globals used as what they are not.
    ["reduce-storage-class", () => pickle(call(GLOBAL("torch", "FloatStorage"), INT(3))), /torchts cannot call torch\.FloatStorage/, /.+/],
    ["reduce-on-a-string", () => pickle(STR("os.system"), tuple(STR("true")), REDUCE), /REDUCE needs a global and a tuple/, /.+/],
    ["newobj-function", () => pickle(GLOBAL("torch._utils", "_rebuild_tensor_v2"), EMPTY_TUPLE, NEWOBJ), /a bare global torch\._utils\._rebuild_tensor_v2 \(torchts cannot load a class or function as a value\)/, /.+/],
    ["build-on-a-list", () => pickle(EMPTY_LIST, EMPTY_DICT, BUILD), /Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, but got <class 'list'>/, /Can only build/],
    ["build-on-a-tensor", () => pickle(tensor(), tuple(STR("x")), BUILD), /Can only build Tensor, Parameter, OrderedDict or types allowlisted via `add_safe_globals`, but got <class 'torch\.Tensor'>/, /.+/],
    // Persistent ids other than a storage's.
    ["persid-not-storage", () => pickle(tuple(STR("module"), STR("os")), BINPERSID), /Weights only load failed: only persistent ids of storages are allowed/, /Only persistent_load of storage is allowed/],
    ["persid-int", () => pickle(INT(7), BINPERSID), /only persistent ids of storages are allowed/, /.+/],
    ["persid-negative-numel", () => pickle(tensor({ numel: INT(-6) })), /corrupt persistent id/, /.+/],
    ["persid-float-numel", () => pickle(tensor({ numel: FLOAT(6.5) })), /corrupt persistent id/, /.+/],
    ["persid-path-key", () => pickle(tensor({ key: STR("../../../../etc/passwd") })), /missing storage record archive\/data\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd/, /.+/],
    ["persid-storage-type-is-a-function", () => pickle(tensor({ type: GLOBAL("torch._utils", "_rebuild_tensor_v2") })), /storage type torch\._utils\._rebuild_tensor_v2 is not supported/, /.+/],
    ["storage-type-unknown", () => pickle(tensor({ type: GLOBAL("torch", "EvilStorage") })), /Unsupported global: GLOBAL torch\.EvilStorage/, /torch\.EvilStorage/],
    ["dtype-unknown", () => pickle(tuple(GLOBAL("torch", "float128"))), /Unsupported global: GLOBAL torch\.float128/, /torch\.float128/],
  ];

  let verdicts: Record<string, string> = {};
  beforeAll(() => {
    verdicts = pythonVerdicts(cases.map(([name, make]) => archive(`${name}.pt`, make())));
  });

  for (const [name, , ours, theirs] of cases) {
    it(name, () => {
      const file = p(`${name}.pt`);
      refusedByLoad(file, ours);
      expect(verdicts[file]).not.toBe("loaded");
      expect(verdicts[file]).toMatch(theirs);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith("pwned"))).toStrictEqual([]);
    });
  }
});

describe("malicious checkpoints Python itself writes", () => {
  // torch.save of objects whose __reduce__ runs a command, pickle protocol 4 (STACK_GLOBAL), and
  // a function registered in copyreg's extension registry (EXT1).
  const files = ["reduce-os-system", "reduce-popen", "reduce-eval", "newobj-class", "protocol4", "ext1"];
  beforeAll(() => {
    runPython(`
import os, subprocess, pickle, copyreg, io, zipfile
d = ${py(dir)}
class OsSystem:
    def __reduce__(self): return (os.system, ("touch " + ${py(marker("py-os"))},))
class Popen:
    def __reduce__(self): return (subprocess.Popen, (["touch", ${py(marker("py-popen"))}],))
class Eval:
    def __reduce__(self): return (eval, ("open(" + repr(${py(marker("py-eval"))}) + ", 'w')",))
class Plain:
    def __init__(self): self.x = 1
torch.save({"w": torch.ones(2), "x": OsSystem()}, os.path.join(d, "reduce-os-system.pt"))
torch.save([torch.ones(2), Popen()], os.path.join(d, "reduce-popen.pt"))
torch.save({"e": Eval()}, os.path.join(d, "reduce-eval.pt"))
torch.save({"p": Plain()}, os.path.join(d, "newobj-class.pt"))
def with_pickle(name, data):
    with zipfile.ZipFile(os.path.join(d, name), "w") as z:
        z.writestr("archive/data.pkl", data)
        z.writestr("archive/byteorder", "little")
        z.writestr("archive/version", "3\\n")
with_pickle("protocol4.pt", pickle.dumps({"x": OsSystem()}, protocol=4))
copyreg.add_extension("posix", "system", 42)
with_pickle("ext1.pt", pickle.dumps({"x": OsSystem()}, protocol=2))
`);
  });
  const expected: Record<string, RegExp> = {
    "reduce-os-system": /Unsupported global: GLOBAL posix\.system/,
    "reduce-popen": /Unsupported global: GLOBAL subprocess\.Popen/,
    "reduce-eval": /Unsupported global: GLOBAL (builtins\.)?eval/,
    "newobj-class": /Unsupported global: GLOBAL __main__\.Plain/,
    protocol4: /Unsupported operand 147 \(STACK_GLOBAL\) at byte \d+, for the global posix\.system/,
    ext1: /Unsupported operand 130 \(EXT1\)/,
  };
  it("each is refused with the global or opcode named, and nothing ran", () => {
    const verdicts = pythonVerdicts(files.map((f) => p(`${f}.pt`)));
    for (const f of files) {
      refusedByLoad(p(`${f}.pt`), expected[f]);
      expect(verdicts[p(`${f}.pt`)]).toMatch(/UnpicklingError/);
    }
    // The EXT1 pickle really uses the extension registry, and the protocol-4 one STACK_GLOBAL.
    expect(fs.readFileSync(p("ext1.pt")).includes(Buffer.of(0x82, 42))).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("pwned"))).toStrictEqual([]);
  });
});

describe("bombs", () => {
  it("a billion laughs (lists of lists shared through the memo) loads at its own size, shared as in Python", () => {
    // L0 = ["x"]; L(k) = [L(k-1), L(k-1)]: 2^40 leaves if the sharing were copied out.
    // Open L40 ... L1, then fill each from the inside out with two references to the one inside.
    const APPENDS = b(0x65);
    const parts: Buffer[] = [];
    for (let k = 40; k >= 1; k--) parts.push(EMPTY_LIST, MARK);
    parts.push(EMPTY_LIST, STR("x"), APPEND, BINPUT(0), BINGET(0), APPENDS);
    for (let k = 1; k < 40; k++) parts.push(BINPUT(k), BINGET(k), APPENDS);
    const file = archive("laughs.pt", pickle(...parts));
    const started = Date.now();
    let x = torch.load(file);
    expect(Date.now() - started).toBeLessThan(5000);
    for (let k = 40; k > 0; k--) {
      expect(x).toHaveLength(2);
      expect(x[0]).toBe(x[1]);
      x = x[0];
    }
    expect(x).toStrictEqual(["x"]);
    const depth = runPython(`
x = torch.load(${py(file)}, weights_only=True); n = 0
while x != ["x"]: assert x[0] is x[1]; x = x[0]; n += 1
print(n)`);
    expect(Number(depth)).toBe(40);
  });

  it("a list that contains itself loads as a list that contains itself", () => {
    const file = archive("self.pt", pickle(EMPTY_LIST, BINPUT(0), BINGET(0), APPEND));
    const x = torch.load(file);
    expect(x).toHaveLength(1);
    expect(x[0]).toBe(x);
  });

  it("nesting 100,000 levels deep raises an UnpicklingError, not a stack overflow", () => {
    const n = 100_000;
    const file = archive("deep.pt", pickle(Buffer.alloc(n + 1, 0x5d), Buffer.alloc(n, 0x61)));
    refusedByLoad(file, /objects nested more than 1000 levels deep/);
    const dicts = archive("deep-dicts.pt", pickle(nestDicts(n)));
    refusedByLoad(dicts, /objects nested more than 1000 levels deep/);
  });

  it("a million appends, 100,000 MARKs, a stack underflow, a TUPLE without MARK", () => {
    const many = archive("many.pt", pickle(EMPTY_LIST, MARK, Buffer.concat(Array.from({ length: 1_000_000 }, () => b(0x4b, 7))), b(0x65)));
    const list = torch.load(many);
    expect(list).toHaveLength(1_000_000);
    expect(list[999_999]).toBe(7);
    // MARKs left open are no error (Python's unpickler returns the top of the stack too).
    expect(torch.load(archive("marks.pt", pickle(Buffer.alloc(100_000, 0x28), b(0x4e))))).toBeNull();
    refusedByLoad(archive("tuple-no-mark.pt", pickle(b(0x4e), TUPLE)), /corrupt pickle \(no MARK\)/);
    refusedByLoad(archive("underflow.pt", pickle(REDUCE)), /corrupt pickle \(stack underflow at byte 3\)/);
    refusedByLoad(archive("unset-memo.pt", pickle(b(0x6a, u32(0xffffffff)))), /corrupt pickle \(memo 4294967295 is not set\)/);
  });
});

/** The pickle bytes (without PROTO/STOP) of {"k": {"k": ... {} ...}} nested `n` deep. */
function nestDicts(n: number): Buffer {
  // EMPTY_DICT "k" EMPTY_DICT "k" ... EMPTY_DICT, then SETITEM n times closes them from the inside.
  return b(Buffer.concat(Array.from({ length: n }, () => b(EMPTY_DICT, SHORT_STR("k")))), EMPTY_DICT, Buffer.alloc(n, 0x73));
}

// ---- files that are truncated, foreign or lie about their sizes ----

/** The zip's bytes with the central directory's uncompressed size of `name` replaced. */
function patchCentral(zip: Uint8Array, name: string, field: "size" | "localOffset", value: number): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.length - 22;
  let q = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < out.readUInt16LE(eocd + 10); i++) {
    const nameLen = out.readUInt16LE(q + 28);
    if (out.toString("utf8", q + 46, q + 46 + nameLen) === name) {
      out.writeUInt32LE(value, q + (field === "size" ? 24 : 42));
      return out;
    }
    q += 46 + nameLen + out.readUInt16LE(q + 30) + out.readUInt16LE(q + 32);
  }
  throw new Error(`no record ${name}`);
}

describe("truncated and foreign checkpoints", () => {
  let small: Buffer;
  beforeAll(() => {
    runPython(`
torch.save({"w": torch.arange(12.).reshape(3, 4), "b": torch.tensor([1, 2, 3]), "step": 3, "name": "small"}, ${py(p("small.pt"))})
torch.save({"w": torch.arange(12.)}, ${py(p("legacy.pt"))}, _use_new_zipfile_serialization=False)`);
    small = fs.readFileSync(p("small.pt"));
  });

  it("Python's small checkpoint loads whole", () => {
    const ck = torch.load(p("small.pt"));
    expect(ck.w.tolist()).toStrictEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(ck.b.tolist()).toStrictEqual([1, 2, 3]);
    expect(ck.step).toBe(3);
    expect(ck.name).toBe("small");
  });

  it("Python's legacy (non-zip) checkpoint loads (test/serialization-legacy.test.ts has the rest)", () => {
    expect(torch.load(p("legacy.pt")).w.tolist()).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("every truncation of the whole file is an UnpicklingError, and Python refuses a sample of them too", () => {
    const file = p("cut.pt");
    const sample: string[] = [];
    for (let n = 0; n < small.length; n++) {
      fs.writeFileSync(file, small.subarray(0, n));
      refusedByLoad(file, /not a zip archive|truncated|corrupt/);
      if (n % 97 === 0) {
        sample.push(p(`cut-${n}.pt`));
        fs.copyFileSync(file, sample[sample.length - 1]);
      }
    }
    const verdicts = pythonVerdicts(sample);
    for (const f of sample) expect(verdicts[f], f).not.toBe("loaded");
  });

  it("every truncation of data.pkl and of a storage record inside a whole zip", () => {
    const records = unzipSync(small);
    const pkl = Object.keys(records).find((k) => k.endsWith("/data.pkl"))!;
    const w = Object.keys(records).find((k) => k.endsWith("/data/0"))!;
    const file = p("cut-inside.pt");
    for (let n = 0; n < records[pkl].length; n++) {
      fs.writeFileSync(file, zipSync({ ...records, [pkl]: records[pkl].subarray(0, n) }, { level: 0 }));
      refusedByLoad(file, /truncated pickle \((no STOP opcode|a global's name without its newline)\)/);
    }
    const storage = records[w];
    const elements = storage.length / 8 === 3 ? { n: 3, d: "int64" } : { n: 12, d: "float32" };
    for (let n = 0; n < storage.length; n++) {
      fs.writeFileSync(file, zipSync({ ...records, [w]: storage.subarray(0, n) }, { level: 0 }));
      refusedByLoad(file, new RegExp(`storage 0 too short: ${n} bytes where ${elements.n} ${elements.d} elements need ${storage.length}`));
    }
  });

  it("foreign files: empty, text, a zip without data.pkl, big-endian", () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["empty.pt", new Uint8Array(0), /not a zip archive \(the file is empty or too short\)/],
      ["text.pt", Buffer.from("not a checkpoint, only some words of text"), /not a zip archive \(no zip signature at its start/],
      ["pk-only.pt", b("PK", 3, 4, Buffer.alloc(100)), /truncated or corrupt zip archive \(no end of central directory record\)/],
      ["no-pkl.pt", zipSync({ "archive/weights.bin": Buffer.alloc(8) }, { level: 0 }), /missing data\.pkl \(a zip archive, but not one torch\.save wrote\)/],
      ["big-endian.pt", zipSync({ ...unzipSync(small), "small/byteorder": Buffer.from("big") }, { level: 0 }), /byteorder "big": torchts reads little-endian checkpoints only/],
    ];
    for (const [name, data, fragment] of cases) {
      fs.writeFileSync(p(name), data);
      refusedByLoad(p(name), fragment);
    }
  });
});

describe("storages, offsets, sizes and strides that lie", () => {
  const cases: [string, () => string, RegExp][] = [
    ["storage-short", () => archive("storage-short.pt", pickle(tensor()), { "0": new Uint8Array(8) }), /storage 0 too short: 8 bytes where 6 float32 elements need 24/],
    ["storage-numel-lie", () => archive("storage-numel-lie.pt", pickle(tensor({ numel: INT(0x7fffffff) }))), /storage 0 too short: 24 bytes where 2147483647 float32 elements need 8589934588/],
    ["storage-missing", () => archive("storage-missing.pt", pickle(tensor()), {}), /missing storage record archive\/data\/0/],
    ["offset-past-end", () => archive("offset-past-end.pt", pickle(tensor({ offset: INT(4) }))), /a tensor of size \[2,3\] and stride \[3,1\] at offset 4 does not fit its storage/],
    ["offset-negative", () => archive("offset-negative.pt", pickle(tensor({ offset: INT(-1) }))), /at offset -1 does not fit its storage/],
    ["size-past-end", () => archive("size-past-end.pt", pickle(tensor({ size: tuple(INT(3), INT(3)) }))), /size \[3,3\] and stride \[3,1\] at offset 0 does not fit/],
    ["size-huge", () => archive("size-huge.pt", pickle(tensor({ size: tuple(INT(0x7fffffff), INT(0x7fffffff)), stride: tuple(INT(1), INT(1)) }))), /size \[2147483647,2147483647\] .* does not fit/],
    ["size-negative", () => archive("size-negative.pt", pickle(tensor({ size: tuple(INT(-2), INT(3)) }))), /size \[-2,3\] .* does not fit/],
    ["stride-past-end", () => archive("stride-past-end.pt", pickle(tensor({ stride: tuple(INT(3), INT(2)) }))), /stride \[3,2\] at offset 0 does not fit/],
    ["stride-negative", () => archive("stride-negative.pt", pickle(tensor({ stride: tuple(INT(-3), INT(1)) }))), /stride \[-3,1\] at offset 0 does not fit/],
    ["rebuild-args", () => archive("rebuild-args.pt", pickle(call(GLOBAL("torch._utils", "_rebuild_tensor_v2"), STR("storage"), INT(0)))), /corrupt _rebuild_tensor_v2 arguments/],
    ["unicode-length-lie", () => archive("unicode-length-lie.pt", pickle(b(0x58, u32(0xfffffff0)), "abc")), /truncated pickle \(no STOP opcode\)/],
    ["deflate-size-lie", () => {
      const zip = zipSync({ "archive/data.pkl": [pickle(tensor()), { level: 9 }], "archive/data/0": SIX_FLOATS });
      fs.writeFileSync(p("deflate-size-lie.pt"), patchCentral(zip, "archive/data.pkl", "size", 0xfffffff0));
      return p("deflate-size-lie.pt");
    }, /record archive\/data\.pkl claims 4294967280 bytes uncompressed from \d+ compressed, more than deflate can give/],
    ["local-offset-lie", () => {
      fs.writeFileSync(p("local-offset-lie.pt"), patchCentral(zipSync({ "archive/data.pkl": pickle(tensor()), "archive/data/0": SIX_FLOATS }, { level: 0 }), "archive/data/0", "localOffset", 0x7ffffff0));
      return p("local-offset-lie.pt");
    }, /corrupt zip archive \(bad local header of archive\/data\/0\)/],
  ];
  let verdicts: Record<string, string> = {};
  beforeAll(() => {
    verdicts = pythonVerdicts(cases.map(([, make]) => make()));
  });
  for (const [name, , fragment] of cases) {
    it(name, () => {
      refusedByLoad(p(`${name}.pt`), fragment);
      expect(verdicts[p(`${name}.pt`)]).not.toBe("loaded");
    });
  }

  it("the well-formed tensor these cases distort loads (and Python agrees)", () => {
    const file = archive("distorted-base.pt", pickle(tensor()));
    expect(torch.load(file).tolist()).toStrictEqual([[1, 2, 3], [4, 5, 6]]);
    expect(runPython(`print(torch.load(${py(file)}, weights_only=True).tolist())`).trim()).toBe("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]");
  });

  it("lying sizes allocate nothing big", () => {
    const before = process.memoryUsage().rss;
    for (const name of ["storage-numel-lie", "size-huge", "deflate-size-lie", "unicode-length-lie"]) {
      for (let i = 0; i < 5; i++) expect(() => torch.load(p(`${name}.pt`))).toThrow();
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
  });
});

describe("safetensors headers that lie", () => {
  /** A safetensors file: 8-byte header length (given or true), the header, then `data` bytes. */
  const write = (name: string, header: unknown, data = 0, length?: bigint): string => {
    const h = Buffer.from(typeof header === "string" ? header : JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(length ?? BigInt(h.length));
    fs.writeFileSync(p(name), Buffer.concat([len, h, Buffer.alloc(data)]));
    return p(name);
  };
  const refused = (file: string, fragment: RegExp) => expectRefused(() => torch.safetensors.load_file(file), file, fragment);
  const f32 = (shape: number[], data_offsets: number[]) => ({ dtype: "F32", shape, data_offsets });

  it("sizes: header length past the file, a huge length, past safetensors' limit, a file too short", () => {
    refused(write("len-past-file.safetensors", { a: f32([1], [0, 4]) }, 4, 1000n), /header length 1000 is larger than the file \(\d+ bytes\)/);
    refused(write("len-huge.safetensors", {}, 0, 2n ** 64n - 1n), /header length 18446744073709551615 is larger than the file \(10 bytes\)/);
    const big = write("len-limit.safetensors", "{}", 0, 100_000_001n);
    fs.truncateSync(big, 100_000_016);
    refused(big, /header length 100000001 is larger than the 100000000 bytes safetensors allows/);
    fs.rmSync(big);
    fs.writeFileSync(p("tiny.safetensors"), Buffer.from([1, 2, 3]));
    refused(p("tiny.safetensors"), /file too short for a safetensors header/);
  });

  it("the header: invalid JSON, not an object", () => {
    refused(write("bad-json.safetensors", '{"a": {"dtype": "F32",'), /invalid JSON header/);
    refused(write("array.safetensors", "[1, 2]"), /the header is not a JSON object/);
  });

  it("entries: unknown dtype, bad shapes, offsets out of range, overlapping, not matching shape * dtype size", () => {
    const cases: [string, unknown, number, RegExp][] = [
      ["dtype-unknown", { a: { dtype: "F128", shape: [1], data_offsets: [0, 16] } }, 16, /tensor a: unknown dtype "F128"/],
      ["dtype-missing", { a: { shape: [1], data_offsets: [0, 4] } }, 4, /tensor a: unknown dtype undefined/],
      ["shape-negative", { a: f32([-1, 6], [0, 24]) }, 24, /tensor a: bad shape \[-1,6\]/],
      ["shape-fraction", { a: f32([2.5], [0, 10]) }, 10, /tensor a: bad shape \[2\.5\]/],
      ["shape-huge", { a: f32([2 ** 60], [0, 4]) }, 4, /tensor a: bad shape \[1152921504606847000\]/],
      ["offsets-reversed", { a: f32([2], [8, 0]) }, 8, /tensor a: bad data_offsets \[8,0\]/],
      ["offsets-negative", { a: f32([2], [-8, 0]) }, 8, /tensor a: bad data_offsets \[-8,0\]/],
      ["offsets-past-data", { a: f32([2, 3], [8, 32]) }, 24, /tensor a: data_offsets \[8,32\] end past the data \(24 bytes; truncated file\?\)/],
      ["offsets-overlap", { a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, 12, /tensors a and b overlap/],
      ["offsets-not-size", { a: f32([2, 3], [0, 4000]) }, 4000, /data_offsets \[0,4000\] span 4000 bytes but shape \[2,3\] of F32 needs 24/],
    ];
    for (const [name, header, data, fragment] of cases) refused(write(`${name}.safetensors`, header, data), fragment);
  });

  it('a tensor named "__proto__" is an own entry, not the prototype of the result', () => {
    const file = write("proto.safetensors", { ["__proto__"]: f32([2], [0, 8]), a: f32([1], [8, 12]) }, 12);
    const raw = fs.readFileSync(file);
    expect(raw.toString()).toContain('"__proto__"');
    const out = torch.safetensors.load_file(file);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out).sort()).toStrictEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")!.value).toBeInstanceOf(torch.Tensor);
  });
});
