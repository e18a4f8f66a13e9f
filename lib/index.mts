// The ES module entry: the same torch namespace object as the CommonJS one.
import torch from "./index.js";

export default torch;
