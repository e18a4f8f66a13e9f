// Argument readers and result writers shared by every native function: a JS value read as
// the C++ type a LibTorch call takes, and C++ values written back as JS values.
#include <cmath>

#include "common.h"

namespace torchts {

napi_valuetype typeOf(napi_env env, napi_value value) {
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type));
  return type;
}

bool boolArg(napi_env env, napi_value value) {
  bool result;
  if (napi_get_value_bool(env, value, &result) != napi_ok) throw ArgError{ErrorKind::Type, "expected a boolean"};
  return result;
}

double doubleArg(napi_env env, napi_value value) {
  double result;
  if (napi_get_value_double(env, value, &result) != napi_ok) throw ArgError{ErrorKind::Type, "expected a number"};
  return result;
}

int64_t intArg(napi_env env, napi_value value) {
  double d = doubleArg(env, value);
  if (!std::isfinite(d) || std::trunc(d) != d) throw ArgError{ErrorKind::Type, "expected an integer"};
  return static_cast<int64_t>(d);
}

at::Scalar scalarArg(napi_env env, napi_value value) {
  switch (typeOf(env, value)) {
    case napi_boolean:
      return at::Scalar(boolArg(env, value));
    case napi_number: {
      double d = doubleArg(env, value);
      if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0) {
        return at::Scalar(static_cast<int64_t>(d));
      }
      return at::Scalar(d);
    }
    case napi_bigint: {
      int64_t result;
      bool lossless;
      check(env, napi_get_value_bigint_int64(env, value, &result, &lossless));
      if (!lossless) throw ArgError{ErrorKind::Runtime, "value cannot be converted to type int64 without overflow"};
      return at::Scalar(result);
    }
    case napi_object: {
      // A complex number (lib/complex.ts's Complex, Python's complex): its real and imag parts.
      napi_value re, im;
      napi_valuetype reType, imType;
      if (napi_get_named_property(env, value, "real", &re) == napi_ok && napi_typeof(env, re, &reType) == napi_ok &&
          reType == napi_number && napi_get_named_property(env, value, "imag", &im) == napi_ok &&
          napi_typeof(env, im, &imType) == napi_ok && imType == napi_number) {
        return at::Scalar(c10::complex<double>(doubleArg(env, re), doubleArg(env, im)));
      }
      throw ArgError{ErrorKind::Type, "expected a number"};
    }
    default:
      throw ArgError{ErrorKind::Type, "expected a number"};
  }
}

std::vector<int64_t> intListArg(napi_env env, napi_value value) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected an array of integers"};
  std::vector<int64_t> result(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result[i] = intArg(env, element);
  }
  return result;
}

std::optional<at::ScalarType> dtypeArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  int64_t code = intArg(env, value);
  if (code < 0 || code >= static_cast<int64_t>(at::ScalarType::NumOptions)) {
    throw ArgError{ErrorKind::Type, "invalid dtype"};
  }
  return static_cast<at::ScalarType>(code);
}

std::optional<at::Device> deviceArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  return at::Device(stringArg(env, value));
}

std::string stringArg(napi_env env, napi_value value) {
  size_t length;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) {
    throw ArgError{ErrorKind::Type, "expected a string"};
  }
  std::string result(length, '\0');
  check(env, napi_get_value_string_utf8(env, value, result.data(), length + 1, &length));
  return result;
}

std::vector<at::Tensor> tensorListArg(napi_env env, napi_value value) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of tensors"};
  std::vector<at::Tensor> result;
  result.reserve(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result.push_back(tensorArg(env, element));
  }
  return result;
}

c10::List<std::optional<at::Tensor>> indicesArg(napi_env env, napi_value value) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of indices"};
  c10::List<std::optional<at::Tensor>> result;
  result.reserve(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result.push_back(isNullish(env, element) ? std::optional<at::Tensor>() : std::optional<at::Tensor>(tensorArg(env, element)));
  }
  return result;
}

// ---- results ----

napi_value jsNumber(napi_env env, double value) {
  napi_value result;
  check(env, napi_create_double(env, value, &result));
  return result;
}

napi_value jsBool(napi_env env, bool value) {
  napi_value result;
  check(env, napi_get_boolean(env, value, &result));
  return result;
}

napi_value jsString(napi_env env, const std::string& value) {
  napi_value result;
  check(env, napi_create_string_utf8(env, value.data(), value.size(), &result));
  return result;
}

napi_value jsNull(napi_env env) {
  napi_value result;
  check(env, napi_get_null(env, &result));
  return result;
}

napi_value jsUndefined(napi_env env) {
  napi_value result;
  check(env, napi_get_undefined(env, &result));
  return result;
}

napi_value jsIntArray(napi_env env, c10::IntArrayRef values) {
  napi_value result;
  check(env, napi_create_array_with_length(env, values.size(), &result));
  for (size_t i = 0; i < values.size(); i++) {
    check(env, napi_set_element(env, result, static_cast<uint32_t>(i), jsNumber(env, static_cast<double>(values[i]))));
  }
  return result;
}

void uint8ArrayArg(napi_env env, napi_value value, void** data, size_t* length) {
  bool is;
  check(env, napi_is_typedarray(env, value, &is));
  if (!is) throw ArgError{ErrorKind::Type, "expected a Uint8Array"};
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  check(env, napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset));
  if (type != napi_uint8_array) throw ArgError{ErrorKind::Type, "expected a Uint8Array"};
}

}  // namespace torchts
