// torchvision.models._api: Weights (url, transforms, meta), the weights enums
// (ResNet18_Weights.IMAGENET1K_V1, .DEFAULT) and the resolution of a `weights=` argument
// (an entry, its name, or "DEFAULT").
import type { Tensor } from "../../tensor";
import { ValueError } from "../../errors";
import { ImageClassification, type ImageClassificationOptions } from "./_presets";
import { load_state_dict_from_url } from "../../hub";
import { _IMAGENET_CATEGORIES } from "./_meta";

export interface WeightsMeta {
  categories: readonly string[] | null;
  num_params: number;
  min_size: [number, number];
  [key: string]: unknown;
}

/** torchvision.models.Weights: where the file is, its preset transforms, and its meta. */
export class Weights {
  /** Set by weightsEnum: the enum's name and this entry's name ("ResNet18_Weights", "IMAGENET1K_V1"). */
  _enum = "";
  name = "";
  constructor(
    readonly url: string,
    private readonly _transforms: ImageClassificationOptions,
    readonly meta: WeightsMeta,
  ) {}

  /** The preset: weights.transforms() builds the ImageClassification transform, as Python's partial. */
  transforms(): ImageClassification {
    return new ImageClassification(this._transforms);
  }

  /** WeightsEnum.get_state_dict({ progress = true, check_hash }): the downloaded (or cached) state_dict. */
  get_state_dict(options: { progress?: boolean; check_hash?: boolean } = {}): Record<string, Tensor> {
    return load_state_dict_from_url(this.url, { progress: options.progress ?? true, check_hash: options.check_hash ?? false });
  }

  toString(): string {
    return `${this._enum}.${this.name}`;
  }
}

export type WeightsEnum<K extends string> = { readonly [k in K | "DEFAULT"]: Weights } & {
  /** WeightsEnum.verify(obj): an entry from itself, its name, or null. */
  verify(obj: Weights | string | null | undefined): Weights | null;
  /** The entries' names, in order (DEFAULT is an alias, not listed). */
  readonly names: readonly K[];
};

/** Builds an enum: entries named, DEFAULT an alias of one of them. */
export function weightsEnum<K extends string>(enumName: string, entries: Record<K, Weights>, def: NoInfer<K>): WeightsEnum<K> {
  const names = Object.keys(entries) as K[];
  for (const n of names) {
    entries[n]._enum = enumName;
    entries[n].name = n;
  }
  const all = { ...entries, DEFAULT: entries[def] } as Record<string, Weights>;
  const verify = (obj: Weights | string | null | undefined): Weights | null => {
    if (obj === null || obj === undefined) return null;
    if (typeof obj === "string") {
      const key = obj.startsWith(`${enumName}.`) ? obj.slice(enumName.length + 1) : obj;
      const found = all[key];
      if (!found) throw new ValueError(`Failed to convert value '${obj}' to an enum of ${enumName}.`);
      return found;
    }
    if (!(obj instanceof Weights) || obj._enum !== enumName) {
      throw new TypeError(`Invalid Weight class provided; expected ${enumName} but received ${String(obj)}.`);
    }
    return obj;
  };
  return Object.freeze({ ...all, verify, names }) as unknown as WeightsEnum<K>;
}

/** ImageNet-1K meta shared by the classification weights. */
export function imagenetMeta(num_params: number, min_size: [number, number], extra: Record<string, unknown> = {}): WeightsMeta {
  return { min_size, categories: _IMAGENET_CATEGORIES, num_params, ...extra };
}

/** _ovewrite_named_param(kwargs, "num_classes", n): a given value must agree with the weights. */
export function _ovewrite_named_param(kwargs: Record<string, unknown>, param: string, new_value: unknown): void {
  if (param in kwargs && kwargs[param] !== undefined) {
    if (kwargs[param] !== new_value) throw new ValueError(`The parameter '${param}' expected value ${new_value} but got ${kwargs[param]} instead.`);
  } else {
    kwargs[param] = new_value;
  }
}
