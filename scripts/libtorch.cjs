// Finds LibTorch 2.11 the same way at build time (scripts/build-native.cjs) and at load
// time (lib/loader.ts). Plain CommonJS so that it runs during `npm install`, before the
// TypeScript sources are compiled.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const WANTED_VERSION = "2.11.0"; // what scripts/setup-libtorch installs
const WANTED_SERIES = "2.11"; // what torchts accepts without the override
const SETUP_COMMAND = "npx torchts-setup-libtorch";

function cacheRoot() {
  if (process.env.TORCHTS_CACHE) return process.env.TORCHTS_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "torchts");
}

/** The virtual environment that scripts/setup-libtorch installs torch into. */
function cacheVenv() {
  return path.join(cacheRoot(), `torch-${WANTED_VERSION}`);
}

/** Reads `torch/version.py` (a torch package) or `build-version` (an unpacked LibTorch). */
function readVersion(dir) {
  const versionPy = path.join(dir, "version.py");
  if (fs.existsSync(versionPy)) {
    const text = fs.readFileSync(versionPy, "utf8");
    const version = /^__version__\s*=\s*'([^']+)'/m.exec(text)?.[1] ?? null;
    const cuda = /^cuda\s*(?::[^=]*)?=\s*'([^']+)'/m.exec(text)?.[1] ?? null;
    return { version, cuda };
  }
  const buildVersion = path.join(dir, "build-version");
  if (fs.existsSync(buildVersion)) {
    const version = fs.readFileSync(buildVersion, "utf8").trim().split("\n")[0];
    const cuda = /\+cu(\d+)(\d)$/.exec(version);
    return { version, cuda: cuda ? `${cuda[1]}.${cuda[2]}` : null };
  }
  return { version: null, cuda: null };
}

/** The torch package folder of a Python interpreter, found without importing torch. */
function pythonTorchDir(python) {
  const code =
    "import importlib.util as u\n" +
    "s = u.find_spec('torch')\n" +
    "print(list(s.submodule_search_locations)[0] if s and s.submodule_search_locations else '')";
  try {
    const out = execFileSync(python, ["-c", code], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 60_000,
    });
    return out.trim() || null;
  } catch {
    return null;
  }
}

/** The torch package folder inside the cache's virtual environment, without running it. */
function venvTorchDir(venv) {
  const libDir = path.join(venv, "lib");
  if (!fs.existsSync(libDir)) return null;
  for (const entry of fs.readdirSync(libDir)) {
    const dir = path.join(libDir, entry, "site-packages", "torch");
    if (entry.startsWith("python") && fs.existsSync(dir)) return dir;
  }
  return null;
}

class LibtorchNotFoundError extends Error {
  constructor(message, searched) {
    super(message);
    this.name = "LibtorchNotFoundError";
    this.searched = searched;
  }
}

function versionAccepted(version) {
  return (version ?? "").startsWith(`${WANTED_SERIES}.`) || !!process.env.TORCHTS_ALLOW_ANY_TORCH;
}

/**
 * Checks one candidate folder. Returns the found LibTorch, or a reason it was passed over.
 * A wrong version is an error, not a reason to go on searching: the user has set up a torch
 * that torchts cannot use, and silently taking another one would hide that.
 */
function examine(dir, origin, python) {
  if (!dir) return { reason: "no torch package" };
  if (!fs.existsSync(path.join(dir, "lib", "libtorch.so"))) {
    return { reason: `${dir} holds no lib/libtorch.so` };
  }
  const { version, cuda } = readVersion(dir);
  if (!versionAccepted(version)) {
    throw new LibtorchNotFoundError(
      `torchts needs LibTorch ${WANTED_SERIES}.x, but ${origin} has torch ${version ?? "of unknown version"} ` +
        `(${dir}). Install torch==${WANTED_VERSION} there, or run \`${SETUP_COMMAND}\` and unset the variable ` +
        `that points at it; set TORCHTS_ALLOW_ANY_TORCH=1 to use this version at your own risk.`,
      [`${origin}: ${dir} (torch ${version})`],
    );
  }
  return {
    found: { dir, libDir: path.join(dir, "lib"), version, cuda, origin, python: python ?? null },
  };
}

/**
 * Finds LibTorch: $LIBTORCH; else the torch package of $TORCHTS_PYTHON (or python3); else
 * the per-user cache that scripts/setup-libtorch fills. Throws LibtorchNotFoundError, whose
 * message lists what was searched and the command that fixes it.
 */
function findLibtorch() {
  if (process.env.LIBTORCH) {
    const dir = path.resolve(process.env.LIBTORCH);
    const result = examine(fs.existsSync(dir) ? dir : null, "LIBTORCH", null);
    if (result.found) return { ...result.found, python: referencePythonFor(result.found.dir) };
    throw new LibtorchNotFoundError(
      `LibTorch not found: LIBTORCH is set to ${process.env.LIBTORCH}, which ` +
        `${fs.existsSync(dir) ? "holds no lib/libtorch.so" : "does not exist"}. ` +
        `Point LIBTORCH at an unpacked LibTorch ${WANTED_SERIES} or a torch package folder, or unset it ` +
        `and run \`${SETUP_COMMAND}\`.`,
      [`LIBTORCH=${process.env.LIBTORCH}`],
    );
  }
  const searched = [];
  const python = process.env.TORCHTS_PYTHON || "python3";
  const fromPython = examine(pythonTorchDir(python), python, python);
  if (fromPython.found) return fromPython.found;
  searched.push(`${process.env.TORCHTS_PYTHON ? "TORCHTS_PYTHON=" : ""}${python}: ${fromPython.reason}`);

  const venv = cacheVenv();
  const fromCache = examine(venvTorchDir(venv), "the torchts cache", path.join(venv, "bin", "python"));
  if (fromCache.found) return fromCache.found;
  searched.push(`the torchts cache ${venv}: ${fromCache.reason}`);

  throw new LibtorchNotFoundError(
    `LibTorch ${WANTED_SERIES} not found. Searched: LIBTORCH (not set); ${searched.join("; ")}. ` +
      `Run \`${SETUP_COMMAND}\` to install torch==${WANTED_VERSION} into the torchts cache.`,
    searched,
  );
}

/** A Python with this torch, for reference computations (tests, benchmarks), if any. */
function referencePythonFor(dir) {
  const python = process.env.TORCHTS_PYTHON || "python3";
  const found = pythonTorchDir(python);
  return found && path.resolve(found) === path.resolve(dir) ? python : null;
}

module.exports = {
  WANTED_VERSION,
  WANTED_SERIES,
  SETUP_COMMAND,
  LibtorchNotFoundError,
  cacheRoot,
  cacheVenv,
  findLibtorch,
  pythonTorchDir,
  readVersion,
};
