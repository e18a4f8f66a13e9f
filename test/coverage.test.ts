// Coverage of Python's torch surface: every public name of torch, Tensor, torch.linalg,
// torch.fft and torch.special that Python 2.11 has must exist in torchts, or be on the
// exclusion list (scripts/ops-exclude.txt) with its reason. Python lists the names itself.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import torch from "torchts";
import { pythonJson } from "./helpers/python";

// Internals the surface issue leaves out of the count: quantization, cuDNN, MKL-DNN, FBGEMM, MIOpen.
const INTERNAL = /quantize|quantized|cudnn|mkldnn|fbgemm|miopen/;

const PY_NAMES = `
import inspect, types
def public_functions(mod):
    out = []
    for n in dir(mod):
        if n.startswith("_") or ${JSON.stringify(INTERNAL.source)} and __import__("re").search(${JSON.stringify(INTERNAL.source)}, n):
            continue
        v = getattr(mod, n)
        if callable(v) and not inspect.isclass(v) and not isinstance(v, types.ModuleType):
            out.append(n)
    return out
tensor = [n for n in dir(torch.Tensor) if not n.startswith("_") and not __import__("re").search(${JSON.stringify(INTERNAL.source)}, n)]
print(json.dumps({"torch": public_functions(torch), "Tensor": tensor, "linalg": public_functions(torch.linalg),
                  "fft": public_functions(torch.fft), "special": public_functions(torch.special)}))
`;

/** The exclusion list: "<namespace>.<name>" -> reason. */
function exclusions(): Map<string, string> {
  const excluded = new Map<string, string>();
  for (const line of readFileSync(new URL("../scripts/ops-exclude.txt", import.meta.url), "utf8").split("\n")) {
    const match = /^\s*([\w.]+)\s+#\s*(.+)$/.exec(line);
    if (match) excluded.set(match[1], match[2].trim());
  }
  return excluded;
}

const TARGETS: Record<string, number> = { torch: 0.95, Tensor: 0.9, linalg: 1, fft: 1, special: 1 };

function present(namespace: string, name: string): boolean {
  if (namespace === "Tensor") return name in torch.Tensor.prototype;
  const object = namespace === "torch" ? torch : (torch as unknown as Record<string, Record<string, unknown>>)[namespace];
  return object[name] !== undefined;
}

describe("coverage of Python's torch namespaces", () => {
  const names = pythonJson<Record<string, string[]>>(PY_NAMES);
  const excluded = exclusions();
  const summary: string[] = [];

  it.each(Object.keys(TARGETS))("torch namespace %s: every public name exists or is excluded with a reason", (namespace) => {
    const all = names[namespace];
    const missing = all.filter((n) => !present(namespace, n));
    const unexplained = missing.filter((n) => !excluded.has(`${namespace}.${n}`));
    const share = (all.length - missing.length) / all.length;
    summary.push(`${namespace}: ${all.length - missing.length}/${all.length} (${(100 * share).toFixed(1)}%), ${missing.length} excluded`);
    expect(unexplained, `missing from torchts and not in scripts/ops-exclude.txt`).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(TARGETS[namespace]);
  });

  it("the exclusion list names only what is missing (nothing stale)", () => {
    const stale = [...excluded.keys()].filter((key) => {
      const [namespace, name] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
      return namespace in TARGETS && present(namespace, name);
    });
    console.log(`coverage: ${summary.join("; ")}`);
    expect(stale).toEqual([]);
  });
});
