// A storage while torch.load unpickles, and where map_location puts it (Python's
// torch.serialization._get_restore_location).
import { device } from "../device";
import { pyTypeName, TypeError } from "../errors";
import { Tensor } from "../tensor";

export type MapLocation =
  | string
  | device
  | Record<string, string>
  | ((storage: Tensor, location: string) => Tensor | null | undefined)
  | null
  | undefined;

/** A storage while unpickling: its elements as a 1-D tensor of its dtype. */
export class Storage {
  constructor(readonly tensor: Tensor) {}
}

/** The storage `storage`, saved on `location`, where map_location puts it. */
export function restoreLocation(map_location: MapLocation, storage: Tensor, location: string): Tensor {
  if (map_location === null || map_location === undefined) return location === "cpu" ? storage : storage.to(location);
  if (typeof map_location === "string" || map_location instanceof device) return storage.to(map_location);
  if (typeof map_location === "function") {
    const moved = map_location(storage, location) ?? (location === "cpu" ? storage : storage.to(location));
    // Python wraps what the function returned in a TypedStorage, which takes only a storage
    if (!(moved instanceof Tensor)) {
      throw new TypeError(
        "TypedStorage.__init__ received an invalid combination of arguments. Expected one of:\n" +
          " * (*, torch.device device, torch.dtype dtype)\n * (int size, *, torch.device device, torch.dtype dtype)\n" +
          " * (Sequence data, *, torch.device device, torch.dtype dtype)\n * (*, UntypedStorage wrap_storage, torch.dtype dtype)\n" +
          `Argument 'wrap_storage' must be UntypedStorage, but got <class '${pyTypeName(moved)}'>`,
      );
    }
    return moved;
  }
  if (typeof map_location === "object") {
    const to = (map_location as Record<string, string>)[location] ?? location;
    return to === "cpu" ? storage : storage.to(to);
  }
  throw new TypeError(`torch.load: map_location must be a string, a torch.device, an object or a function, not ${typeof map_location}`);
}
