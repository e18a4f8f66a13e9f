// The CommonJS build, loaded for the ES module entries with require() instead of a static
// import. On Node 20 an ES module that statically imports a CommonJS module which throws
// rejects the import() and also leaves a second, unhandled rejection that kills the process
// (a failed LibTorch load would end a program that caught it). Thrown from here, the load
// error rejects the import once, and the process lives on.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const torch: typeof import("./index.js") = require("./index.js");
