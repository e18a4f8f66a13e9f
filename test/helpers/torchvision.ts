// What the vision tests share: whether the reference Python has torchvision and Pillow (their
// truth), and a scratch folder per test file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe } from "vitest";
import { runPython } from "./python";

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
