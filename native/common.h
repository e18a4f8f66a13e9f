// Shared by every translation unit of the addon: how tensors cross into JS (as externals
// with a GC-time finalizer), how arguments are read, and the one place where C++ errors
// become JS exceptions (guard). Functions are plain Node-API callbacks: the op path is the
// hot path, so nothing here allocates beyond the tensor holder itself.
#pragma once

#include <ATen/core/Tensor.h>
#include <ATen/ScalarOps.h>
#include <c10/util/Exception.h>
#include <node_api.h>

#include <optional>
#include <string>
#include <vector>

namespace torchts {

// The torch error classes that JS exceptions are made of (lib/errors.ts).
enum class ErrorKind { Runtime, Index, Value, Type, NotImplemented, OutOfMemory, LinAlg, Count };

// Thrown by argument readers; guard() turns it into a JS exception of the given kind.
struct ArgError {
  ErrorKind kind;
  std::string message;
};

// Thrown when a Node-API call failed and left a JS exception pending.
struct PendingJsError {};

void throwJs(napi_env env, ErrorKind kind, const std::string& message);

inline void check(napi_env env, napi_status status) {
  if (status != napi_ok) throw PendingJsError{};
}

// LibTorch's message, with its C++ backtrace only when TORCH_SHOW_CPP_STACKTRACES is set.
const char* messageOf(const c10::Error& e);

// Runs an op body and converts whatever it throws; every exported function goes through it.
template <typename F>
napi_value guard(napi_env env, F&& body) {
  try {
    return body();
  } catch (const PendingJsError&) {
  } catch (const ArgError& e) {
    throwJs(env, e.kind, e.message);
  } catch (const c10::IndexError& e) {
    throwJs(env, ErrorKind::Index, messageOf(e));
  } catch (const c10::ValueError& e) {
    throwJs(env, ErrorKind::Value, messageOf(e));
  } catch (const c10::TypeError& e) {
    throwJs(env, ErrorKind::Type, messageOf(e));
  } catch (const c10::NotImplementedError& e) {
    throwJs(env, ErrorKind::NotImplemented, messageOf(e));
  } catch (const c10::OutOfMemoryError& e) {
    throwJs(env, ErrorKind::OutOfMemory, messageOf(e));
  } catch (const c10::LinAlgError& e) {
    throwJs(env, ErrorKind::LinAlg, messageOf(e));
  } catch (const c10::Error& e) {
    throwJs(env, ErrorKind::Runtime, messageOf(e));
  } catch (const std::exception& e) {
    throwJs(env, ErrorKind::Runtime, e.what());
  } catch (...) {
    throwJs(env, ErrorKind::Runtime, "unknown C++ exception");
  }
  return nullptr;
}

// Up to N arguments of a call; missing ones read as undefined.
template <size_t N>
struct Args {
  napi_value argv[N];
  size_t argc = N;
  Args(napi_env env, napi_callback_info info) { check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr)); }
  napi_value operator[](size_t i) const { return argv[i]; }
};

// ---- tensors ----

// What a JS tensor handle points at. `accounted` is what V8 was told this object keeps alive.
struct TensorHolder {
  at::Tensor tensor;
  int64_t accounted;
};

napi_value wrap(napi_env env, at::Tensor tensor);
TensorHolder* holderOf(napi_env env, napi_value value);

inline const at::Tensor& tensorArg(napi_env env, napi_value value) {
  const at::Tensor& t = holderOf(env, value)->tensor;
  if (!t.defined()) throw ArgError{ErrorKind::Runtime, "this tensor has been disposed"};
  return t;
}

// A Tensor parameter given a number: as Python's argument parser does, the number becomes a
// 0-dim "wrapped number" tensor, which type promotion treats like a Python scalar.
inline at::Tensor wrappedScalar(const at::Scalar& s) {
  at::Tensor t = c10::scalar_to_tensor(s);
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

napi_valuetype typeOf(napi_env env, napi_value value);
at::Scalar scalarArg(napi_env env, napi_value value);

inline at::Tensor tensorOrScalarArg(napi_env env, napi_value value) {
  if (typeOf(env, value) == napi_external) return tensorArg(env, value);
  return wrappedScalar(scalarArg(env, value));
}

// ---- other arguments ----

inline bool isNullish(napi_env env, napi_value value) {
  napi_valuetype t = typeOf(env, value);
  return t == napi_undefined || t == napi_null;
}
bool boolArg(napi_env env, napi_value value);
double doubleArg(napi_env env, napi_value value);
int64_t intArg(napi_env env, napi_value value);
// (scalarArg: a JS number becomes an integer Scalar when it is integral, as a Python int.)
std::vector<int64_t> intListArg(napi_env env, napi_value value);
std::optional<at::ScalarType> dtypeArg(napi_env env, napi_value value);
std::optional<at::Device> deviceArg(napi_env env, napi_value value);
std::string stringArg(napi_env env, napi_value value);
// The bytes of a Uint8Array / Buffer argument (TypeError for anything else).
void uint8ArrayArg(napi_env env, napi_value value, void** data, size_t* length);

// ---- results ----

napi_value jsNumber(napi_env env, double value);
napi_value jsBool(napi_env env, bool value);
napi_value jsString(napi_env env, const std::string& value);
napi_value jsNull(napi_env env);
napi_value jsUndefined(napi_env env);
napi_value jsIntArray(napi_env env, c10::IntArrayRef values);

// ---- registration ----

using Exports = std::vector<napi_property_descriptor>;
inline void add(Exports& exports, const char* name, napi_callback fn) {
  exports.push_back({name, nullptr, fn, nullptr, nullptr, nullptr, napi_enumerable, nullptr});
}
void registerHandle(Exports& exports);
void registerTensor(Exports& exports);
void registerAutograd(Exports& exports);
void registerGeneratedOps(Exports& exports);
void registerGenerator(Exports& exports);
void registerCudaMemory(Exports& exports);
void registerIndexing(Exports& exports);
void registerAmp(Exports& exports);
void registerBackends(Exports& exports);
void registerDevice(Exports& exports);
void registerCpuAllocator(Exports& exports);
void registerBoxed(Exports& exports);
void registerDefaults(Exports& exports);
void registerTensorApi(Exports& exports);
void registerDistributed(Exports& exports);
void registerVips(Exports& exports);
void registerPilResample(Exports& exports);
void registerTurboJpeg(Exports& exports);
void registerThreadHandoff(Exports& exports);
void registerIntraOpThreads(Exports& exports);
// Puts torchts's caching allocator (native/cpu_allocator.cc) in LibTorch, once per process.
void installCpuAllocator();
// An addon environment (the main thread's or a worker's) has ended, its tensors freed.
void cpuAllocatorEnvironmentEnded();

}  // namespace torchts
