// Python's _MapDatasetFetcher and _IterableDatasetFetcher (torch/utils/data/_utils/fetch.py):
// turn what the index sampler yields (an index, a list of indices, or placeholders for an
// iterable dataset) into a collated batch. `fetch` throws STOP when an iterable dataset is done.
import type { Dataset, IterableDataset } from "./dataset";
import { getitem, typeName } from "./_common";
import { TypeError } from "../../errors";

/** Python's StopIteration out of a fetcher. */
export const STOP: unique symbol = Symbol("StopIteration");

export interface Fetcher {
  fetch(possiblyBatchedIndex: unknown): unknown;
}

export function createFetcher(
  iterable: boolean,
  dataset: unknown,
  autoCollation: boolean,
  collate: (data: any) => unknown,
  dropLast: boolean,
): Fetcher {
  if (!iterable) {
    return {
      fetch(index) {
        if (!autoCollation) return collate(getitem(dataset, index));
        const indices = index as number[];
        // Python iterates what the batch sampler yields: an int is its "object is not iterable".
        if (!Array.isArray(indices)) {
          throw new TypeError(`'${typeName(indices)}' object is not iterable (a batch_sampler yields lists of indices)`);
        }
        const getitems = (dataset as Dataset | null)?.__getitems__;
        const data = typeof getitems === "function" ? getitems.call(dataset, indices) : indices.map((i) => getitem(dataset, i));
        return collate(data);
      },
    };
  }
  const it = (dataset as IterableDataset)[Symbol.iterator]();
  let ended = false;
  return {
    fetch(index) {
      if (ended) throw STOP;
      if (!autoCollation) {
        const item = it.next();
        if (item.done) throw STOP;
        return collate(item.value);
      }
      const size = (index as unknown[]).length;
      const data: unknown[] = [];
      for (let i = 0; i < size; i++) {
        const item = it.next();
        if (item.done) {
          ended = true;
          break;
        }
        data.push(item.value);
      }
      if (data.length === 0 || (dropLast && data.length < size)) throw STOP;
      return collate(data);
    },
  };
}
