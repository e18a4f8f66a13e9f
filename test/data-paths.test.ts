// The suite must pass in a bare clone: no test may read the project's shared data folder
// (beside the repository on the project's own machines) except through test/helpers/data.ts,
// which reads it from TORCHTS_TEST_DATA and lets the tests that need it be skipped by name.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./helpers/node";

const testDir = path.join(projectRoot, "test");
const allowed = path.join(testDir, "helpers", "data.ts");

// The folder one level up, a path segment of that name in a join, or its data folder.
const FORBIDDEN = [/\.\.[\\/]shared\b/, /join\([^)]*(["'`])shared\1/, /\bshared[\\/]data\b/];

/** The lines of `source` that name the shared data folder, as "line: text". */
function offending(source: string): string[] {
  return source
    .split("\n")
    .map((line, i) => [i + 1, line] as const)
    .filter(([, line]) => FORBIDDEN.some((re) => re.test(line)))
    .map(([n, line]) => `${n}: ${line.trim()}`);
}

describe("test data paths", () => {
  it("the check catches the ways a path to the shared folder is written", () => {
    const up = "..";
    const name = ["sha", "red"].join("");
    expect(offending(`const a = path.join(projectRoot, "${up}", "${name}", "data");`)).toHaveLength(1);
    expect(offending(`data = os.path.join(root, '${up}', '${name}', 'data')`)).toHaveLength(1);
    expect(offending(`new URL("${up}/${up}/${name}/data/imdb", import.meta.url)`)).toHaveLength(1);
    expect(offending(`const b = "/work/${name}/data/x.txt";`)).toHaveLength(1);
    expect(offending(`const parent = path.join(root, "${up}");\nconst c = path.join(parent, "${name}");`)).toHaveLength(1);
    expect(offending(`// ${name} parameters are counted once\nout["${name}"] = 1`)).toHaveLength(0);
  });

  it("no test file names the shared data folder outside test/helpers/data.ts", () => {
    const files = (fs.readdirSync(testDir, { recursive: true }) as string[])
      .map((f) => path.join(testDir, f))
      .filter((f) => /\.(ts|mts|cts|js|mjs|cjs|py)$/.test(f) && f !== allowed);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((f) => offending(fs.readFileSync(f, "utf8")).map((line) => `${path.relative(projectRoot, f)}:${line}`));
    expect(found, "read the shared data through test/helpers/data.ts (TORCHTS_TEST_DATA) instead").toStrictEqual([]);
  });
});
