// libvips, the image library sharp ships prebuilt on npm (@img/sharp-libvips-<platform>), loaded
// once by native/vips.cc: torchvision.io's synchronous decoders and encoders run on it.
import { createRequire } from "node:module";
import * as path from "node:path";
import { native } from "../native";
import { RuntimeError } from "../errors";
import { isMuslLinux } from "./_platform";

/** The codec a call asks for; AUTO lets libvips sniff the bytes. */
export const VipsKind = { AUTO: 0, JPEG: 1, PNG: 2 } as const;

/** sharp's platform package name: linux glibc, linuxmusl, darwin, win32 with the CPU. */
function platformPackage(): string {
  const platform = isMuslLinux() ? "linuxmusl" : process.platform;
  return `@img/sharp-libvips-${platform}-${process.arch}`;
}

/** The libvips shared library's path: resolved from here, else from beside sharp. */
function libvipsPath(): string {
  const pkg = platformPackage();
  const tries: NodeJS.Require[] = [require];
  try {
    tries.push(createRequire(require.resolve("sharp")));
  } catch {
    // sharp itself not installed: the platform package may still be
  }
  for (const req of tries) {
    try {
      return req.resolve(`${pkg}/binary`);
    } catch {
      try {
        const dir = path.dirname(req.resolve(`${pkg}/package`));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require(path.join(dir, "lib")) as string;
        return path.join(lib, process.platform === "darwin" ? "libvips-cpp.dylib" : "libvips-cpp.so");
      } catch {
        // try the next place
      }
    }
  }
  throw new RuntimeError(
    `torchts/vision's image io needs libvips from sharp's ${pkg} package, which is not installed: ` +
      "run `npm install sharp` (it brings the package for this platform).",
  );
}

let ready = false;

/** native, with libvips loaded. */
export function vips(): typeof native {
  if (!ready) {
    native.vipsLoad(libvipsPath());
    ready = true;
  }
  return native;
}
