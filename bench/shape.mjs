// What reading x.shape costs: 1e6 reads per case, best of 5 runs, in ns per read.
// "before" is the way x.shape was read until it returned a torch.Size: one native call that
// builds the JS array in C++ (native.shape, still in the addon), wrapped in a getter as it was.
//   node bench/shape.mjs
import { createRequire } from "node:module";
import torch from "torchts";

const require = createRequire(import.meta.url);
const { native } = require("../dist/native.js");

const N = 1_000_000;
const repeats = 5;

// The old getter, on a class of its own so that V8 sees the same shape of code as before.
class Before {
  constructor(h) {
    this._h = h;
  }
  get shape() {
    return native.shape(this._h);
  }
}

function time(read) {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    let sum = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sum += read().length;
    const ns = Number(process.hrtime.bigint() - t0) / N;
    if (sum === 0) throw new Error("unreachable");
    best = Math.min(best, ns);
  }
  return best;
}

const rows = [];
for (const sizes of [[3, 784], [8, 64, 32, 32], [5]]) {
  const x = torch.zeros(...sizes);
  const before = new Before(x._h);
  rows.push({
    shape: `[${sizes}]`,
    "before: number[] (ns)": time(() => before.shape).toFixed(1),
    "x.shape: torch.Size (ns)": time(() => x.shape).toFixed(1),
    "x.size() (ns)": time(() => x.size()).toFixed(1),
    "x.size(0) (ns)": time(() => [x.size(0)]).toFixed(1),
  });
}
console.table(rows);
