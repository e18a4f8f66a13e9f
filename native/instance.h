// Per-environment state of the addon (each worker thread that loads it gets its own): the JS
// error classes (native/errors.cc) and the counter of wrapped bytes (native/handle.cc).
#pragma once

#include "common.h"

namespace torchts {

// Per-environment state (each worker thread that loads the addon gets its own).
struct InstanceData {
  napi_ref errorClasses[static_cast<int>(ErrorKind::Count)] = {};
  // Bytes of tensors wrapped since JS last reset it: a Float64Array's one element that JS
  // reads in the Tensor constructor to decide when to run a young-generation GC.
  double* wrappedBytes = nullptr;
  napi_ref wrappedBytesArray = nullptr;
};

InstanceData* instance(napi_env env);


}  // namespace torchts
