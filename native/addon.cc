// Module entry: registers every native function, keeps the JS error classes, converts
// arguments and results, and answers questions about the runtime (versions, CUDA, threads).
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <cmath>
#include <cstdlib>

#include "common.h"

#include <algorithm>

namespace torchts {

namespace {

// Per-environment state (each worker thread that loads the addon gets its own).
struct InstanceData {
  napi_ref errorClasses[static_cast<int>(ErrorKind::Count)] = {};
  // Bytes of tensors wrapped since JS last reset it: a Float64Array's one element that JS
  // reads in the Tensor constructor to decide when to run a young-generation GC.
  double* wrappedBytes = nullptr;
  napi_ref wrappedBytesArray = nullptr;
};

InstanceData* instance(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<InstanceData*>(data);
}

// Tensor objects also keep the TensorImpl and its bookkeeping alive; counting a little for
// it lets V8 see the pressure of many small tensors too.
constexpr int64_t kTensorOverheadBytes = 1024;

void finalizeTensor(node_api_basic_env env, void* data, void* /*hint*/) {
  auto* holder = static_cast<TensorHolder*>(data);
  int64_t adjusted;
  napi_adjust_external_memory(env, -holder->accounted, &adjusted);
  delete holder;
}

int64_t accountedBytes(const at::Tensor& t) {
  // A view shares its base's storage, which is accounted for already. A meta tensor holds no
  // memory, whatever its size: counting torch.ones([1e18, 2], device="meta") would abort V8
  // (napi_adjust_external_memory refuses changes of 2^60 bytes or more).
  if (!t.has_storage() || t.is_view() || t.is_meta()) return kTensorOverheadBytes;
  constexpr size_t kMaxAccounted = size_t(1) << 48;
  return kTensorOverheadBytes + static_cast<int64_t>(std::min(t.storage().nbytes(), kMaxAccounted));
}

}  // namespace

// ---- errors ----

const char* messageOf(const c10::Error& e) {
  static const bool showBacktrace = [] {
    const char* flag = std::getenv("TORCH_SHOW_CPP_STACKTRACES");
    return flag && std::string(flag) != "0" && std::string(flag) != "";
  }();
  return showBacktrace ? e.what() : e.what_without_backtrace();
}

void throwJs(napi_env env, ErrorKind kind, const std::string& message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  InstanceData* data = instance(env);
  napi_value cls = nullptr, msg = nullptr, error = nullptr;
  if (data && data->errorClasses[static_cast<int>(kind)] &&
      napi_get_reference_value(env, data->errorClasses[static_cast<int>(kind)], &cls) == napi_ok && cls &&
      napi_create_string_utf8(env, message.data(), message.size(), &msg) == napi_ok &&
      napi_new_instance(env, cls, 1, &msg, &error) == napi_ok) {
    napi_throw(env, error);
    return;
  }
  napi_throw_error(env, nullptr, message.c_str());
}

// ---- tensors ----

napi_value wrap(napi_env env, at::Tensor tensor) {
  if (!tensor.defined()) return jsNull(env);
  int64_t bytes = accountedBytes(tensor);
  auto* holder = new TensorHolder{std::move(tensor), bytes};
  napi_value result;
  if (napi_create_external(env, holder, finalizeTensor, nullptr, &result) != napi_ok) {
    delete holder;
    throw PendingJsError{};
  }
  int64_t adjusted;
  napi_adjust_external_memory(env, bytes, &adjusted);
  if (InstanceData* data = instance(env); data && data->wrappedBytes) *data->wrappedBytes += static_cast<double>(bytes);
  return result;
}

TensorHolder* holderOf(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    throw ArgError{ErrorKind::Type, "expected a Tensor"};
  }
  return static_cast<TensorHolder*>(data);
}

// ---- arguments ----

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

// ---- runtime ----

namespace {

// init({RuntimeError, IndexError, ...}): the classes that LibTorch errors become.
napi_value init(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    static const char* names[] = {"RuntimeError", "IndexError", "ValueError", "TypeError",
                                  "NotImplementedError", "OutOfMemoryError", "LinAlgError"};
    InstanceData* data = instance(env);
    for (int i = 0; i < static_cast<int>(ErrorKind::Count); i++) {
      napi_value cls;
      check(env, napi_get_named_property(env, args[0], names[i], &cls));
      if (data->errorClasses[i]) napi_delete_reference(env, data->errorClasses[i]);
      check(env, napi_create_reference(env, cls, 1, &data->errorClasses[i]));
    }
    return jsUndefined(env);
  });
}

// The versions this binary was built against (also embedded as a marker the loader reads
// from the file before loading it).
napi_value buildInfo(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    napi_value result;
    check(env, napi_create_object(env, &result));
    check(env, napi_set_named_property(env, result, "torch", jsString(env, TORCHTS_TORCH_VERSION)));
    check(env, napi_set_named_property(env, result, "cuda",
                                       std::string(TORCHTS_CUDA_VERSION).empty() ? jsNull(env)
                                                                                  : jsString(env, TORCHTS_CUDA_VERSION)));
    return result;
  });
}

napi_value cudaIsAvailable(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, torch::cuda::is_available()); });
}

napi_value cudaDeviceCount(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, static_cast<double>(torch::cuda::device_count())); });
}

napi_value getNumThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, at::get_num_threads()); });
}

napi_value setNumThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    int64_t n = intArg(env, args[0]);
    TORCH_CHECK(n > 0, "set_num_threads expects a positive integer");
    at::set_num_threads(static_cast<int>(n));
    return jsUndefined(env);
  });
}

// Python's float math calls the C library (glibc), whose results differ in the last bit
// from V8's Math.pow/cos/exp for a few percent of inputs; training code that must match
// Python to the bit (bias corrections, cosine schedules, truncated-normal bounds) calls these.
template <double (*Fn)(double)>
napi_value libm1(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, Fn(doubleArg(env, args[0])));
  });
}

napi_value libmPow(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    return jsNumber(env, std::pow(doubleArg(env, args[0]), doubleArg(env, args[1])));
  });
}

double cosOf(double x) { return std::cos(x); }
double erfOf(double x) { return std::erf(x); }
double expOf(double x) { return std::exp(x); }
double logOf(double x) { return std::log(x); }

// setWrappedBytesCounter(counter: Float64Array): wrap() adds each new tensor's bytes to
// counter[0]. The array is kept alive by a reference for the life of the environment.
napi_value setWrappedBytesCounter(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    napi_typedarray_type type;
    size_t length = 0;
    void* bytes = nullptr;
    check(env, napi_get_typedarray_info(env, args[0], &type, &length, &bytes, nullptr, nullptr));
    if (type != napi_float64_array || length < 1) throw ArgError{ErrorKind::Type, "expected a Float64Array"};
    InstanceData* data = instance(env);
    if (data->wrappedBytesArray) napi_delete_reference(env, data->wrappedBytesArray);
    check(env, napi_create_reference(env, args[0], 1, &data->wrappedBytesArray));
    data->wrappedBytes = static_cast<double*>(bytes);
    return jsUndefined(env);
  });
}

napi_value initModule(napi_env env, napi_value exports) {
  installCpuAllocator();
  auto* data = new InstanceData();
  napi_set_instance_data(
      env, data,
      [](napi_env env, void* data, void*) {
        auto* instance = static_cast<InstanceData*>(data);
        for (napi_ref ref : instance->errorClasses) {
          if (ref) napi_delete_reference(env, ref);
        }
        if (instance->wrappedBytesArray) napi_delete_reference(env, instance->wrappedBytesArray);
        delete instance;
      },
      nullptr);

  Exports list;
  add(list, "init", init);
  add(list, "buildInfo", buildInfo);
  add(list, "setWrappedBytesCounter", setWrappedBytesCounter);
  add(list, "cudaIsAvailable", cudaIsAvailable);
  add(list, "cudaDeviceCount", cudaDeviceCount);
  add(list, "getNumThreads", getNumThreads);
  add(list, "setNumThreads", setNumThreads);
  add(list, "libmPow", libmPow);
  add(list, "libmCos", libm1<cosOf>);
  add(list, "libmErf", libm1<erfOf>);
  add(list, "libmExp", libm1<expOf>);
  add(list, "libmLog", libm1<logOf>);
  registerTensor(list);
  registerAutograd(list);
  registerGeneratedOps(list);
  registerGenerator(list);
  registerCudaMemory(list);
  registerIndexing(list);
  registerAmp(list);
  registerBackends(list);
  registerDevice(list);
  registerCpuAllocator(list);
  registerBoxed(list);
  registerDefaults(list);
  registerTensorApi(list);
  napi_define_properties(env, exports, list.size(), list.data());
  return exports;
}

}  // namespace
}  // namespace torchts

// Read by lib/loader.ts from the binary's bytes before it is loaded.
extern "C" __attribute__((used, visibility("default"))) const char torchts_build_marker[] =
    "TORCHTS_BUILD_INFO{\"torch\":\"" TORCHTS_TORCH_VERSION "\",\"cuda\":\"" TORCHTS_CUDA_VERSION "\"}";

NAPI_MODULE(torchts, torchts::initModule)
