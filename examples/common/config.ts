// Command-line overrides of an example's configuration, nanoGPT style: every key of the
// defaults object is an option (`--max_iters=200`, `--device cpu`, `--compile`), parsed by
// Node's util.parseArgs with the type the default has. Unknown options are an error.
import { parseArgs } from "node:util";

type Value = number | string | boolean;

export function parse_config<C extends Record<string, Value>>(defaults: C, argv = process.argv.slice(2)): C {
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const [key, value] of Object.entries(defaults)) options[key] = { type: typeof value === "boolean" ? "boolean" : "string" };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false, allowNegative: true } as any));
  } catch (error) {
    // A mistyped option is the user's error, not the program's: a message, not a stack trace.
    console.error(`error: ${(error as Error).message} (--help lists the options)`);
    process.exit(2);
  }
  if (values.help) {
    console.log("options (default):");
    for (const [key, value] of Object.entries(defaults)) console.log(`  --${key}=${value}`);
    process.exit(0);
  }
  const config: Record<string, Value> = { ...defaults };
  for (const [key, raw] of Object.entries(values)) {
    if (key === "help" || raw === undefined) continue; // (no option is multiple: raw is one value)
    if (typeof defaults[key] === "number") {
      const n = Number(raw);
      if (raw === "" || !Number.isFinite(n)) {
        console.error(`error: --${key} expects a number, got ${JSON.stringify(raw)}`);
        process.exit(2);
      }
      config[key] = n;
    } else {
      config[key] = raw as Value;
    }
  }
  return config as C;
}
