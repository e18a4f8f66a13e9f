// Proves that the prebuilt binary works on its own: copies the package as npm would ship
// it, without build/ and without the C++ sources, into a temporary folder, loads it from a
// process started elsewhere, and checks a computation. The binary has no RPATH, so loading
// also proves that LibTorch was found at run time.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const prebuilds = path.join(root, "prebuilds", `${process.platform}-${process.arch}`);
if (!fs.existsSync(prebuilds)) {
  console.error("check-prebuilt: no prebuilt binary; run `npm run prebuild` first");
  process.exit(1);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-prebuilt-"));
const pkg = path.join(work, "node_modules", "torchts");
for (const entry of ["package.json", "dist", "scripts", "prebuilds"]) {
  fs.cpSync(path.join(root, entry), path.join(pkg, entry), { recursive: true });
}
// The package's one runtime dependency.
fs.cpSync(path.join(root, "node_modules", "node-gyp-build"), path.join(work, "node_modules", "node-gyp-build"), { recursive: true });

const script = `
const torch = require("torchts");
const x = torch.arange(6, { dtype: torch.float32 });
console.log(JSON.stringify({ version: torch.__version__, sum: x.add(x).sum().item() }));`;
const out = execFileSync(process.execPath, ["-e", script], { cwd: work, encoding: "utf8" });
const result = JSON.parse(out);
if (fs.existsSync(path.join(pkg, "build")) || result.sum !== 30) {
  console.error(`check-prebuilt: unexpected result ${out}`);
  process.exit(1);
}
const loaded = execFileSync(
  process.execPath,
  ["-p", 'require("node-gyp-build").path(require("path").dirname(require.resolve("torchts/package.json")))'],
  { cwd: work, encoding: "utf8" },
).trim();
console.log(`check-prebuilt: ok: ${path.relative(work, loaded)} (no build/ folder) loaded torch ${result.version}; sum = ${result.sum}`);
fs.rmSync(work, { recursive: true, force: true });
