// `npm install` in a clone (npm's prepare step): lets examples/ (its own ESM package scope)
// import "torchts" by linking examples/node_modules/torchts to the project. A generated file,
// so it is not committed; nothing happens where examples/ is absent (an installed package).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const examples = path.join(__dirname, "..", "examples");
if (fs.existsSync(examples)) {
  const link = path.join(examples, "node_modules", "torchts");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true, recursive: false });
  fs.symlinkSync(path.join("..", ".."), link, "dir");
}
