// `npm install` of torchts: makes sure LibTorch is there (installing it into the per-user
// cache when nothing is found), then builds the addon from source unless a prebuilt binary
// for this platform ships with the package. TORCHTS_BUILD_FROM_SOURCE=1 always builds.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const prebuildDir = path.join(root, "prebuilds", `${process.platform}-${process.arch}`);
const hasPrebuild = fs.existsSync(prebuildDir) && fs.readdirSync(prebuildDir).some((f) => f.endsWith(".node"));

execFileSync(process.execPath, [path.join(__dirname, "setup-libtorch")], { stdio: ["ignore", "ignore", "inherit"] });
if (hasPrebuild && !process.env.TORCHTS_BUILD_FROM_SOURCE) {
  console.error(`torchts: using the prebuilt binary in ${path.relative(root, prebuildDir)}`);
} else {
  execFileSync(process.execPath, [path.join(__dirname, "build-native.cjs")], { stdio: "inherit" });
}
