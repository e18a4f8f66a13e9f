// The scenario table of the torch.utils.data tests: each scenario is a TS thunk and the Python
// code that sets `r` to the same value; both sides encode results (or the exception's class and
// message) to the same JSON, and each scenario is one test comparing the two.
import { expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./python";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Scenario {
  name: string;
  ts: () => unknown;
  py: string;
}

/** A result as JSON: tensors with dtype, shape and values; Subsets by indices; bigints as strings. */
export function enc(v: unknown): Json {
  if (v instanceof torch.Tensor) return { tensor: v.dtype.name, shape: v.shape, values: v.tolist() as Json };
  if (v instanceof torch.utils.data.Subset) return { subset: v.indices };
  if (typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return v.map(enc);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]));
  return v as Json;
}

/** Python's side of enc, for the preludes. */
export const PY_ENC = `
import sys
from torch.utils.data import *
def enc(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": str(v.dtype)[6:], "shape": list(v.shape), "values": v.tolist()}
    if isinstance(v, Subset):
        return {"subset": list(v.indices)}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    return v
`;

const PY_RUNNER = `
import json as _json
out = []
for code in _json.load(sys.stdin):
    scope = dict(globals())
    try:
        exec(code, scope)
        out.append({"ok": enc(scope["r"])})
    except Exception as e:
        out.append({"error": type(e).__name__, "message": str(e)})
print(_json.dumps(out))
`;

function runTs(s: Scenario): Json {
  try {
    return { ok: enc(s.ts()) };
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message };
  }
}

/** In a describe block: Python runs every scenario once (after `prelude`), then a test per scenario. */
export function itScenarios(prelude: string, scenarios: Scenario[]): void {
  const expected = pythonJson<Json[]>(`${prelude}\n${PY_RUNNER}`, JSON.stringify(scenarios.map((s) => s.py)));
  scenarios.forEach((s, i) => {
    it(s.name, () => {
      expect(runTs(s)).toStrictEqual(expected[i]);
    });
  });
}
