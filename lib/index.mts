// The ES module entry: the same torch namespace object as the CommonJS one.
import { torch } from "./_esm_load.mjs";

export default torch;
