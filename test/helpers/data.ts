// The data the tests read. The package's own copy of Tiny Shakespeare always; the real IMDB
// archive only from TORCHTS_TEST_DATA, a folder laid out as the project's shared data:
//   imdb/aclImdb_v1.tar.gz, tinyshakespeare/input.txt
// Tests that need it are skipped, by a name that says so, when the variable is unset; the
// others run on fixtures in the real formats (./fixtures). This is the one place that names
// data outside the repository (test/data-paths.test.ts checks that).
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "./node";

/** Tiny Shakespeare as shipped with the package. */
export const shippedShakespeare = path.join(projectRoot, "data", "tinyshakespeare.txt");

/** The folder TORCHTS_TEST_DATA names (absolute), or undefined when it is unset or empty. */
export function testData(): string | undefined {
  const dir = process.env.TORCHTS_TEST_DATA;
  if (!dir) return undefined;
  const resolved = path.resolve(dir);
  if (!fs.existsSync(path.join(resolved, "imdb", "aclImdb_v1.tar.gz"))) {
    throw new Error(`TORCHTS_TEST_DATA=${dir}: no imdb/aclImdb_v1.tar.gz there (unset it to skip the tests that need it)`);
  }
  return resolved;
}

/** The paths of TORCHTS_TEST_DATA's files (call only where testData() is set). */
export function testDataPaths(dir = testData()!) {
  return {
    imdb: path.join(dir, "imdb"),
    imdbArchive: path.join(dir, "imdb", "aclImdb_v1.tar.gz"),
    shakespeare: path.join(dir, "tinyshakespeare", "input.txt"),
  };
}

/**
 * The shared data folder beside the project root (../shared/data), where the examples look
 * for IMDB by default: true when TORCHTS_TEST_DATA is that folder.
 */
export const exampleDefaultData = path.resolve(projectRoot, "..", "shared", "data");
export function testDataIsExampleDefault(): boolean {
  const dir = testData();
  return dir !== undefined && fs.existsSync(exampleDefaultData) && fs.realpathSync(dir) === fs.realpathSync(exampleDefaultData);
}
