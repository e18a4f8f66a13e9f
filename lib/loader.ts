// Finds LibTorch, checks it against the versions the addon was built for, loads LibTorch's
// libraries and then the addon. The addon carries no RPATH: it links against whatever
// libtorch.so is already in the process, so a prebuilt binary works wherever LibTorch is.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import nodeGypBuild = require("node-gyp-build");

// Plain CommonJS shared with the install scripts (it runs before TypeScript is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const libtorch: LibtorchModule = require("../scripts/libtorch.cjs");

export interface Libtorch {
  /** The torch package (or unpacked LibTorch) folder. */
  dir: string;
  libDir: string;
  version: string;
  cuda: string | null;
  /** Where it was found: "LIBTORCH", "python3", "the torchts cache", ... */
  origin: string;
}

interface LibtorchModule {
  findLibtorch(): Libtorch;
  SETUP_COMMAND: string;
}

interface BuildInfo {
  torch: string;
  cuda: string;
}

const packageRoot = path.join(__dirname, "..");
// glibc's RTLD_NODELETE: keep the library loaded when Node's dlopen gives up on it.
const RTLD_NODELETE = 0x1000;

function fail(message: string): never {
  throw new Error(`torchts: ${message}`);
}

/** The versions recorded in the binary at build time (see torchts_build_marker). */
function readBuildInfo(binary: string): BuildInfo | null {
  const bytes = fs.readFileSync(binary);
  const start = bytes.indexOf("TORCHTS_BUILD_INFO");
  if (start < 0) return null;
  const end = bytes.indexOf("}", start);
  return JSON.parse(bytes.subarray(start + "TORCHTS_BUILD_INFO".length, end + 1).toString("utf8"));
}

function findBinary(): string {
  try {
    return nodeGypBuild.path(packageRoot);
  } catch (error) {
    fail(
      `the native addon is not built (looked in ${path.join(packageRoot, "build", "Release")} and ` +
        `${path.join(packageRoot, "prebuilds", `${process.platform}-${process.arch}`)}). ` +
        `Build it with \`npm rebuild torchts\` (in the torchts folder: \`npm run build:native\`).`,
    );
  }
}

function checkVersions(binary: string, found: Libtorch): void {
  const built = readBuildInfo(binary);
  if (!built) fail(`${binary} carries no build information: rebuild it with \`npm rebuild torchts\``);
  const builtCuda = built.cuda || null;
  if ((built.torch !== found.version || builtCuda !== found.cuda) && !process.env.TORCHTS_ALLOW_ANY_TORCH) {
    fail(
      `${path.basename(binary)} was built for torch ${built.torch} (CUDA ${builtCuda ?? "none"}), but the ` +
        `LibTorch found (${found.origin}: ${found.dir}) is torch ${found.version} (CUDA ${found.cuda ?? "none"}). ` +
        `Rebuild with \`npm rebuild torchts\`, or set TORCHTS_ALLOW_ANY_TORCH=1 to try anyway.`,
    );
  }
}

/** Loads libtorch.so (and through its RPATH, c10, torch_cpu, torch_cuda and CUDA's libraries). */
function preload(found: Libtorch): void {
  const library = path.join(found.libDir, "libtorch.so");
  const { RTLD_NOW, RTLD_GLOBAL } = os.constants.dlopen;
  try {
    process.dlopen({ exports: {} }, library, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  } catch (error) {
    // libtorch.so is not a Node addon: Node loads it, then says so. Anything else is real.
    if (!String((error as Error).message).includes("did not self-register")) {
      fail(
        `LibTorch ${found.version} at ${found.dir} (${found.origin}) could not be loaded: ` +
          `${(error as Error).message}. Reinstall it, or run \`${libtorch.SETUP_COMMAND}\` and unset LIBTORCH.`,
      );
    }
  }
}

export interface Loaded {
  libtorch: Libtorch;
  binary: string;
  addon: unknown;
}

export function load(): Loaded {
  let found: Libtorch;
  try {
    found = libtorch.findLibtorch();
  } catch (error) {
    fail((error as Error).message);
  }
  const binary = findBinary();
  checkVersions(binary, found);
  preload(found);
  const module = { exports: {} as unknown };
  try {
    process.dlopen(module, binary, os.constants.dlopen.RTLD_NOW);
  } catch (error) {
    fail(`the native addon ${binary} could not be loaded against ${found.dir}: ${(error as Error).message}`);
  }
  return { libtorch: found, binary, addon: module.exports };
}
