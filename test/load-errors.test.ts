// Where LibTorch is missing, of the wrong version, or cannot load, importing torchts throws
// an Error that says what was searched and the command that fixes it; the process never
// crashes.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "./helpers/node";

const importAndReport = `
try { require("torchts"); console.log("loaded"); }
catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`;

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function importWith(env: Record<string, string | undefined>): { name: string; message: string } {
  const run = runNode(["-e", importAndReport], env);
  expect(run.signal).toBeNull();
  expect(run.status).toBe(0);
  expect(run.stdout.trim()).not.toBe("loaded");
  return JSON.parse(run.stdout);
}

describe("loading LibTorch", () => {
  it("LIBTORCH pointing nowhere, and no Python torch: a clear error with the fix", () => {
    const error = importWith({ LIBTORCH: "/nonexistent/libtorch", TORCHTS_PYTHON: "/nonexistent/python3" });
    expect(error.name).toBe("Error");
    expect(error.message).toContain("LIBTORCH is set to /nonexistent/libtorch, which does not exist");
    expect(error.message).toContain("npx torchts-setup-libtorch");
    expect(error.message).not.toContain("did not self-register");
  });

  it("nothing anywhere: lists what was searched and the one command that fixes it", () => {
    const error = importWith({
      LIBTORCH: undefined,
      TORCHTS_PYTHON: "/nonexistent/python3",
      TORCHTS_CACHE: tmpdir("torchts-empty-cache-"),
    });
    expect(error.message).toMatch(/^torchts: LibTorch 2\.11 not found\. Searched: LIBTORCH \(not set\); /);
    expect(error.message).toContain("TORCHTS_PYTHON=/nonexistent/python3: no torch package");
    expect(error.message).toContain("the torchts cache");
    expect(error.message).toContain("Run `npx torchts-setup-libtorch`");
  });

  it("a LibTorch of another version is refused, naming both versions", () => {
    const dir = tmpdir("torchts-old-torch-");
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib", "libtorch.so"), "");
    fs.writeFileSync(path.join(dir, "version.py"), "__version__ = '2.10.0+cu128'\ncuda = '12.8'\n");
    const error = importWith({ LIBTORCH: dir });
    expect(error.message).toContain("torchts needs LibTorch 2.11.x, but LIBTORCH has torch 2.10.0+cu128");
    expect(error.message).toContain("TORCHTS_ALLOW_ANY_TORCH=1");
  });

  it("a binary built for another torch is refused before it is loaded, naming both versions", () => {
    const dir = tmpdir("torchts-other-build-");
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib", "libtorch.so"), "");
    fs.writeFileSync(path.join(dir, "version.py"), "__version__ = '2.11.1+cpu'\ncuda: Optional[str] = None\n");
    const error = importWith({ LIBTORCH: dir });
    expect(error.message).toMatch(/was built for torch 2\.11\.\d\S* \(CUDA [^)]+\), but the LibTorch found \(LIBTORCH: .*\) is torch 2\.11\.1\+cpu \(CUDA none\)/);
    expect(error.message).toContain("npm rebuild torchts");
  });

  it("a LibTorch whose libraries cannot load gives the loader's reason, not a crash", () => {
    const dir = tmpdir("torchts-broken-");
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "lib", "libtorch.so"), "not an ELF file");
    const real = runNode(["-e", "console.log(require('./scripts/libtorch.cjs').findLibtorch().dir)"]);
    fs.copyFileSync(path.join(real.stdout.trim(), "version.py"), path.join(dir, "version.py"));
    const error = importWith({ LIBTORCH: dir });
    expect(error.message).toMatch(/LibTorch 2\.11\.\S+ at .* \(LIBTORCH\) could not be loaded: .*(invalid ELF header|file too short)/);
  });
});

// A program that catches a failed import goes on: the import throws (CommonJS) or rejects
// (ES modules) with the message, each time it is tried, and nothing else is thrown later.
describe("a failed import, caught, leaves the process running", () => {
  const cases: [string, string][] = [
    ["require('torchts')", "commonjs"],
    ["await import('torchts')", "module"],
  ];
  it.each(cases)("%s", (load, type) => {
    // The second try comes after a turn of the event loop: an unhandled rejection left by
    // the first would have ended the process by then.
    const program = `
const attempt = async () => {
  try { ${load}; console.log("loaded"); } catch (e) { console.log("caught: " + e.message); }
};
await attempt();
setTimeout(async () => { await attempt(); console.log("still running"); }, 50);`;
    const body = type === "module" ? program : `(async () => { ${program} })();`;
    const run = runNode([`--input-type=${type}`, "-e", body], { LIBTORCH: "/nonexistent/libtorch" });
    const lines = run.stdout.trim().split("\n");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(0, 2)) expect(line).toMatch(/^caught: torchts: LibTorch not found: LIBTORCH is set to \/nonexistent\/libtorch/);
    expect(lines[2]).toBe("still running");
  });
});
