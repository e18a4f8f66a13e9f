// torch.hub: its cache folder and load_state_dict_from_url, as torchvision's weights use them:
// $TORCH_HOME/hub/checkpoints (TORCH_HOME defaults to $XDG_CACHE_HOME/torch, else ~/.cache/torch),
// a download through a temporary file and a rename (text/_download, shared with the datasets),
// the sha256 prefix in the file name checked when check_hash. A file already in the cache is
// loaded as it is, as in Python.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Tensor } from "./tensor";
import { RuntimeError } from "./errors";
import { load } from "./serialization/load";
import { _download_sync } from "./text/_download";

const expanduser = (p: string): string => (p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p);

/** torch.hub._get_torch_home() */
export function _get_torch_home(): string {
  return expanduser(process.env.TORCH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? "~/.cache", "torch"));
}

/** torch.hub.get_dir(): $TORCH_HOME/hub. */
export function get_dir(): string {
  return path.join(_get_torch_home(), "hub");
}

/** torch.hub.HASH_REGEX: the hash prefix in a weights file's name (resnet18-f37072fd.pth). */
export const HASH_REGEX = /-([a-f0-9]*)\./;

export interface LoadStateDictFromUrlOptions {
  model_dir?: string | null;
  map_location?: string | null;
  progress?: boolean;
  check_hash?: boolean;
  file_name?: string | null;
}

/** torch.hub.load_state_dict_from_url(url, { model_dir, map_location, progress = true, check_hash = false, file_name }). */
export function load_state_dict_from_url(url: string, options: LoadStateDictFromUrlOptions = {}): Record<string, Tensor> {
  const model_dir = options.model_dir ?? path.join(get_dir(), "checkpoints");
  fs.mkdirSync(model_dir, { recursive: true });
  const filename = options.file_name ?? path.basename(new URL(url).pathname);
  const cached_file = path.join(model_dir, filename);
  if (!fs.existsSync(cached_file)) {
    if (options.progress ?? true) process.stderr.write(`Downloading: "${url}" to ${cached_file}\n`);
    let hash_prefix: string | null = null;
    if (options.check_hash ?? false) hash_prefix = HASH_REGEX.exec(filename)?.[1] ?? null;
    try {
      _download_sync(url, cached_file, { hash_prefix, progress: (options.progress ?? true) && !!process.stderr.isTTY });
    } catch (error) {
      throw new RuntimeError(
        `Error downloading ${url}: ${(error as Error).message}. ` +
          `Without internet access, put the file at ${cached_file} (the hub cache: $TORCH_HOME/hub/checkpoints) and call again.`,
      );
    }
  }
  return load(cached_file, { map_location: options.map_location ?? undefined, weights_only: true }) as Record<string, Tensor>;
}
