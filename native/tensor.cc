// Tensors in and out of JS: creation from JS data, metadata, copies back into
// typed arrays, conversion between dtypes and devices, and disposal.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/function.h>

#include <cstring>

#include "op_args.h"

namespace torchts {
namespace {

// Python's factories set requires_grad on the result, which must then be a float leaf
// (set_requires_grad: Python's "Only Tensors of floating point and complex dtype ..." error).
at::Tensor withRequiresGrad(napi_env env, at::Tensor t, napi_value requiresGrad) {
  if (!isNullish(env, requiresGrad) && boolArg(env, requiresGrad)) t.set_requires_grad(true);
  return t;
}

at::ScalarType typedArrayScalarType(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return at::kChar;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return at::kByte;
    case napi_int16_array: return at::kShort;
    case napi_uint16_array: return at::kUInt16;
    case napi_int32_array: return at::kInt;
    case napi_uint32_array: return at::kUInt32;
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_bigint64_array: return at::kLong;
    case napi_biguint64_array: return at::kUInt64;
    default: throw ArgError{ErrorKind::Type, "unsupported typed array"};
  }
}

// fromData(typedArray, shape, dtype?, device?, requiresGrad?): a new tensor holding a copy
// of the typed array's elements, converted to dtype.
napi_value fromData(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<5> args(env, info);
    napi_typedarray_type type;
    size_t length;
    void* data;
    if (napi_get_typedarray_info(env, args[0], &type, &length, &data, nullptr, nullptr) != napi_ok) {
      throw ArgError{ErrorKind::Type, "expected a typed array"};
    }
    std::vector<int64_t> shape = intListArg(env, args[1]);
    at::ScalarType source = typedArrayScalarType(type);
    at::ScalarType target = dtypeArg(env, args[2]).value_or(source);
    at::Tensor view = at::from_blob(data, shape, at::TensorOptions().dtype(source));
    TORCH_CHECK(view.numel() == static_cast<int64_t>(length), "shape ", shape, " does not match ", length,
                " elements");
    at::Tensor t = view.to(target, /*non_blocking=*/false, /*copy=*/true);
    if (auto device = deviceArg(env, args[3])) {
      // CUDA starts first, as in Python: its own error where there is no driver.
      if (device->is_cuda()) at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
      t = t.to(*device);
    }
    return wrap(env, withRequiresGrad(env, std::move(t), args[4]));
  });
}

napi_value shape(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsIntArray(env, tensorArg(env, args[0]).sizes());
  });
}

napi_value dtype(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<int>(tensorArg(env, args[0]).scalar_type()));
  });
}

napi_value device(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsString(env, tensorArg(env, args[0]).device().str());
  });
}

napi_value requiresGrad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, tensorArg(env, args[0]).requires_grad());
  });
}

napi_value gradFnName(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const auto& fn = tensorArg(env, args[0]).grad_fn();
    return fn ? jsString(env, fn->name()) : jsNull(env);
  });
}

// item(t): the one element as a JS number (or boolean; a complex one as [real, imag]).
napi_value item(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Scalar value = tensorArg(env, args[0]).item();
    if (value.isBoolean()) return jsBool(env, value.toBool());
    if (value.isComplex()) {
      // [real, imag], which lib/tensor.ts makes a Complex (Python's complex).
      c10::complex<double> z = value.toComplexDouble();
      napi_value pair;
      check(env, napi_create_array_with_length(env, 2, &pair));
      check(env, napi_set_element(env, pair, 0, jsNumber(env, z.real())));
      check(env, napi_set_element(env, pair, 1, jsNumber(env, z.imag())));
      return pair;
    }
    if (value.isIntegral(false)) return jsNumber(env, static_cast<double>(value.toLong()));
    return jsNumber(env, value.toDouble());
  });
}

// The typed array that holds a dtype's elements; half precision widens to float32.
struct TypedArrayKind {
  napi_typedarray_type type;
  at::ScalarType elements;
};

TypedArrayKind typedArrayFor(at::ScalarType type) {
  switch (type) {
    case at::kChar: return {napi_int8_array, at::kChar};
    case at::kByte: return {napi_uint8_array, at::kByte};
    case at::kBool: return {napi_uint8_array, at::kBool};
    case at::kShort: return {napi_int16_array, at::kShort};
    case at::kUInt16: return {napi_uint16_array, at::kUInt16};
    case at::kInt: return {napi_int32_array, at::kInt};
    case at::kUInt32: return {napi_uint32_array, at::kUInt32};
    case at::kLong: return {napi_bigint64_array, at::kLong};
    case at::kUInt64: return {napi_biguint64_array, at::kUInt64};
    case at::kDouble: return {napi_float64_array, at::kDouble};
    case at::kFloat:
    case at::kHalf:
    case at::kBFloat16: return {napi_float32_array, at::kFloat};
    // Complex elements as interleaved (real, imag) pairs: twice as many numbers.
    case at::kComplexHalf:
    case at::kComplexFloat: return {napi_float32_array, at::kComplexFloat};
    case at::kComplexDouble: return {napi_float64_array, at::kComplexDouble};
    default:
      throw ArgError{ErrorKind::Type, std::string("cannot copy a tensor of dtype ") + c10::toString(type) +
                                          " into a typed array"};
  }
}

// toTypedArray(t): a copy of every element, row-major, in a typed array (see typedArrayFor);
// complex elements as (real, imag) pairs.
napi_value toTypedArray(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const at::Tensor& source = tensorArg(env, args[0]);
    TypedArrayKind kind = typedArrayFor(source.scalar_type());
    // (A lazily conjugated or negated view, as x.conj() makes, is resolved into real values.)
    at::Tensor t = source.detach().to(at::kCPU, kind.elements).resolve_conj().resolve_neg().contiguous();
    size_t bytes = t.nbytes();
    void* data;
    napi_value buffer, result;
    check(env, napi_create_arraybuffer(env, bytes, &data, &buffer));
    if (bytes) std::memcpy(data, t.data_ptr(), bytes);
    size_t count = static_cast<size_t>(t.numel()) * (t.is_complex() ? 2 : 1);
    check(env, napi_create_typedarray(env, kind.type, count, buffer, 0, &result));
    return result;
  });
}

// bytesView(t): t's bytes (made contiguous on the CPU first if need be) as a Uint8Array over
// the tensor's own memory, no copy; the ArrayBuffer keeps that memory alive. For torch.save,
// which writes them at once: a copy of a checkpoint's tensors cost more than its write.
napi_value bytesView(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    // (A lazily conjugated or negated view, as x.conj() makes, is resolved into its values.)
    at::Tensor t = tensorArg(env, args[0]).detach().to(at::kCPU).resolve_conj().resolve_neg().contiguous();
    size_t bytes = t.nbytes();
    napi_value buffer, result;
    if (bytes == 0) {
      void* data;
      check(env, napi_create_arraybuffer(env, 0, &data, &buffer));
    } else {
      auto* owner = new at::Tensor(std::move(t));
      napi_status status = napi_create_external_arraybuffer(
          env, owner->data_ptr(), bytes, [](napi_env, void*, void* hint) { delete static_cast<at::Tensor*>(hint); }, owner,
          &buffer);
      if (status != napi_ok) delete owner;
      check(env, status);
    }
    check(env, napi_create_typedarray(env, napi_uint8_array, bytes, buffer, 0, &result));
    return result;
  });
}

// to(t, device?, dtype?, nonBlocking, copy)
napi_value to(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<5> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    auto device = deviceArg(env, args[1]);
    auto dtype = dtypeArg(env, args[2]);
    bool nonBlocking = !isNullish(env, args[3]) && boolArg(env, args[3]);
    bool copy = !isNullish(env, args[4]) && boolArg(env, args[4]);
    // As Python's Tensor.to: CUDA starts first, so a machine without it gets CUDA's own
    // "Found no NVIDIA driver ..." rather than an error from inside the copy.
    if (device && device->is_cuda()) at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
    at::Tensor result = device ? t.to(*device, dtype.value_or(t.scalar_type()), nonBlocking, copy)
                               : t.to(dtype.value_or(t.scalar_type()), nonBlocking, copy);
    // An unchanged tensor comes back as itself, as in Python.
    if (result.unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) return args[0];
    return wrap(env, std::move(result));
  });
}

// numel(t), dim(t), stride(t): metadata that is no ATen op.
napi_value numel(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(tensorArg(env, args[0]).numel()));
  });
}

napi_value dim(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(tensorArg(env, args[0]).dim()));
  });
}

napi_value stride(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsIntArray(env, tensorArg(env, args[0]).strides());
  });
}

// storageOffset(t), isContiguous(t, memoryFormat), getDevice(t): what Python's Tensor binds by
// hand (no dispatcher op has them).
napi_value storageOffset(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(tensorArg(env, args[0]).storage_offset()));
  });
}

napi_value isContiguous(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    return jsBool(env, tensorArg(env, args[0]).is_contiguous(memoryFormatArg(env, args[1])));
  });
}

// dataPtr(t): the address of its first element (x86-64 addresses fit a JS number exactly).
napi_value dataPtr(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(reinterpret_cast<uintptr_t>(tensorArg(env, args[0]).data_ptr())));
  });
}

napi_value getDevice(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    return jsNumber(env, t.is_cpu() ? -1.0 : static_cast<double>(t.get_device()));
  });
}

}  // namespace

void registerTensor(Exports& exports) {
  add(exports, "fromData", fromData);
  add(exports, "shape", shape);
  add(exports, "dtype", dtype);
  add(exports, "device", device);
  add(exports, "requiresGrad", requiresGrad);
  add(exports, "gradFnName", gradFnName);
  add(exports, "item", item);
  add(exports, "toTypedArray", toTypedArray);
  add(exports, "bytesView", bytesView);
  add(exports, "to", to);
  add(exports, "numel", numel);
  add(exports, "dim", dim);
  add(exports, "stride", stride);
  add(exports, "storageOffset", storageOffset);
  add(exports, "isContiguous", isContiguous);
  add(exports, "getDevice", getDevice);
  add(exports, "dataPtr", dataPtr);
}

}  // namespace torchts
