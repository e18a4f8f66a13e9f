// Argument readers and result writers for the generated op wrappers (ops_generated.cc):
// one reader per C++ parameter type of the ATen dispatcher. Readers that must own storage
// (lists, strings) are small structs that live for the full call expression.
#pragma once

#include <ATen/core/Generator.h>
#include <ATen/core/LegacyTypeDispatch.h>
#include <ATen/core/List.h>
#include <c10/core/Layout.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/SymIntArrayRef.h>

#include "common.h"

namespace torchts {

// A tensor that an in-place op writes to.
inline at::Tensor& mutableTensorArg(napi_env env, napi_value value) {
  at::Tensor& t = holderOf(env, value)->tensor;
  if (!t.defined()) throw ArgError{ErrorKind::Runtime, "this tensor has been disposed"};
  return t;
}

inline std::optional<at::Tensor> optionalTensorArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return tensorArg(env, value);
}

std::vector<at::Tensor> tensorListArg(napi_env env, napi_value value);
c10::List<std::optional<at::Tensor>> indicesArg(napi_env env, napi_value value);

inline std::optional<at::Scalar> optionalScalarArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return scalarArg(env, value);
}

inline c10::SymInt symIntArg(napi_env env, napi_value value) { return c10::SymInt(intArg(env, value)); }

inline std::optional<int64_t> optionalIntArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return intArg(env, value);
}

inline std::optional<c10::SymInt> optionalSymIntArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return c10::SymInt(intArg(env, value));
}

// An int[N] argument: a list, or one int repeated N times (once for int[]), as Python's
// argument parser reads `max_pool2d(x, 2)`.
inline std::vector<int64_t> sizedIntListArg(napi_env env, napi_value value, size_t size) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) == napi_ok && type == napi_number) {
    return std::vector<int64_t>(size > 0 ? size : 1, intArg(env, value));
  }
  return intListArg(env, value);
}

struct IntList {
  std::vector<int64_t> values;
  IntList(napi_env env, napi_value value, size_t size) : values(sizedIntListArg(env, value, size)) {}
  operator at::IntArrayRef() const { return values; }
};

struct SymIntList {
  std::vector<int64_t> values;
  SymIntList(napi_env env, napi_value value, size_t size) : values(sizedIntListArg(env, value, size)) {}
  operator c10::SymIntArrayRef() const { return c10::fromIntArrayRefSlow(values); }
};

struct OptionalIntList {
  std::optional<std::vector<int64_t>> values;
  OptionalIntList(napi_env env, napi_value value, size_t size) {
    if (!isNullish(env, value)) values = sizedIntListArg(env, value, size);
  }
  operator at::OptionalIntArrayRef() const {
    if (!values) return std::nullopt;
    return at::IntArrayRef(*values);
  }
};

inline std::optional<double> optionalDoubleArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return doubleArg(env, value);
}

inline std::optional<bool> optionalBoolArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return boolArg(env, value);
}

inline at::ScalarType requiredDtypeArg(napi_env env, napi_value value) {
  auto dtype = dtypeArg(env, value);
  if (!dtype) throw ArgError{ErrorKind::Type, "a dtype is required"};
  return *dtype;
}

// Only the default (strided) layout exists in torchts.
inline std::optional<at::Layout> layoutArg(napi_env env, napi_value value) {
  if (!isNullish(env, value)) throw ArgError{ErrorKind::Type, "only the strided layout is supported"};
  return std::nullopt;
}

inline at::MemoryFormat memoryFormatArg(napi_env env, napi_value value) {
  int64_t code = intArg(env, value);
  if (code < 0 || code >= static_cast<int64_t>(at::MemoryFormat::NumOptions)) {
    throw ArgError{ErrorKind::Type, "invalid memory format"};
  }
  return static_cast<at::MemoryFormat>(code);
}

inline std::optional<at::MemoryFormat> optionalMemoryFormatArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return memoryFormatArg(env, value);
}

struct StringArg {
  std::string value;
  StringArg(napi_env env, napi_value v) : value(stringArg(env, v)) {}
  operator c10::string_view() const { return value; }
};

struct OptionalStringArg {
  std::optional<std::string> value;
  OptionalStringArg(napi_env env, napi_value v) {
    if (!isNullish(env, v)) value = stringArg(env, v);
  }
  operator std::optional<c10::string_view>() const {
    if (!value) return std::nullopt;
    return c10::string_view(*value);
  }
};

struct ScalarList {
  std::vector<at::Scalar> values;
  ScalarList(napi_env env, napi_value value) {
    uint32_t length;
    if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of numbers"};
    values.reserve(length);
    for (uint32_t i = 0; i < length; i++) {
      napi_value element;
      check(env, napi_get_element(env, value, i, &element));
      values.push_back(scalarArg(env, element));
    }
  }
  operator at::ArrayRef<at::Scalar>() const { return values; }
};

std::optional<at::Generator> generatorArg(napi_env env, napi_value value);

napi_value wrapList(napi_env env, std::vector<at::Tensor> tensors);

// A tuple of tensors (an op's several results) as a JS array of handles.
template <typename... Tensors>
napi_value wrapTuple(napi_env env, std::tuple<Tensors...> tensors) {
  napi_value result;
  check(env, napi_create_array_with_length(env, sizeof...(Tensors), &result));
  uint32_t i = 0;
  std::apply([&](auto&... t) { ((check(env, napi_set_element(env, result, i++, wrap(env, std::move(t))))), ...); }, tensors);
  return result;
}

}  // namespace torchts
