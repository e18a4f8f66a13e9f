// The global math and library flags of at::globalContext(), the native half of lib/backends.ts:
// what torch.backends.cuda.matmul, torch.backends.cudnn and torch.set_float32_matmul_precision
// read and write through torch._C (torch/csrc/Module.cpp). The Context's own checks and
// warnings (an unknown precision, legacy and new precision APIs mixed) are LibTorch's; lib/
// checks the JS types first, as Python's bindings do.
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <torch/csrc/autograd/anomaly_mode.h>

#include <string>
#include <vector>

#include "common.h"

namespace torchts {
namespace {

// The flags by the names lib/backends.ts uses: getter and setter of the Context.
struct Flag {
  const char* name;
  bool (*get)();
  void (*set)(bool);
};

const Flag kFlags[] = {
    {"cublas_allow_tf32", [] { return at::globalContext().allowTF32CuBLAS(); },
     [](bool b) { at::globalContext().setAllowTF32CuBLAS(b); }},
    {"cudnn_allow_tf32", [] { return at::globalContext().allowTF32CuDNN(); },
     [](bool b) { at::globalContext().setAllowTF32CuDNN(b); }},
    {"cudnn_benchmark", [] { return at::globalContext().benchmarkCuDNN(); },
     [](bool b) { at::globalContext().setBenchmarkCuDNN(b); }},
    {"cudnn_deterministic", [] { return at::globalContext().deterministicCuDNN(); },
     [](bool b) { at::globalContext().setDeterministicCuDNN(b); }},
    {"cudnn_enabled", [] { return at::globalContext().userEnabledCuDNN(); },
     [](bool b) { at::globalContext().setUserEnabledCuDNN(b); }},
    // torch.use_deterministic_algorithms(mode, warn_only=...) and its getters
    {"deterministic_algorithms", [] { return at::globalContext().deterministicAlgorithms(); },
     [](bool b) { at::globalContext().setDeterministicAlgorithms(b, at::globalContext().deterministicAlgorithmsWarnOnly()); }},
    {"deterministic_algorithms_warn_only", [] { return at::globalContext().deterministicAlgorithmsWarnOnly(); },
     [](bool b) { at::globalContext().setDeterministicAlgorithms(at::globalContext().deterministicAlgorithms(), b); }},
    // torch.set_warn_always: every TORCH_WARN_ONCE warns each time
    {"warn_always", [] { return c10::WarningUtils::get_warnAlways(); }, [](bool b) { c10::WarningUtils::set_warnAlways(b); }},
    // torch.autograd's anomaly mode (torch.set_anomaly_enabled(enabled, check_nan))
    {"anomaly_enabled", [] { return torch::autograd::AnomalyMode::is_enabled(); },
     [](bool b) { torch::autograd::AnomalyMode::set_enabled(b, torch::autograd::AnomalyMode::should_check_nan()); }},
    {"anomaly_check_nan", [] { return torch::autograd::AnomalyMode::should_check_nan(); },
     [](bool b) { torch::autograd::AnomalyMode::set_enabled(torch::autograd::AnomalyMode::is_enabled(), b); }},
};

const Flag& flagArg(napi_env env, napi_value value) {
  const std::string name = stringArg(env, value);
  for (const Flag& flag : kFlags) {
    if (name == flag.name) return flag;
  }
  throw ArgError{ErrorKind::Value, "unknown backend flag: " + name};
}

// Collects the warnings LibTorch raises while it is installed, for lib/ to re-raise as
// Python's warnings (instead of the default handler's lines on stderr).
class CollectWarnings : public c10::WarningHandler {
 public:
  std::vector<std::string> messages;
  void process(const c10::Warning& warning) override { messages.push_back(warning.msg()); }
};

napi_value jsStringArray(napi_env env, const std::vector<std::string>& values) {
  napi_value result;
  check(env, napi_create_array_with_length(env, values.size(), &result));
  for (size_t i = 0; i < values.size(); i++) {
    check(env, napi_set_element(env, result, static_cast<uint32_t>(i), jsString(env, values[i])));
  }
  return result;
}

// backendsGetFlag(name): the flag's value.
napi_value backendsGetFlag(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, flagArg(env, args[0]).get());
  });
}

// backendsSetFlag(name, value).
napi_value backendsSetFlag(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    flagArg(env, args[0]).set(boolArg(env, args[1]));
    return jsUndefined(env);
  });
}

// getFloat32MatmulPrecision(): torch._C._get_float32_matmul_precision.
napi_value getFloat32MatmulPrecision(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    switch (at::globalContext().float32MatmulPrecision()) {
      case at::Float32MatmulPrecision::HIGHEST:
        return jsString(env, "highest");
      case at::Float32MatmulPrecision::HIGH:
        return jsString(env, "high");
      case at::Float32MatmulPrecision::MEDIUM:
        return jsString(env, "medium");
    }
    return jsString(env, "highest");
  });
}

// setFloat32MatmulPrecision(precision): torch._C._set_float32_matmul_precision; returns the
// warnings LibTorch raised (an unknown precision is a warning, not an error, as in Python).
napi_value setFloat32MatmulPrecision(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const std::string precision = stringArg(env, args[0]);
    CollectWarnings warnings;
    {
      c10::WarningUtils::WarningHandlerGuard collecting(&warnings);
      at::globalContext().setFloat32MatmulPrecision(precision);
    }
    return jsStringArray(env, warnings.messages);
  });
}

// setFlushDenormal(mode): torch.set_flush_denormal; whether the CPU supports it.
napi_value setFlushDenormal(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, at::globalContext().setFlushDenormal(boolArg(env, args[0])));
  });
}

// Inter-op parallelism: torch.get_num_interop_threads / set_num_interop_threads.
napi_value getNumInteropThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, static_cast<double>(at::get_num_interop_threads())); });
}

napi_value setNumInteropThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    int64_t n = intArg(env, args[0]);
    if (n <= 0) throw ArgError{ErrorKind::Runtime, "set_num_interop_threads expects a positive integer"};
    at::set_num_interop_threads(static_cast<int>(n));
    return jsUndefined(env);
  });
}

napi_value initNumThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    at::init_num_threads();
    return jsUndefined(env);
  });
}

}  // namespace

void registerBackends(Exports& exports) {
  add(exports, "setFlushDenormal", setFlushDenormal);
  add(exports, "getNumInteropThreads", getNumInteropThreads);
  add(exports, "setNumInteropThreads", setNumInteropThreads);
  add(exports, "initNumThreads", initNumThreads);
  add(exports, "backendsGetFlag", backendsGetFlag);
  add(exports, "backendsSetFlag", backendsSetFlag);
  add(exports, "getFloat32MatmulPrecision", getFloat32MatmulPrecision);
  add(exports, "setFloat32MatmulPrecision", setFloat32MatmulPrecision);
}

}  // namespace torchts
