// `npm run prebuild`: makes prebuilds/<platform>-<arch>/torchts.napi.node with prebuildify.
// prebuildify drives node-gyp; scripts/node-gyp-shim stands in for it and builds with
// cmake-js. One Node-API binary serves every Node version (20 and 24 are tested).
"use strict";
const path = require("node:path");
const prebuildify = require("prebuildify");

const root = path.join(__dirname, "..");
prebuildify(
  {
    cwd: root,
    napi: true,
    strip: true,
    targets: [],
    nodeGyp: path.join(__dirname, "node-gyp-shim"),
  },
  (error) => {
    if (error) {
      console.error(error.message || error);
      process.exit(1);
    }
    console.error(`torchts: prebuilt binary in ${path.join(root, "prebuilds", `${process.platform}-${process.arch}`)}`);
  },
);
