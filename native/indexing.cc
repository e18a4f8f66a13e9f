// Python's indexing, x[...] and x[...] = v, through LibTorch's own implementation of it
// (at::indexing: the same code paths Python's __getitem__ / __setitem__ take).
// An index list arrives from lib/indexing.ts packed: a Float64Array of four numbers per index,
// [kind, a, b, c] (kinds below; a slice's missing bound is NaN), read in one N-API call, and an
// array of the tensor handles that kTensor indices point into (null when there are none).
#include <ATen/TensorIndexing.h>

#include <algorithm>
#include <cmath>

#include "common.h"

namespace torchts {
namespace {

using at::indexing::TensorIndex;

// The kinds of a packed index; lib/indexing.ts reads them from indexKinds().
enum PackedKind { kInt = 0, kSlice = 1, kNone = 2, kEllipsis = 3, kBool = 4, kTensor = 5 };

// The largest double below 2^63, and 2^63: every integral double in [-2^63, 2^63) is an int64.
constexpr double kInt64Max = 9223372036854774784.0;
constexpr double kInt64Limit = 9223372036854775808.0;

// A slice bound: None (NaN) or an integer, clamped to int64's range as Python clamps slice
// bounds to sys.maxsize (the same slices).
std::optional<c10::SymInt> packedBound(double bound) {
  if (std::isnan(bound)) return std::nullopt;
  return c10::SymInt(static_cast<int64_t>(std::clamp(bound, -kInt64Max, kInt64Max)));
}

// An integer index as given, so that an IndexError names it as Python does; past int64,
// Python's overflow error.
int64_t packedInt(double index) {
  if (!(index >= -kInt64Limit && index < kInt64Limit)) throw ArgError{ErrorKind::Value, "Overflow when unpacking long long"};
  return static_cast<int64_t>(index);
}

std::vector<TensorIndex> indicesOf(napi_env env, napi_value packed, napi_value tensors) {
  bool isTypedArray;
  check(env, napi_is_typedarray(env, packed, &isTypedArray));
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (isTypedArray) check(env, napi_get_typedarray_info(env, packed, &type, &length, &data, nullptr, nullptr));
  if (!isTypedArray || type != napi_float64_array || length % 4 != 0) {
    throw ArgError{ErrorKind::Type, "expected packed indices (a Float64Array of 4 numbers per index)"};
  }
  const double* item = static_cast<const double*>(data);
  std::vector<TensorIndex> indices;
  indices.reserve(length / 4);
  for (size_t i = 0; i < length; i += 4, item += 4) {
    switch (static_cast<int>(item[0])) {
      case kInt:
        indices.emplace_back(packedInt(item[1]));
        break;
      case kSlice:
        indices.emplace_back(at::indexing::Slice(packedBound(item[1]), packedBound(item[2]), packedBound(item[3])));
        break;
      case kNone:
        indices.emplace_back(at::indexing::None);
        break;
      case kEllipsis:
        indices.emplace_back(at::indexing::Ellipsis);
        break;
      case kBool:
        indices.emplace_back(item[1] != 0);
        break;
      case kTensor: {
        napi_value handle;
        check(env, napi_get_element(env, tensors, static_cast<uint32_t>(item[1]), &handle));
        indices.emplace_back(tensorArg(env, handle));
        break;
      }
      default:
        throw ArgError{ErrorKind::Type, "invalid packed index"};
    }
  }
  return indices;
}

// indexGet(t, packed, tensors): x[indices]
napi_value indexGet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    return wrap(env, t.index(indicesOf(env, args[1], args[2])));
  });
}

// indexSet(t, packed, tensors, value: Tensor | number | boolean): x[indices] = value
napi_value indexSet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<4> args(env, info);
    at::Tensor& t = holderOf(env, args[0])->tensor;
    if (!t.defined()) throw ArgError{ErrorKind::Runtime, "this tensor has been disposed"};
    auto indices = indicesOf(env, args[1], args[2]);
    if (typeOf(env, args[3]) == napi_external) {
      t.index_put_(indices, tensorArg(env, args[3]));
    } else {
      t.index_put_(indices, scalarArg(env, args[3]));
    }
    return args[0];
  });
}

}  // namespace

// indexKinds(): { int, slice, none, ellipsis, bool, tensor }, the kinds of the packed form.
napi_value indexKinds(napi_env env, napi_callback_info) {
  return guard(env, [&] {
    napi_value result;
    check(env, napi_create_object(env, &result));
    for (auto [name, kind] : {std::pair{"int", kInt}, {"slice", kSlice}, {"none", kNone}, {"ellipsis", kEllipsis}, {"bool", kBool}, {"tensor", kTensor}}) {
      check(env, napi_set_named_property(env, result, name, jsNumber(env, kind)));
    }
    return result;
  });
}

void registerIndexing(Exports& exports) {
  add(exports, "indexKinds", indexKinds);
  add(exports, "indexGet", indexGet);
  add(exports, "indexSet", indexSet);
}

}  // namespace torchts
