// What the vision tests share: whether the reference Python has torchvision and Pillow (their
// truth), and a scratch folder per test file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect } from "vitest";
import torch from "torchts";
import { pythonJsonAsync, runPython } from "./python";

function importsTorchvision(): boolean {
  try {
    runPython("import torchvision, PIL");
    return true;
  } catch {
    return false;
  }
}

export const hasTorchvision = importsTorchvision();
/** describe where torchvision installs beside the reference torch, describe.skip elsewhere. */
export const withTv = hasTorchvision ? describe : describe.skip;

/** A new folder under the system's temp dir, removed after the calling file's tests. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type T = InstanceType<typeof torch.Tensor>;

/**
 * Case `i` of a table whose inputs Python saved to `x.pt` and whose torchvision results it saved,
 * in order, to `want.pt` (both in `dir`): `run` on the same inputs gives the same dtype, shape,
 * and values (within `floatTol` where the result is floating point, else exactly).
 */
export function expectSavedCase(dir: string, i: number, run: (x: Record<string, T>) => T, floatTol = 0): void {
  const x = torch.load(path.join(dir, "x.pt")) as Record<string, T>;
  const want = (torch.load(path.join(dir, "want.pt")) as T[])[i];
  const got = run(x);
  expect(got.dtype).toBe(want.dtype);
  expect(got.shape).toEqual(want.shape);
  const tol = got.is_floating_point() ? floatTol : 0;
  expect(got.double().sub(want.double()).abs().max().item() as number).toBeLessThanOrEqual(tol);
}

/**
 * Each case pairs a Python expression that raises a TypeError (`setup` imports what it needs)
 * with the torchts call that must raise torchts's TypeError with the same message.
 */
export async function expectSameTypeErrors(setup: string, cases: [python: string, ts: () => unknown][]): Promise<void> {
  const python = await pythonJsonAsync<(string | null)[]>(`${setup}
out = []
for make in (${cases.map(([py]) => `lambda: ${py}`).join(", ")},):
    try:
        make()
        out.append(None)
    except TypeError as e:
        out.append(str(e))
print(json.dumps(out))`);
  cases.forEach(([py, ts], i) => {
    expect(python[i], `${py} raises no TypeError`).not.toBeNull();
    expect(ts, py).toThrow(new torch.TypeError(python[i]!));
  });
}
