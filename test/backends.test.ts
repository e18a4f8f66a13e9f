// torch.backends.cuda.matmul, torch.backends.cudnn and torch.set/get_float32_matmul_precision
// against Python torch 2.11: the same sequence of sets in a fresh process on each side, and
// after each the value of every flag (or the error reading it raises), then the errors and
// warnings of bad values. These are LibTorch's global flags, so they read the same with or
// without a GPU.
import { afterEach, describe, expect, it, vi } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

type Snapshot = Record<string, unknown>;

/** A value, or "<ErrorName>: message" where reading it throws. */
function read(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

function snapshot(): Snapshot {
  return {
    "cuda.matmul.allow_tf32": read(() => torch.backends.cuda.matmul.allow_tf32),
    "cudnn.allow_tf32": read(() => torch.backends.cudnn.allow_tf32),
    "cudnn.benchmark": read(() => torch.backends.cudnn.benchmark),
    "cudnn.deterministic": read(() => torch.backends.cudnn.deterministic),
    "cudnn.enabled": read(() => torch.backends.cudnn.enabled),
    float32_matmul_precision: read(() => torch.get_float32_matmul_precision()),
  };
}

const PY_SNAPSHOT = `
def read(f):
    try:
        return f()
    except Exception as e:
        return f"{type(e).__name__}: {e}"
def snapshot():
    return {
        "cuda.matmul.allow_tf32": read(lambda: torch.backends.cuda.matmul.allow_tf32),
        "cudnn.allow_tf32": read(lambda: torch.backends.cudnn.allow_tf32),
        "cudnn.benchmark": read(lambda: torch.backends.cudnn.benchmark),
        "cudnn.deterministic": read(lambda: torch.backends.cudnn.deterministic),
        "cudnn.enabled": read(lambda: torch.backends.cudnn.enabled),
        "float32_matmul_precision": read(lambda: torch.get_float32_matmul_precision()),
    }
`;

// The same steps on both sides; each is followed by a snapshot. The order matters: LibTorch
// raises when the legacy flag (allow_tf32) and the precision setting disagree.
const steps: [name: string, ts: () => void, py: string][] = [
  ["defaults", () => {}, "pass"],
  ["set_float32_matmul_precision('high')", () => torch.set_float32_matmul_precision("high"), "torch.set_float32_matmul_precision('high')"],
  ["set_float32_matmul_precision('medium')", () => torch.set_float32_matmul_precision("medium"), "torch.set_float32_matmul_precision('medium')"],
  ["set_float32_matmul_precision('highest')", () => torch.set_float32_matmul_precision("highest"), "torch.set_float32_matmul_precision('highest')"],
  ["cuda.matmul.allow_tf32 = True", () => void (torch.backends.cuda.matmul.allow_tf32 = true), "torch.backends.cuda.matmul.allow_tf32 = True"],
  ["cuda.matmul.allow_tf32 = False", () => void (torch.backends.cuda.matmul.allow_tf32 = false), "torch.backends.cuda.matmul.allow_tf32 = False"],
  ["cudnn.allow_tf32 = False", () => void (torch.backends.cudnn.allow_tf32 = false), "torch.backends.cudnn.allow_tf32 = False"],
  ["cudnn.benchmark = True", () => void (torch.backends.cudnn.benchmark = true), "torch.backends.cudnn.benchmark = True"],
  ["cudnn.deterministic = True", () => void (torch.backends.cudnn.deterministic = true), "torch.backends.cudnn.deterministic = True"],
  ["cudnn.enabled = False", () => void (torch.backends.cudnn.enabled = false), "torch.backends.cudnn.enabled = False"],
  ["set_float32_matmul_precision('high') after allow_tf32", () => torch.set_float32_matmul_precision("high"), "torch.set_float32_matmul_precision('high')"],
];

// Bad values: the error each raises (the flags are unchanged afterwards).
const BAD_VALUES: [ts: unknown, py: string][] = [
  [1, "1"],
  [1.5, "1.5"],
  ["x", "'x'"],
  [null, "None"],
  [[true], "[True]"],
];
const FLAGS: [target: Record<string, unknown>, name: string, py: string][] = [
  [torch.backends.cuda.matmul as unknown as Record<string, unknown>, "allow_tf32", "torch.backends.cuda.matmul"],
  [torch.backends.cudnn as unknown as Record<string, unknown>, "allow_tf32", "torch.backends.cudnn"],
  [torch.backends.cudnn as unknown as Record<string, unknown>, "benchmark", "torch.backends.cudnn"],
  [torch.backends.cudnn as unknown as Record<string, unknown>, "deterministic", "torch.backends.cudnn"],
  [torch.backends.cudnn as unknown as Record<string, unknown>, "enabled", "torch.backends.cudnn"],
];

const PY_PROGRAM = `
import warnings
${PY_SNAPSHOT}
out = {"steps": [], "bad": [], "precision_errors": [], "after_bad": None, "warning": None}
for code in json.loads(input()):
    exec(code)
    out["steps"].append(snapshot())
for target, name, value in json.loads(input()):
    out["bad"].append(read(lambda: exec(f"{target}.{name} = {value}")))
out["after_bad"] = snapshot()
for value in ["3", "None", "['high']"]:
    out["precision_errors"].append(read(lambda: torch.set_float32_matmul_precision(eval(value))))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.set_float32_matmul_precision("bogus")
out["warning"] = [str(w.message) for w in caught]
out["after_warning"] = snapshot()
print(json.dumps(out))
`;

interface PyOut {
  steps: Snapshot[];
  bad: unknown[];
  after_bad: Snapshot;
  precision_errors: unknown[];
  warning: string[];
  after_warning: Snapshot;
}

describe("torch.backends flags and float32 matmul precision, against Python", () => {
  const input =
    JSON.stringify(steps.map((s) => s[2])) + "\n" + JSON.stringify(FLAGS.flatMap(([, name, py]) => BAD_VALUES.map(([, v]) => [py, name, v])));
  const expected = pythonJson<PyOut>(PY_PROGRAM, input);
  const seen: Snapshot[] = [];

  afterEach(() => vi.restoreAllMocks());

  // One test walks the steps in order (each depends on those before it).
  it("every flag after each set equals Python's", () => {
    for (const [name, ts] of steps) {
      ts();
      seen.push({ step: name, ...snapshot() });
    }
    expect(seen).toStrictEqual(steps.map(([name], i) => ({ step: name, ...expected.steps[i] })));
    // Not a constant table: the sets did change what is read.
    expect(new Set(seen.map((s) => JSON.stringify({ ...s, step: 0 }))).size).toBeGreaterThan(4);
  });

  it("a bad value raises Python's RuntimeError and changes nothing", () => {
    const errors = FLAGS.flatMap(([target, name]) =>
      BAD_VALUES.map(([value]) =>
        read(() => {
          target[name] = value;
        }),
      ),
    );
    expect(errors).toStrictEqual(expected.bad);
    expect(snapshot()).toStrictEqual(expected.after_bad);
    const precisionErrors = [3, null, ["high"]].map((v) => read(() => torch.set_float32_matmul_precision(v as unknown as "high")));
    expect(precisionErrors).toStrictEqual(expected.precision_errors);
  });

  it("an unknown precision is LibTorch's warning, not an error, and changes nothing", () => {
    const emitted = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    torch.set_float32_matmul_precision("bogus" as "high");
    // Python appends where in C++ the warning came from.
    const pythonMessages = expected.warning.map((m) => m.replace(/ \(Triggered internally at .*\)$/, ""));
    expect(pythonMessages.length).toBe(1);
    expect(emitted.mock.calls.map((c) => c[0])).toStrictEqual(pythonMessages);
    expect(snapshot()).toStrictEqual(expected.after_warning);
  });

  it("the flags objects take no other names", () => {
    expect(() => {
      (torch.backends.cuda.matmul as unknown as Record<string, unknown>).allow_tf33 = true;
    }).toThrow(TypeError);
    expect(Object.keys(torch.backends.cudnn).sort()).toStrictEqual(["allow_tf32", "benchmark", "deterministic", "enabled"]);
  });
});
