// The parts of Python's Tensor API that are no ATen op: x.shape read into a shared buffer (the
// hot path of torch.Size), x.data (variable_data), complex data in and out of JS, the legacy
// constructors' type check, and torch.accelerator's compile-time accelerator.
#include <ATen/ATen.h>
#include <ATen/DeviceAccelerator.h>

#include <sstream>

#include "common.h"

namespace torchts {
namespace {

// The Float64Array that shapeInto writes to (one per thread, as each worker thread has its own
// Node environment), and the reference that keeps it alive.
thread_local double* shapeBuffer = nullptr;
thread_local size_t shapeBufferLength = 0;
thread_local napi_ref shapeBufferRef = nullptr;

// setShapeBuffer(buffer: Float64Array): where shapeInto writes the sizes.
napi_value setShapeBuffer(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    napi_typedarray_type type;
    size_t length = 0;
    void* bytes = nullptr;
    check(env, napi_get_typedarray_info(env, args[0], &type, &length, &bytes, nullptr, nullptr));
    if (type != napi_float64_array) throw ArgError{ErrorKind::Type, "expected a Float64Array"};
    if (shapeBufferRef) napi_delete_reference(env, shapeBufferRef);
    check(env, napi_create_reference(env, args[0], 1, &shapeBufferRef));
    shapeBuffer = static_cast<double*>(bytes);
    shapeBufferLength = length;
    return jsUndefined(env);
  });
}

// shapeInto(t): writes t's sizes into the shape buffer and returns how many there are (the
// buffer holds 64: more dims than LibTorch allows).
napi_value shapeInto(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    c10::IntArrayRef sizes = tensorArg(env, args[0]).sizes();
    if (sizes.size() > shapeBufferLength) throw ArgError{ErrorKind::Runtime, "too many dimensions for the shape buffer"};
    for (size_t i = 0; i < sizes.size(); i++) shapeBuffer[i] = static_cast<double>(sizes[i]);
    napi_value result;
    check(env, napi_create_uint32(env, static_cast<uint32_t>(sizes.size()), &result));
    return result;
  });
}

// variableData(t): Python's x.data: an alias of the same storage with requires_grad false, no
// history and its own version counter.
napi_value variableData(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return wrap(env, tensorArg(env, args[0]).variable_data());
  });
}

// version(t): the tensor's version counter (Python's x._version), which in-place ops bump.
napi_value version(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(tensorArg(env, args[0])._version()));
  });
}

// setRequiresGrad(t, flag): what Python's factories do with requires_grad=True
// (set_requires_grad: "Only Tensors of floating point and complex dtype can require
// gradients", where requires_grad_() says "only Tensors of floating point dtype ...").
napi_value setRequiresGrad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    at::Tensor& t = holderOf(env, args[0])->tensor;
    if (!t.defined()) throw ArgError{ErrorKind::Runtime, "this tensor has been disposed"};
    t.set_requires_grad(boolArg(env, args[1]));
    return args[0];
  });
}

// alias(t): Tensor::alias(), what the legacy constructors return for a tensor argument (a view
// of the same storage, AliasBackward0 in its history).
napi_value alias(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return wrap(env, tensorArg(env, args[0]).alias());
  });
}

// fromComplexData(values: Float64Array, shape, dtype?, device?, requiresGrad?): a complex
// tensor of shape from interleaved (real, imag) pairs, converted to dtype (a real dtype keeps
// the real parts, as a copy from complex does).
napi_value fromComplexData(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<5> args(env, info);
    napi_typedarray_type type;
    size_t length;
    void* data;
    if (napi_get_typedarray_info(env, args[0], &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != napi_float64_array) {
      throw ArgError{ErrorKind::Type, "expected a Float64Array"};
    }
    std::vector<int64_t> shape = intListArg(env, args[1]);
    at::ScalarType target = dtypeArg(env, args[2]).value_or(at::kComplexDouble);
    std::vector<int64_t> pairs = shape;
    pairs.push_back(2);
    at::Tensor raw = at::from_blob(data, pairs, at::TensorOptions().dtype(at::kDouble));
    TORCH_CHECK(raw.numel() == static_cast<int64_t>(length), "shape ", shape, " does not match ", length / 2,
                " complex elements");
    at::Tensor t = at::view_as_complex(raw).to(target, /*non_blocking=*/false, /*copy=*/true);
    if (auto device = deviceArg(env, args[3])) {
      if (device->is_cuda()) at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
      t = t.to(*device);
    }
    if (!isNullish(env, args[4]) && boolArg(env, args[4])) t.set_requires_grad(true);
    return wrap(env, std::move(t));
  });
}

// newFactory(kind, self, size, dtype, device, pinMemory?, requiresGrad, fill?): x.new_zeros,
// new_ones, new_empty and new_full ("zeros", "ones", "empty", "full") as Python calls them:
// the ATen methods (self's options merged with the given ones, so no dtype or device means
// self's), then set_requires_grad as Python's binding does.
napi_value newFactory(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<8> args(env, info);
    std::string kind = stringArg(env, args[0]);
    const at::Tensor& self = tensorArg(env, args[1]);
    std::vector<int64_t> size = intListArg(env, args[2]);
    at::TensorOptions options;
    if (auto dtype = dtypeArg(env, args[3])) options = options.dtype(*dtype);
    if (auto device = deviceArg(env, args[4])) {
      if (device->is_cuda()) at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
      options = options.device(*device);
    }
    if (!isNullish(env, args[5])) options = options.pinned_memory(boolArg(env, args[5]));
    at::Tensor t;
    if (kind == "zeros") t = self.new_zeros(size, options);
    else if (kind == "ones") t = self.new_ones(size, options);
    else if (kind == "empty") t = self.new_empty(size, options);
    else if (kind == "full") t = self.new_full(size, scalarArg(env, args[7]), options);
    else throw ArgError{ErrorKind::Type, "unknown factory " + kind};
    if (boolArg(env, args[6])) t.set_requires_grad(true);
    return wrap(env, std::move(t));
  });
}

// legacyCheckType(t, dtype, device): the legacy constructors' check of a tensor argument
// (torch.FloatTensor(t)): Python's TypeError when t is not of that dtype and device type.
napi_value legacyCheckType(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> args(env, info);
    const at::Tensor& other = tensorArg(env, args[0]);
    at::TensorOptions options =
        at::TensorOptions(*dtypeArg(env, args[1])).device(at::Device(stringArg(env, args[2]))).layout(at::kStrided);
    TORCH_CHECK_TYPE(other.options().type_equal(options), "expected ", options, " (got ", other.options(), ")");
    return jsUndefined(env);
  });
}

// getAccelerator(): the accelerator LibTorch was built with ("cuda"), or null; Python's
// torch._C._accelerator_getAccelerator (a compile-time answer: no driver is needed).
napi_value getAccelerator(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    auto type = at::accelerator::getAccelerator(false);
    if (!type) return jsNull(env);
    return jsString(env, c10::DeviceTypeName(*type, /*lower_case=*/true));
  });
}

}  // namespace

void registerTensorApi(Exports& exports) {
  add(exports, "setShapeBuffer", setShapeBuffer);
  add(exports, "shapeInto", shapeInto);
  add(exports, "variableData", variableData);
  add(exports, "alias", alias);
  add(exports, "version", version);
  add(exports, "setRequiresGrad", setRequiresGrad);
  add(exports, "fromComplexData", fromComplexData);
  add(exports, "legacyCheckType", legacyCheckType);
  add(exports, "newFactory", newFactory);
  add(exports, "getAccelerator", getAccelerator);
}

}  // namespace torchts
