// Table-driven comparison with Python: each case is a TS thunk and the Python statements
// that compute the same thing into `r`. One Python process evaluates every case of a file.
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./python";

export interface Case {
  name: string;
  ts: () => unknown;
  /** Python statements that leave the result in `r` (torch and numpy as np are imported). */
  py: string;
  /** Absolute tolerance for float values; exact equality when absent. */
  atol?: number;
}

interface PyTensor {
  kind: "tensor";
  shape: number[];
  dtype: string;
  values: unknown;
  str: string;
  requires_grad: boolean;
}
type PyResult =
  | PyTensor
  | { kind: "tensors"; items: (PyTensor | null)[] }
  | { kind: "value"; value: unknown }
  | { kind: "error"; type: string; message: string };

const PY_RUNNER = `
import sys, numpy as np
cases = json.load(sys.stdin)
out = []
for code in cases:
    scope = {"torch": torch, "np": np}
    try:
        exec(code, scope)
        r = scope["r"]
        def tensor(t):
            return {"kind": "tensor", "shape": list(t.shape), "dtype": str(t.dtype)[6:], "values": t.tolist(),
                    "str": str(t), "requires_grad": t.requires_grad}
        if isinstance(r, torch.Tensor):
            out.append(tensor(r))
        elif isinstance(r, (list, tuple)) and len(r) > 0 and all(x is None or isinstance(x, torch.Tensor) for x in r):
            out.append({"kind": "tensors", "items": [None if x is None else tensor(x) for x in r]})
        else:
            out.append({"kind": "value", "value": r if isinstance(r, (int, float, bool, str, list, type(None))) else str(r)})
    except Exception as e:
        out.append({"kind": "error", "type": type(e).__name__, "message": str(e)})
print(json.dumps(out))
`;

/** Evaluates every case's Python side at once. */
export function pythonResults(cases: Case[], prelude = ""): PyResult[] {
  return pythonJson<PyResult[]>(PY_RUNNER, JSON.stringify(cases.map((c) => `${prelude}\n${c.py}`)));
}

/** Deep equality, numbers within atol when atol > 0. */
export function close(actual: unknown, expected: unknown, atol: number, path: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, atol, `${path}[${i}]`));
  } else if (typeof expected === "number" && atol > 0) {
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(atol);
  } else {
    expect(actual, path).toStrictEqual(expected);
  }
}

function expectTensor(actual: unknown, expected: PyTensor, atol: number): void {
  expect(actual).toBeInstanceOf(torch.Tensor);
  const t = actual as InstanceType<typeof torch.Tensor>;
  expect(t.shape).toStrictEqual(expected.shape);
  expect(t.dtype.name).toBe(expected.dtype);
  expect(t.requires_grad).toBe(expected.requires_grad);
  close(t.tolist(), expected.values, atol, "values");
  if (!atol) expect(t.toString()).toBe(expected.str);
}

/** Asserts that a TS result equals Python's: tensors by shape, dtype, values and printout. */
export function expectSame(c: Case, expected: PyResult): void {
  let actual: unknown;
  try {
    actual = c.ts();
  } catch (error) {
    if (expected.kind !== "error") throw error;
    expect((error as Error).name).toBe(expected.type);
    expect((error as Error).message).toBe(expected.message);
    return;
  }
  if (expected.kind === "error") throw new Error(`expected ${expected.type}: ${expected.message}, got ${String(actual)}`);
  if (expected.kind === "tensor") {
    expectTensor(actual, expected, c.atol ?? 0);
  } else if (expected.kind === "tensors") {
    expect(Array.isArray(actual)).toBe(true);
    const items = actual as unknown[];
    expect(items.length).toBe(expected.items.length);
    expected.items.forEach((e, i) => (e === null ? expect(items[i]).toBeNull() : expectTensor(items[i], e, c.atol ?? 0)));
  } else {
    close(actual, expected.value, c.atol ?? 0, "value");
  }
}

/**
 * Runs fn, which must raise what Python raised for the same call (`expected`, an "error"
 * result of pythonResults): the same class name. Returns [its message, Python's], for the
 * caller to compare as the case needs (a module's printout before it, sets sorted, ...).
 */
export function raisedLikePython(fn: () => unknown, expected: PyResult, source: string): [string, string] {
  if (expected.kind !== "error") throw new Error(`Python did not raise for ${source}`);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, "raised").toBeInstanceOf(Error);
  expect((error as Error).name).toBe(expected.type);
  return [(error as Error).message, expected.message];
}

/** The warnings process.emitWarning reports while fn runs (they arrive on the next tick). */
export async function warningsOf(fn: () => unknown): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve)); // earlier tests' warnings
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on("warning", listener);
  try {
    fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

/**
 * One describe block per family of cases, titled `title(family)`, each case an it() against
 * Python's result; one Python process evaluates every case of every family first.
 */
export function describeAgainstPython(families: [string, Case[]][], prelude = "", title = (family: string) => `${family} against Python torch 2.11`): void {
  const expected = pythonResults(families.flatMap(([, cases]) => cases), prelude);
  let offset = 0;
  for (const [family, cases] of families) {
    const start = offset;
    offset += cases.length;
    describe(title(family), () => {
      it.each(cases.map((c, i) => [c.name, c, start + i] as const))("%s", (_name, c, i) => expectSame(c, expected[i]));
    });
  }
}

