// libjpeg-turbo's TurboJPEG library, as the npm package @julusian/jpeg-turbo ships it prebuilt
// beside its binding (prebuilds/jpeg-turbo-<platform>-<arch>/), loaded once by
// native/turbojpeg.cc: JPEG decoding goes there first (torchvision's decoder, and 4x faster
// than libvips here), libvips takes what it leaves (CMYK, 12-bit) and the platforms it lacks.
import * as fs from "node:fs";
import * as path from "node:path";
import { native } from "../native";
import { isMuslLinux } from "./_platform";

/** The TurboJPEG library's path, or null when the package or its build for this platform is missing. */
function libturbojpegPath(): string | null {
  let dir: string;
  try {
    dir = path.dirname(require.resolve("@julusian/jpeg-turbo/package.json"));
  } catch {
    return null;
  }
  const libc = isMuslLinux() ? "-musl" : "";
  const prebuilt = path.join(dir, "prebuilds", `jpeg-turbo-${process.platform}-${process.arch}${libc}`);
  const names = fs.existsSync(prebuilt) ? fs.readdirSync(prebuilt) : [];
  const lib = names.find((n) => /^(lib)?turbojpeg.*\.(so(\.\d+)*|dylib|dll)$/.test(n));
  return lib === undefined ? null : path.join(prebuilt, lib);
}

let state: "unloaded" | "ready" | "missing" = "unloaded";

/** native, with libturbojpeg loaded; null where it cannot be (then libvips decodes). */
export function turbojpeg(): typeof native | null {
  if (state === "unloaded") {
    const lib = process.env.TORCHTS_JPEG_DECODER === "libvips" ? null : libturbojpegPath();
    if (lib === null) state = "missing";
    else {
      try {
        native.turboLoad(lib);
        state = "ready";
      } catch {
        state = "missing";
      }
    }
  }
  return state === "ready" ? native : null;
}
