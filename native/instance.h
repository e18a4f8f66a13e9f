// Per-environment state of the addon (each worker thread that loads it gets its own): the JS
// error classes (native/errors.cc) and the counter of wrapped bytes (native/handle.cc).
#pragma once

#include "common.h"

namespace torchts {

// Per-environment state (each worker thread that loads the addon gets its own).
struct InstanceData {
  napi_ref errorClasses[static_cast<int>(ErrorKind::Count)] = {};
  // The GC pacing counters (slots below), a Float64Array that JS reads in the Tensor
  // constructor to decide when to run a young-generation GC (lib/_gc.ts).
  double* wrappedBytes = nullptr;
  napi_ref wrappedBytesArray = nullptr;
};

InstanceData* instance(napi_env env);

// The slots of the pacing counters; lib/_gc.ts's PacingSlot has the same numbers.
enum PacingSlot : int {
  kWrappedBytes = 0,        // tensors wrapped since the last paced collection
  kGraphBytes = 1,          // those of autograd's graph, held back until a backward
  kGraphSinceBackward = 2,  // autograd graph tensors wrapped since the last backward
  kCollections = 3,         // paced collections so far
  kPacingSlots = 4,
};


}  // namespace torchts
