// The global math and library flags of at::globalContext(), the native half of lib/backends.ts:
// what torch.backends.cuda.matmul, torch.backends.cudnn and torch.set_float32_matmul_precision
// read and write through torch._C (torch/csrc/Module.cpp). The Context's own checks and
// warnings (an unknown precision, legacy and new precision APIs mixed) are LibTorch's; lib/
// checks the JS types first, as Python's bindings do.
#include <ATen/Context.h>
#include <c10/util/Exception.h>

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

}  // namespace

void registerBackends(Exports& exports) {
  add(exports, "backendsGetFlag", backendsGetFlag);
  add(exports, "backendsSetFlag", backendsSetFlag);
  add(exports, "getFloat32MatmulPrecision", getFloat32MatmulPrecision);
  add(exports, "setFloat32MatmulPrecision", setFloat32MatmulPrecision);
}

}  // namespace torchts
