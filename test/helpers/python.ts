// Runs Python with the reference torch (the same LibTorch 2.11 that torchts loads) so that
// tests compare against numbers PyTorch itself computes.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const libtorch = require("../../scripts/libtorch.cjs");

let python: string | undefined;

/** The Python interpreter whose torch is the reference; throws when there is none. */
export function referencePython(): string {
  if (python) return python;
  const found = libtorch.findLibtorch();
  if (!found.python) {
    throw new Error(
      `tests need a Python with torch ${found.version} as their reference; set TORCHTS_PYTHON to one`,
    );
  }
  python = found.python as string;
  return python;
}

/** Runs a Python program (torch already imported as `torch`) and returns its stdout. */
export function runPython(code: string, input?: string): string {
  return execFileSync(referencePython(), ["-c", `import torch, json\n${code}`], {
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs a Python program that prints one JSON value, and returns that value. */
export function pythonJson<T = unknown>(code: string, input?: string): T {
  return JSON.parse(runPython(code, input)) as T;
}
