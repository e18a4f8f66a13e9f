// Python's indexing, x[...] and x[...] = v, through LibTorch's own implementation of it
// (at::indexing: the same code paths Python's __getitem__ / __setitem__ take).
// An index list arrives from lib/indexing.ts in one of two forms:
// - packed, a Float64Array of four numbers per index, [kind, a, b, c] (kinds below; a slice's
//   missing bound is NaN): one read for the whole list, where an array costs a N-API call per
//   item and bound. lib/indexing.ts packs every list without tensors, and caches a string's.
// - general, a JS array whose items are: an integer, null (None), the string "..." (Ellipsis),
//   a boolean, a tensor handle, or a slice as a three-element array [start, stop, step] whose
//   items are integers or null.
#include <ATen/TensorIndexing.h>

#include <cmath>

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

// The kinds of a packed index; lib/indexing.ts reads them from indexKinds().
enum PackedKind { kInt = 0, kSlice = 1, kNone = 2, kEllipsis = 3, kBool = 4 };

std::optional<c10::SymInt> packedBound(double bound) {
  if (std::isnan(bound)) return std::nullopt;
  return c10::SymInt(static_cast<int64_t>(bound));
}

// The packed form, or false when `list` is not a typed array (the general form).
bool packedIndicesOf(napi_env env, napi_value list, std::vector<TensorIndex>& indices) {
  bool isTypedArray;
  check(env, napi_is_typedarray(env, list, &isTypedArray));
  if (!isTypedArray) return false;
  napi_typedarray_type type;
  size_t length;
  void* data;
  check(env, napi_get_typedarray_info(env, list, &type, &length, &data, nullptr, nullptr));
  if (type != napi_float64_array || length % 4 != 0) throw ArgError{ErrorKind::Type, "expected packed indices (a Float64Array of 4 numbers per index)"};
  const double* item = static_cast<const double*>(data);
  indices.reserve(length / 4);
  for (size_t i = 0; i < length; i += 4, item += 4) {
    switch (static_cast<int>(item[0])) {
      case kInt:
        indices.emplace_back(static_cast<int64_t>(item[1]));
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
      default:
        throw ArgError{ErrorKind::Type, "invalid packed index"};
    }
  }
  return true;
}

std::vector<TensorIndex> indicesOf(napi_env env, napi_value list) {
  std::vector<TensorIndex> packed;
  if (packedIndicesOf(env, list, packed)) return packed;
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

// indexKinds(): { int, slice, none, ellipsis, bool }, the kinds of the packed form.
napi_value indexKinds(napi_env env, napi_callback_info) {
  return guard(env, [&] {
    napi_value result;
    check(env, napi_create_object(env, &result));
    for (auto [name, kind] : {std::pair{"int", kInt}, {"slice", kSlice}, {"none", kNone}, {"ellipsis", kEllipsis}, {"bool", kBool}}) {
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
