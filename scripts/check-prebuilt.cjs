// Proves that the prebuilt binary works on its own: packs the package as npm would ship it,
// installs that into a temporary folder (no build/ there), loads it from a process started
// elsewhere, and checks a computation. The binary has no RPATH, so loading also proves that
// LibTorch was found at run time.
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
// The package as npm ships it (its "files"), installed with its runtime dependencies and
// without its install script: nothing gets built, and there is no build/ folder.
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tarball = execFileSync(npm, ["pack", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" })
  .trim()
  .split("\n")
  .pop();
execFileSync(npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", path.join(work, tarball)], {
  cwd: work,
  stdio: ["ignore", "ignore", "inherit"],
});
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
// The ES module entries load from the shipped package too.
execFileSync(
  process.execPath,
  ["--input-type=module", "-e", 'import torch from "torchts"; import * as text from "torchts/text"; import * as vision from "torchts/vision"; if (!torch.nn || !text.get_tokenizer || !vision.datasets.MNIST) process.exit(1);'],
  { cwd: work, stdio: "inherit" },
);
const loaded = execFileSync(
  process.execPath,
  ["-p", 'require("node-gyp-build").path(require("path").dirname(require.resolve("torchts/package.json")))'],
  { cwd: work, encoding: "utf8" },
).trim();
console.log(`check-prebuilt: ok: ${path.relative(work, loaded)} (no build/ folder) loaded torch ${result.version}; sum = ${result.sum}`);
fs.rmSync(work, { recursive: true, force: true });
