// torchvision.datasets: MNIST, FashionMNIST, KMNIST, EMNIST (idx-ubyte files, plain or .gz),
// CIFAR10 / CIFAR100 (the Python-pickled batches), DatasetFolder / ImageFolder and FakeData.
// Same folders, file names, md5s, download URLs, errors and samples as torchvision; images
// come as Image (PIL's stand-in, lib/vision/image.ts) before the transform.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import torch = require("../index");
import type { Tensor } from "../tensor";
import { checkOptions } from "../_args";
import { IndexError, RuntimeError, TypeError, ValueError } from "../errors";
import { Dataset } from "../utils/data/dataset";
import { unpickle, Global, Tuple, Dict } from "../serialization/unpickler";
import { _download_sync } from "../text/_download";
import { Image, fromarray } from "./image";
import { _apply, type TransformLike } from "./transforms";
import { decode_image_file } from "./io";

/** Python's FileNotFoundError. */
export class FileNotFoundError extends Error {}
Object.defineProperty(FileNotFoundError.prototype, "name", { value: "FileNotFoundError", writable: true, configurable: true });

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const expanduser = (p: string) => (p.startsWith("~") ? path.join(process.env.HOME ?? "", p.slice(1)) : p);

// ---------------------------------------------------------------------------------------
// datasets.utils

/** datasets.utils.calculate_md5 */
export function calculate_md5(fpath: string): string {
  return createHash("md5").update(fs.readFileSync(fpath)).digest("hex");
}

/** datasets.utils.check_integrity(fpath, md5 = null) */
export function check_integrity(fpath: string, md5: string | null = null): boolean {
  if (!isFile(fpath)) return false;
  if (md5 === null) return true;
  return calculate_md5(fpath) === md5;
}

/**
 * datasets.utils.download_url(url, root, filename, md5): into root/filename through a temporary
 * file and a rename, then the md5 check. Offline (or any fetch failure) raises RuntimeError
 * naming the URL and where to put the file by hand.
 */
export function download_url(url: string, root: string, filename: string | null = null, md5: string | null = null): void {
  root = expanduser(root);
  filename = filename ?? path.basename(url);
  const fpath = path.join(root, filename);
  fs.mkdirSync(root, { recursive: true });
  if (check_integrity(fpath, md5)) return;
  try {
    _download_sync(url, fpath, { progress: !!process.stderr.isTTY });
  } catch (error) {
    throw new RuntimeError(
      `Error downloading ${filename} from ${url}: ${(error as Error).message}. ` +
        `Without internet access, put the file at ${fpath} and call again.`,
    );
  }
  if (!check_integrity(fpath, md5)) {
    fs.rmSync(fpath, { force: true });
    throw new RuntimeError("File not found or corrupted.");
  }
}

/** Extracts .gz (to the name without .gz), .zip and .tar.gz / .tgz archives into to_path. */
export function extract_archive(from_path: string, to_path: string | null = null, remove_finished = false): string {
  to_path = to_path ?? path.dirname(from_path);
  const lower = from_path.toLowerCase();
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tar = require("tar") as typeof import("tar");
    fs.mkdirSync(to_path, { recursive: true });
    tar.x({ file: from_path, cwd: to_path, sync: true });
  } else if (lower.endsWith(".zip")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { unzipSync } = require("fflate") as typeof import("fflate");
    const files = unzipSync(new Uint8Array(fs.readFileSync(from_path)));
    for (const [name, bytes] of Object.entries(files)) {
      const out = path.join(to_path, name);
      if (!path.resolve(out).startsWith(path.resolve(to_path))) throw new RuntimeError(`unsafe path in archive: ${name}`);
      if (name.endsWith("/")) {
        fs.mkdirSync(out, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, bytes);
    }
  } else if (lower.endsWith(".gz")) {
    const out = path.join(to_path, path.basename(from_path).slice(0, -3));
    fs.writeFileSync(out, zlib.gunzipSync(fs.readFileSync(from_path)));
  } else {
    throw new RuntimeError(`Archive type of ${from_path} is not supported`);
  }
  if (remove_finished) fs.rmSync(from_path);
  return to_path;
}

/** datasets.utils.download_and_extract_archive */
export function download_and_extract_archive(
  url: string, download_root: string, extract_root: string | null = null, filename: string | null = null, md5: string | null = null,
): void {
  filename = filename ?? path.basename(url);
  download_url(url, download_root, filename, md5);
  extract_archive(path.join(download_root, filename), extract_root ?? download_root);
}

// ---------------------------------------------------------------------------------------
// VisionDataset

export interface VisionDatasetOptions {
  transform?: TransformLike | null;
  target_transform?: TransformLike | null;
  transforms?: TransformLike | null;
}

/** torchvision.datasets.VisionDataset: root, transform and target_transform. */
export abstract class VisionDataset<T = [unknown, unknown]> extends Dataset<T> {
  readonly root: string;
  transform: TransformLike | null;
  target_transform: TransformLike | null;
  constructor(root: string | null, options: VisionDatasetOptions = {}) {
    super();
    this.root = typeof root === "string" ? expanduser(root) : (root as unknown as string);
    if (options.transforms != null && (options.transform != null || options.target_transform != null)) {
      throw new ValueError("Only transforms or transform/target_transform can be passed as argument");
    }
    this.transform = options.transform ?? null;
    this.target_transform = options.target_transform ?? null;
  }
  protected _transformPair(img: unknown, target: unknown): [any, any] {
    if (this.transform !== null) img = _apply(this.transform, img);
    if (this.target_transform !== null) target = _apply(this.target_transform, target);
    return [img, target];
  }
  [Symbol.iterator](): Iterator<T> {
    let i = 0;
    return { next: () => (i < this.__len__() ? { value: this.__getitem__(i++), done: false } : { value: undefined, done: true }) };
  }
  get length(): number {
    return this.__len__();
  }
  protected _index(index: number): number {
    const n = this.__len__();
    if (!Number.isInteger(index)) throw new TypeError(`list indices must be integers or slices, not ${typeof index}`);
    if (index < -n || index >= n) throw new IndexError("index out of range");
    return index < 0 ? index + n : index;
  }
}

// ---------------------------------------------------------------------------------------
// MNIST and its kin

const SN3_TYPEMAP: Record<number, [string, number]> = {
  8: ["uint8", 1], 9: ["int8", 1], 11: ["int16", 2], 12: ["int32", 4], 13: ["float32", 4], 14: ["float64", 8],
};

/** Reads a file whole, gunzipping it when it is gzip (by its magic bytes). */
function readMaybeGz(file: string): Buffer {
  const b = fs.readFileSync(file);
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b ? zlib.gunzipSync(b) : b;
}

/**
 * datasets.mnist.read_sn3_pascalvincent_tensor: an idx file (big-endian, "Pascal Vincent"
 * format), plain or gzip-compressed, as a tensor of its shape.
 */
export function read_sn3_pascalvincent_tensor(file: string, strict = true): Tensor {
  const data = readMaybeGz(file);
  const magic = data.readUInt32BE(0);
  const nd = magic % 256;
  const ty = Math.floor(magic / 256);
  if (!(nd >= 1 && nd <= 3)) throw new Error("AssertionError");
  if (!(ty >= 8 && ty <= 14) || !(ty in SN3_TYPEMAP)) throw new Error("AssertionError");
  const [dtName, size] = SN3_TYPEMAP[ty];
  const shape: number[] = [];
  for (let i = 0; i < nd; i++) shape.push(data.readUInt32BE(4 * (i + 1)));
  const offset = 4 * (nd + 1);
  let body = Uint8Array.from(data.subarray(offset));
  if (size > 1) {
    // big-endian to the machine's (little-endian) order
    body = body.subarray(0, body.length - (body.length % size));
    for (let i = 0; i < body.length; i += size) body.subarray(i, i + size).reverse();
  }
  const dt = (torch as unknown as Record<string, unknown>)[dtName];
  const parsed = torch.frombuffer(body, { dtype: dt as never });
  const numel = shape.reduce((a, b) => a * b, 1);
  if (strict && parsed.shape[0] !== numel) throw new Error("AssertionError");
  return parsed.view(...shape);
}

/** datasets.mnist.read_label_file */
export function read_label_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== torch.uint8) throw new TypeError(`x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 1) throw new ValueError(`x should have 1 dimension instead of ${x.dim()}`);
  return x.long();
}

/** datasets.mnist.read_image_file */
export function read_image_file(file: string): Tensor {
  const x = read_sn3_pascalvincent_tensor(file, false);
  if (x.dtype !== torch.uint8) throw new TypeError(`x should be of dtype torch.uint8 instead of ${x.dtype}`);
  if (x.dim() !== 3) throw new ValueError(`x should have 3 dimension instead of ${x.dim()}`);
  return x;
}

export interface MNISTOptions extends VisionDatasetOptions {
  train?: boolean;
  download?: boolean;
}

/** A raw file: the idx file itself, else its .gz beside it (the download before extraction). */
function rawFile(file: string): string | null {
  if (isFile(file)) return file;
  if (isFile(`${file}.gz`)) return `${file}.gz`;
  return null;
}

/** torchvision.datasets.MNIST(root, { train = true, transform, target_transform, download = false }). */
export class MNIST extends VisionDataset<[any, any]> {
  static mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ];
  static classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"];

  readonly train: boolean;
  data!: Tensor;
  targets!: Tensor;
  classes: string[];
  private _bytes?: [Tensor, Uint8Array];

  constructor(root: string, options: MNISTOptions = {}) {
    // Python names the __init__ that refuses a keyword: MNIST's for FashionMNIST, KMNIST, EMNIST
    const o = checkOptions("MNIST.__init__", options, ["train", "transform", "target_transform", "download", ...new.target._extraOptions()]);
    super(root, o as VisionDatasetOptions);
    this.train = (o.train ?? true) as boolean;
    this.classes = (this.constructor as typeof MNIST).classes;
    this._init(o);
    if (o.download ?? false) this.download();
    if (!this._check_exists()) throw new RuntimeError("Dataset not found. You can use download=True to download it");
    [this.data, this.targets] = this._load_data();
  }
  protected static _extraOptions(): string[] {
    return [];
  }
  protected _init(_options: Record<string, unknown>): void {}

  get raw_folder(): string {
    return path.join(this.root, this.constructor.name, "raw");
  }
  get processed_folder(): string {
    return path.join(this.root, this.constructor.name, "processed");
  }
  get class_to_idx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
  protected _files(): [string, string] {
    const prefix = this.train ? "train" : "t10k";
    return [path.join(this.raw_folder, `${prefix}-images-idx3-ubyte`), path.join(this.raw_folder, `${prefix}-labels-idx1-ubyte`)];
  }
  protected _load_data(): [Tensor, Tensor] {
    const [images, labels] = this._files().map((f) => rawFile(f)!);
    return [read_image_file(images), read_label_file(labels)];
  }
  _check_exists(): boolean {
    const cls = this.constructor as typeof MNIST;
    return cls.resources.every(([url]) => rawFile(path.join(this.raw_folder, path.basename(url).replace(/\.gz$/, ""))) !== null);
  }
  download(): void {
    if (this._check_exists()) return;
    const cls = this.constructor as typeof MNIST;
    fs.mkdirSync(this.raw_folder, { recursive: true });
    for (const [filename, md5] of cls.resources) {
      const errors: string[] = [];
      let ok = false;
      for (const mirror of cls.mirrors) {
        const url = `${mirror}${filename}`;
        try {
          download_and_extract_archive(url, this.raw_folder, null, filename, md5);
          ok = true;
          break;
        } catch (error) {
          errors.push(`Tried ${url}, got:\n${(error as Error).message}`);
        }
      }
      if (!ok) throw new RuntimeError(`Error downloading ${filename}:\n${errors.join("\n")}`);
    }
  }
  __len__(): number {
    return this.data.shape[0] as number;
  }
  __getitem__(index: number): [any, any] {
    const i = this._index(index);
    // the pixels straight from a cached copy of the data's bytes (data and targets are
    // public and may be replaced, as in Python: the cache follows the tensor)
    if (this._bytes?.[0] !== this.data) this._bytes = [this.data, this.data.contiguous().reshape(-1).to_typed_array() as Uint8Array];
    const [h, w] = [this.data.shape[1] as number, this.data.shape[2] as number];
    const img = new Image("L", w, h, this._bytes[1].slice(i * h * w, (i + 1) * h * w));
    const target = this.targets.select(0, i).item() as number;
    return this._transformPair(img, target);
  }
  extra_repr(): string {
    return `Split: ${this.train ? "Train" : "Test"}`;
  }
}

/** torchvision.datasets.FashionMNIST */
export class FashionMNIST extends MNIST {
  static mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ];
  static classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}

/** torchvision.datasets.KMNIST */
export class KMNIST extends MNIST {
  static mirrors = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"];
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"],
    ["train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"],
    ["t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"],
    ["t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"],
  ];
  static classes = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];
}

const DIGITS = "0123456789".split("");
const LOWER = "abcdefghijklmnopqrstuvwxyz".split("");
const UPPER = LOWER.map((c) => c.toUpperCase());
const ALL = [...DIGITS, ...LOWER, ...UPPER].sort();
const MERGED = new Set(["c", "i", "j", "k", "l", "m", "o", "p", "s", "u", "v", "w", "x", "y", "z"]);

export interface EMNISTOptions extends MNISTOptions {
  split: "byclass" | "bymerge" | "balanced" | "letters" | "digits" | "mnist";
}

/** torchvision.datasets.EMNIST(root, split, { train, ... }): split positional, as Python. */
export class EMNIST extends MNIST {
  static url = "https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip";
  static md5 = "58c8d27c78d21e728a6bc7b3cc06412e";
  static splits = ["byclass", "bymerge", "balanced", "letters", "digits", "mnist"] as const;
  static classes_split_dict: Record<string, string[]> = {
    byclass: ALL,
    bymerge: ALL.filter((c) => !MERGED.has(c)),
    balanced: ALL.filter((c) => !MERGED.has(c)),
    letters: ["N/A", ...LOWER],
    digits: DIGITS,
    mnist: DIGITS,
  };
  split!: string;

  constructor(root: string, split: EMNISTOptions["split"], options: MNISTOptions = {}) {
    super(root, { ...options, __split: split } as MNISTOptions);
  }
  protected static _extraOptions(): string[] {
    return ["__split"];
  }
  protected _init(o: Record<string, unknown>): void {
    const split = o.__split as string;
    if (typeof split !== "string") throw new ValueError(`Expected type str for argument split, but got type ${typeof split}.`);
    if (!(EMNIST.splits as readonly string[]).includes(split)) {
      throw new ValueError(
        `Unknown value '${split}' for argument split. Valid values are {${EMNIST.splits.map((s) => `'${s}'`).join(", ")}}.`,
      );
    }
    this.split = split;
    this.classes = EMNIST.classes_split_dict[split];
  }
  protected _files(): [string, string] {
    const prefix = `emnist-${this.split}-${this.train ? "train" : "test"}`;
    return [path.join(this.raw_folder, `${prefix}-images-idx3-ubyte`), path.join(this.raw_folder, `${prefix}-labels-idx1-ubyte`)];
  }
  _check_exists(): boolean {
    return this._files().every((f) => rawFile(f) !== null);
  }
  download(): void {
    if (this._check_exists()) return;
    fs.mkdirSync(this.raw_folder, { recursive: true });
    download_and_extract_archive(EMNIST.url, this.raw_folder, null, null, EMNIST.md5);
    const gzipFolder = path.join(this.raw_folder, "gzip");
    for (const f of fs.readdirSync(gzipFolder)) {
      if (f.endsWith(".gz")) extract_archive(path.join(gzipFolder, f), this.raw_folder);
    }
    fs.rmSync(gzipFolder, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// CIFAR

/** A numpy array out of a pickle: what numpy's _reconstruct and __setstate__ give. */
class NdArray {
  shape: number[] = [];
  descr = "";
  data: Uint8Array = new Uint8Array();
}
class NpDtype {
  constructor(readonly descr: string) {}
}

const CIFAR_GLOBALS = new Set([
  "numpy.core.multiarray._reconstruct",
  "numpy._core.multiarray._reconstruct",
  "numpy.ndarray",
  "numpy.dtype",
  "_codecs.encode",
]);

/**
 * pickle.load(f, encoding="latin1") for CIFAR's batches: dicts, lists, strings, numbers and
 * numpy arrays (as NdArray); nothing else is allowed.
 */
export function _load_cifar_pickle(file: string): Map<string, unknown> {
  const fail = (m: string) => new RuntimeError(`${file}: ${m}`);
  const result = unpickle(
    fs.readFileSync(file),
    {
      globals: CIFAR_GLOBALS,
      binstring: true,
      persistent_load: () => {
        throw fail("persistent ids are not allowed");
      },
      call: (fn: Global, args: unknown[]) => {
        if (fn.name.endsWith("._reconstruct")) return new NdArray();
        if (fn.name === "numpy.dtype") return new NpDtype(String(args[0]));
        if (fn.name === "_codecs.encode") {
          return args[0] instanceof Uint8Array ? args[0] : Buffer.from(String(args[0]), "latin1");
        }
        throw fail(`cannot call ${fn.name}`);
      },
      build: (inst: unknown, state: unknown) => {
        if (inst instanceof NpDtype) return inst;
        if (inst instanceof NdArray && state instanceof Tuple) {
          const [, shape, dt, , raw] = state as unknown[];
          inst.shape = [...(shape as number[])];
          inst.descr = (dt as NpDtype).descr;
          inst.data = typeof raw === "string" ? Buffer.from(raw, "latin1") : (raw as Uint8Array);
          return inst;
        }
        throw fail("unsupported BUILD");
      },
    },
    fail,
  );
  if (!(result instanceof Dict)) throw fail("not a dict");
  const out = new Map<string, unknown>();
  for (const [k, v] of result) {
    const key = k instanceof Uint8Array ? Buffer.from(k).toString("latin1") : String(k);
    out.set(key, v);
  }
  return out;
}

export interface CIFAROptions extends MNISTOptions {}

/** torchvision.datasets.CIFAR10(root, { train = true, transform, target_transform, download = false }). */
export class CIFAR10 extends VisionDataset<[any, any]> {
  static base_folder = "cifar-10-batches-py";
  static url = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz";
  static filename = "cifar-10-python.tar.gz";
  static tgz_md5 = "c58f30108f718f92721af3b95e74349a";
  static train_list: [string, string][] = [
    ["data_batch_1", "c99cafc152244af753f735de768cd75f"],
    ["data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"],
    ["data_batch_3", "54ebc095f3ab1f0389bbae665268c751"],
    ["data_batch_4", "634d18415352ddfa80567beed471001a"],
    ["data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"],
  ];
  static test_list: [string, string][] = [["test_batch", "40351d587109b95175f43aff81a1287e"]];
  static meta = { filename: "batches.meta", key: "label_names", md5: "5ff9c542aee3614f3951f8cda6e48888" };

  readonly train: boolean;
  /** uint8 (N, 32, 32, 3), as torchvision's numpy array (HWC). */
  data: Tensor;
  targets: number[];
  classes: string[] = [];
  class_to_idx: Record<string, number> = {};
  private _bytes?: [Tensor, Uint8Array];

  constructor(root: string, options: CIFAROptions = {}) {
    const o = checkOptions("CIFAR10.__init__", options, ["train", "transform", "target_transform", "download"]);
    super(root, o as VisionDatasetOptions);
    this.train = (o.train ?? true) as boolean;
    if (o.download ?? false) this.download();
    if (!this._check_integrity()) throw new RuntimeError("Dataset not found or corrupted. You can use download=True to download it");
    const cls = this.constructor as typeof CIFAR10;
    const list = this.train ? cls.train_list : cls.test_list;
    const chunks: Uint8Array[] = [];
    this.targets = [];
    for (const [name] of list) {
      const entry = _load_cifar_pickle(path.join(this.root, cls.base_folder, name));
      const data = entry.get("data") as NdArray;
      chunks.push(data.data);
      const labels = (entry.has("labels") ? entry.get("labels") : entry.get("fine_labels")) as number[];
      this.targets.push(...labels);
    }
    const all = Buffer.concat(chunks);
    this.data = torch.frombuffer(Uint8Array.from(all), { dtype: torch.uint8 }).view(-1, 3, 32, 32).permute(0, 2, 3, 1).contiguous();
    this._load_meta();
  }
  protected _load_meta(): void {
    const cls = this.constructor as typeof CIFAR10;
    const file = path.join(this.root, cls.base_folder, cls.meta.filename);
    if (!check_integrity(file, cls.meta.md5)) {
      throw new RuntimeError("Dataset metadata file not found or corrupted. You can use download=True to download it");
    }
    this.classes = _load_cifar_pickle(file).get(cls.meta.key) as string[];
    this.class_to_idx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
  _check_integrity(): boolean {
    const cls = this.constructor as typeof CIFAR10;
    return [...cls.train_list, ...cls.test_list].every(([f, md5]) => check_integrity(path.join(this.root, cls.base_folder, f), md5));
  }
  download(): void {
    if (this._check_integrity()) return;
    const cls = this.constructor as typeof CIFAR10;
    download_and_extract_archive(cls.url, this.root, null, cls.filename, cls.tgz_md5);
  }
  __len__(): number {
    return this.data.shape[0] as number;
  }
  __getitem__(index: number): [any, any] {
    const i = this._index(index);
    if (this._bytes?.[0] !== this.data) this._bytes = [this.data, this.data.contiguous().reshape(-1).to_typed_array() as Uint8Array];
    const n = 32 * 32 * 3;
    return this._transformPair(new Image("RGB", 32, 32, this._bytes[1].slice(i * n, (i + 1) * n)), this.targets[i]);
  }
  extra_repr(): string {
    return `Split: ${this.train ? "Train" : "Test"}`;
  }
}

/** torchvision.datasets.CIFAR100 */
export class CIFAR100 extends CIFAR10 {
  static base_folder = "cifar-100-python";
  static url = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz";
  static filename = "cifar-100-python.tar.gz";
  static tgz_md5 = "eb9058c3a382ffc7106e4002c42a8d85";
  static train_list: [string, string][] = [["train", "16019d7e3df5f24257cddd939b257f8d"]];
  static test_list: [string, string][] = [["test", "f0ef6b0ae62326f3e7ffdfab6717acfc"]];
  static meta = { filename: "meta", key: "fine_label_names", md5: "7973b15100ade9c7d40fb424638fde48" };
}

// ---------------------------------------------------------------------------------------
// DatasetFolder / ImageFolder

export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

/** datasets.folder.has_file_allowed_extension */
export function has_file_allowed_extension(filename: string, extensions: string | string[]): boolean {
  const lower = filename.toLowerCase();
  return (typeof extensions === "string" ? [extensions] : extensions).some((e) => lower.endsWith(e));
}

/** datasets.folder.is_image_file */
export function is_image_file(filename: string): boolean {
  return has_file_allowed_extension(filename, IMG_EXTENSIONS);
}

const pySorted = (xs: string[]): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** datasets.folder.find_classes(directory): [classes, class_to_idx]. */
export function find_classes(directory: string): [string[], Record<string, number>] {
  const entries = fs.readdirSync(directory, { withFileTypes: true });
  const classes = pySorted(entries.filter((e) => e.isDirectory() || (e.isSymbolicLink() && isDir(path.join(directory, e.name)))).map((e) => e.name));
  if (classes.length === 0) throw new FileNotFoundError(`Couldn't find any class folder in ${directory}.`);
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

/** os.walk(top, followlinks=True) as [root, files] pairs. */
function walk(top: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const visit = (dir: string) => {
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (isDir(full)) dirs.push(e.name);
      else files.push(e.name);
    }
    out.push([dir, files]);
    for (const d of dirs) visit(path.join(dir, d));
  };
  visit(top);
  return out;
}

export interface MakeDatasetOptions {
  class_to_idx?: Record<string, number> | null;
  extensions?: string | string[] | null;
  is_valid_file?: ((path: string) => boolean) | null;
  allow_empty?: boolean;
}

/** datasets.folder.make_dataset(directory, class_to_idx, extensions, is_valid_file, allow_empty): [path, class_index][]. */
export function make_dataset(directory: string, options: MakeDatasetOptions = {}): [string, number][] {
  const o = checkOptions("make_dataset", options, ["class_to_idx", "extensions", "is_valid_file", "allow_empty"]);
  directory = expanduser(directory);
  let class_to_idx = (o.class_to_idx ?? null) as Record<string, number> | null;
  if (class_to_idx === null) class_to_idx = find_classes(directory)[1];
  else if (Object.keys(class_to_idx).length === 0) throw new ValueError("'class_to_index' must have at least one entry to collect any samples.");
  const extensions = (o.extensions ?? null) as string | string[] | null;
  let is_valid_file = (o.is_valid_file ?? null) as ((p: string) => boolean) | null;
  if ((extensions === null) === (is_valid_file === null)) {
    throw new ValueError("Both extensions and is_valid_file cannot be None or not None at the same time");
  }
  if (extensions !== null) is_valid_file = (x: string) => has_file_allowed_extension(x, extensions);
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const target_class of pySorted(Object.keys(class_to_idx))) {
    const class_index = class_to_idx[target_class];
    const target_dir = path.join(directory, target_class);
    if (!isDir(target_dir)) continue;
    const walked = walk(target_dir).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [root, fnames] of walked) {
      for (const fname of pySorted(fnames)) {
        const p = path.join(root, fname);
        if (is_valid_file!(p)) {
          instances.push([p, class_index]);
          available.add(target_class);
        }
      }
    }
  }
  const empty = Object.keys(class_to_idx).filter((c) => !available.has(c));
  if (empty.length > 0 && !(o.allow_empty ?? false)) {
    let msg = `Found no valid file for the classes ${pySorted(empty).join(", ")}. `;
    if (extensions !== null) msg += `Supported extensions are: ${typeof extensions === "string" ? extensions : extensions.join(", ")}`;
    throw new FileNotFoundError(msg);
  }
  return instances;
}

export interface DatasetFolderOptions extends VisionDatasetOptions {
  extensions?: string | string[] | null;
  is_valid_file?: ((path: string) => boolean) | null;
  allow_empty?: boolean;
}

/** torchvision.datasets.DatasetFolder(root, loader, { extensions, transform, target_transform, is_valid_file, allow_empty }). */
export class DatasetFolder<S = any> extends VisionDataset<[any, any]> {
  readonly loader: (path: string) => S;
  readonly extensions: string | string[] | null;
  classes: string[];
  class_to_idx: Record<string, number>;
  samples: [string, number][];
  targets: number[];
  constructor(root: string, loader: (path: string) => S, options: DatasetFolderOptions = {}) {
    const o = checkOptions("DatasetFolder.__init__", options, ["extensions", "transform", "target_transform", "is_valid_file", "allow_empty"]);
    super(root, o as VisionDatasetOptions);
    const [classes, class_to_idx] = this.find_classes(this.root);
    this.extensions = (o.extensions ?? null) as string | string[] | null;
    this.samples = this.make_dataset(this.root, class_to_idx, this.extensions, (o.is_valid_file ?? null) as never, (o.allow_empty ?? false) as boolean);
    this.loader = loader;
    this.classes = classes;
    this.class_to_idx = class_to_idx;
    this.targets = this.samples.map((s) => s[1]);
  }
  make_dataset(
    directory: string, class_to_idx: Record<string, number>, extensions: string | string[] | null = null,
    is_valid_file: ((p: string) => boolean) | null = null, allow_empty = false,
  ): [string, number][] {
    if (class_to_idx == null) throw new ValueError("The class_to_idx parameter cannot be None.");
    return make_dataset(directory, { class_to_idx, extensions, is_valid_file, allow_empty });
  }
  find_classes(directory: string): [string[], Record<string, number>] {
    return find_classes(directory);
  }
  __len__(): number {
    return this.samples.length;
  }
  __getitem__(index: number): [any, any] {
    const [p, target] = this.samples[this._index(index)];
    return this._transformPair(this.loader(p), target);
  }
}

/** datasets.folder.default_loader: the image file as an RGB Image (pil_loader's convert("RGB")). */
export function default_loader(p: string): Image {
  return decode_image_file(p, "RGB");
}
export const pil_loader = default_loader;

export interface ImageFolderOptions extends VisionDatasetOptions {
  loader?: (path: string) => unknown;
  is_valid_file?: ((path: string) => boolean) | null;
  allow_empty?: boolean;
}

/** torchvision.datasets.ImageFolder(root, { transform, target_transform, loader = default_loader, is_valid_file, allow_empty }). */
export class ImageFolder extends DatasetFolder {
  imgs: [string, number][];
  constructor(root: string, options: ImageFolderOptions = {}) {
    const o = checkOptions("ImageFolder.__init__", options, ["transform", "target_transform", "loader", "is_valid_file", "allow_empty"]);
    const { loader, ...rest } = o as ImageFolderOptions;
    super(root, (loader ?? default_loader) as (p: string) => unknown, {
      ...rest,
      extensions: rest.is_valid_file == null ? IMG_EXTENSIONS : null,
    });
    this.imgs = this.samples;
  }
}

// ---------------------------------------------------------------------------------------
// FakeData

export interface FakeDataOptions extends VisionDatasetOptions {
  size?: number;
  image_size?: number[];
  num_classes?: number;
  random_offset?: number;
}

/** torchvision.datasets.FakeData({ size = 1000, image_size = [3, 224, 224], num_classes = 10, transform, target_transform, random_offset = 0 }). */
export class FakeData extends VisionDataset<[any, any]> {
  readonly size: number;
  readonly image_size: number[];
  readonly num_classes: number;
  readonly random_offset: number;
  constructor(options: FakeDataOptions = {}) {
    const o = checkOptions("FakeData.__init__", options, ["size", "image_size", "num_classes", "transform", "target_transform", "random_offset"]);
    super(null, o as VisionDatasetOptions);
    this.size = (o.size ?? 1000) as number;
    this.image_size = (o.image_size ?? [3, 224, 224]) as number[];
    this.num_classes = (o.num_classes ?? 10) as number;
    this.random_offset = (o.random_offset ?? 0) as number;
  }
  __len__(): number {
    return this.size;
  }
  __getitem__(index: number): [any, any] {
    if (index >= this.__len__()) throw new IndexError("FakeData index out of range");
    const state = torch.get_rng_state();
    torch.manual_seed(index + this.random_offset);
    const img = torch.randn(...this.image_size);
    let target: unknown = torch.randint(0, this.num_classes, [1], { dtype: torch.int64 }).select(0, 0);
    torch.set_rng_state(state);
    // ToPILImage: floats times 255, truncated to uint8
    let t = img.dim() === 2 ? img.unsqueeze(0) : img;
    t = t.mul(255).byte();
    const pic: unknown = fromarray(t.permute(1, 2, 0).contiguous());
    const [a, b] = this._transformPair(pic, target);
    target = b;
    return [a, target instanceof torch.Tensor ? (target.item() as number) : target];
  }
}
