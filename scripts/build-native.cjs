// Builds build/Release/torchts.node with cmake-js against the LibTorch that
// scripts/libtorch.cjs finds, recording the torch and CUDA versions in the binary.
// Extra arguments go to cmake-js (for example --debug).
"use strict";
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { findLibtorch } = require("./libtorch.cjs");

const root = path.join(__dirname, "..");
const libtorch = findLibtorch();
console.error(`torchts: building against torch ${libtorch.version} (${libtorch.origin}): ${libtorch.dir}`);
const cmakeJs = require.resolve("cmake-js/bin/cmake-js");
execFileSync(
  process.execPath,
  [
    cmakeJs,
    "compile",
    `--CDLIBTORCH_DIR=${libtorch.dir}`,
    `--CDTORCHTS_TORCH_VERSION=${libtorch.version}`,
    `--CDTORCHTS_CUDA_VERSION=${libtorch.cuda ?? ""}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, CMAKE_BUILD_PARALLEL_LEVEL: process.env.CMAKE_BUILD_PARALLEL_LEVEL ?? "2" } },
);
