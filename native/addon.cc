// Module entry: registers every native function and answers questions about the runtime
// (versions, CUDA, threads). Tensor handles live in handle.cc, arguments are read in args.cc,
// errors become JS exceptions in errors.cc.
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <cmath>
#include <cstdlib>

#include "instance.h"

#include <algorithm>

namespace torchts {

InstanceData* instance(napi_env env) {
  void* data = nullptr;
  napi_get_instance_data(env, &data);
  return static_cast<InstanceData*>(data);
}

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
        cpuAllocatorEnvironmentEnded();
      },
      nullptr);

  Exports list;
  add(list, "init", init);
  add(list, "buildInfo", buildInfo);
  add(list, "cudaIsAvailable", cudaIsAvailable);
  add(list, "cudaDeviceCount", cudaDeviceCount);
  add(list, "getNumThreads", getNumThreads);
  add(list, "setNumThreads", setNumThreads);
  add(list, "libmPow", libmPow);
  add(list, "libmCos", libm1<cosOf>);
  add(list, "libmErf", libm1<erfOf>);
  add(list, "libmExp", libm1<expOf>);
  add(list, "libmLog", libm1<logOf>);
  registerHandle(list);
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
  registerDistributed(list);
  registerVips(list);
  registerPilResample(list);
  registerTurboJpeg(list);
  registerThreadHandoff(list);
  registerIntraOpThreads(list);
  napi_define_properties(env, exports, list.size(), list.data());
  return exports;
}

}  // namespace
}  // namespace torchts

// Read by lib/loader.ts from the binary's bytes before it is loaded.
extern "C" __attribute__((used, visibility("default"))) const char torchts_build_marker[] =
    "TORCHTS_BUILD_INFO{\"torch\":\"" TORCHTS_TORCH_VERSION "\",\"cuda\":\"" TORCHTS_CUDA_VERSION "\"}";

NAPI_MODULE(torchts, torchts::initModule)
