// Python's indexing, x[...] and x[...] = v, through LibTorch's own implementation of it
// (at::indexing: the same code paths Python's __getitem__ / __setitem__ take).
// An index list arrives from lib/indexing.ts as a JS array whose items are: an integer, null
// (None), the string "..." (Ellipsis), a boolean, a tensor handle, or a slice as a
// three-element array [start, stop, step] whose items are integers or null.
#include <ATen/TensorIndexing.h>

#include "common.h"

namespace torchts {
namespace {

using at::indexing::TensorIndex;

std::optional<c10::SymInt> sliceBound(napi_env env, napi_value slice, uint32_t i) {
  napi_value item;
  check(env, napi_get_element(env, slice, i, &item));
  if (isNullish(env, item)) return std::nullopt;
  return c10::SymInt(intArg(env, item));
}

std::vector<TensorIndex> indicesOf(napi_env env, napi_value list) {
  uint32_t length;
  if (napi_get_array_length(env, list, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of indices"};
  std::vector<TensorIndex> indices;
  indices.reserve(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value item;
    check(env, napi_get_element(env, list, i, &item));
    switch (typeOf(env, item)) {
      case napi_number:
        indices.emplace_back(intArg(env, item));
        break;
      case napi_null:
      case napi_undefined:
        indices.emplace_back(at::indexing::None);
        break;
      case napi_string:
        indices.emplace_back(at::indexing::Ellipsis);
        break;
      case napi_boolean:
        indices.emplace_back(boolArg(env, item));
        break;
      case napi_external:
        indices.emplace_back(tensorArg(env, item));
        break;
      case napi_object:
        indices.emplace_back(at::indexing::Slice(sliceBound(env, item, 0), sliceBound(env, item, 1), sliceBound(env, item, 2)));
        break;
      default:
        throw ArgError{ErrorKind::Type, "invalid index"};
    }
  }
  return indices;
}

// indexGet(t, indices): x[indices]
napi_value indexGet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    return wrap(env, t.index(indicesOf(env, args[1])));
  });
}

// indexSet(t, indices, value: Tensor | number | boolean): x[indices] = value
napi_value indexSet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> args(env, info);
    at::Tensor& t = holderOf(env, args[0])->tensor;
    if (!t.defined()) throw ArgError{ErrorKind::Runtime, "this tensor has been disposed"};
    auto indices = indicesOf(env, args[1]);
    if (typeOf(env, args[2]) == napi_external) {
      t.index_put_(indices, tensorArg(env, args[2]));
    } else {
      t.index_put_(indices, scalarArg(env, args[2]));
    }
    return args[0];
  });
}

}  // namespace

void registerIndexing(Exports& exports) {
  add(exports, "indexGet", indexGet);
  add(exports, "indexSet", indexSet);
}

}  // namespace torchts
