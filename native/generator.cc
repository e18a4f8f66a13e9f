// torch.Generator: random-number generators as JS handles (externals with a type tag, so a
// tensor handle can never be taken for one), and seeding.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

#include "op_args.h"

namespace torchts {
namespace {

// The calling thread's default CPU generator, when it has its own (a DataLoader worker thread:
// Python's worker processes each have their own torch RNG, LibTorch has one per process).
// Ops given no generator use it (generatorArg), as do torch.manual_seed and default_generator.
thread_local std::optional<at::Generator> threadDefaultGenerator;

const napi_type_tag kGeneratorTag = {0x7f1a3c5e9b2d4f60ULL, 0x1c8e5a7b3d9f2e41ULL};

struct GeneratorHolder {
  at::Generator generator;
};

napi_value wrapGenerator(napi_env env, at::Generator generator) {
  auto* holder = new GeneratorHolder{std::move(generator)};
  napi_value result;
  napi_status status = napi_create_external(
      env, holder, [](node_api_basic_env, void* data, void*) { delete static_cast<GeneratorHolder*>(data); }, nullptr,
      &result);
  if (status != napi_ok) {
    delete holder;
    throw PendingJsError{};
  }
  check(env, napi_type_tag_object(env, result, &kGeneratorTag));
  return result;
}

at::Generator& generatorOf(napi_env env, napi_value value) {
  bool tagged = false;
  napi_check_object_type_tag(env, value, &kGeneratorTag, &tagged);
  void* data = nullptr;
  if (!tagged || napi_get_value_external(env, value, &data) != napi_ok) {
    throw ArgError{ErrorKind::Type, "expected a torch.Generator"};
  }
  return static_cast<GeneratorHolder*>(data)->generator;
}

uint64_t seedArg(napi_env env, napi_value value) {
  uint64_t seed;
  bool lossless;
  check(env, napi_get_value_bigint_uint64(env, value, &seed, &lossless));
  return seed;
}

napi_value jsSeed(napi_env env, uint64_t seed) {
  napi_value result;
  check(env, napi_create_bigint_uint64(env, seed, &result));
  return result;
}

// generatorNew(device?: string): a new generator, as torch.Generator(device).
napi_value generatorNew(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Device device = deviceArg(env, args[0]).value_or(at::Device(at::kCPU));
    if (device.is_cpu()) return wrapGenerator(env, at::detail::createCPUGenerator());
    TORCH_CHECK(device.is_cuda(), "Generator: unsupported device ", device);
    return wrapGenerator(env, at::detail::getCUDAHooks().getNewGenerator(device.index()));
  });
}

// defaultGenerator(device?: string): torch.default_generator, or a CUDA device's.
napi_value defaultGenerator(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Device device = deviceArg(env, args[0]).value_or(at::Device(at::kCPU));
    if (device.is_cpu() && threadDefaultGenerator) return wrapGenerator(env, *threadDefaultGenerator);
    return wrapGenerator(env, at::globalContext().defaultGenerator(device));
  });
}

// manualSeed(seed: bigint in [0, 2^64)): seeds the CPU generator and every CUDA device's,
// as torch.manual_seed does.
napi_value manualSeed(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    uint64_t seed = seedArg(env, args[0]);
    if (threadDefaultGenerator) {
      // A worker thread seeds its own generator only, as a worker process would.
      std::lock_guard<std::mutex> lock(threadDefaultGenerator->mutex());
      threadDefaultGenerator->set_current_seed(seed);
      return jsUndefined(env);
    }
    {
      auto gen = at::detail::getDefaultCPUGenerator();
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
    const auto& hooks = at::detail::getCUDAHooks();
    if (at::hasCUDA()) {
      for (c10::DeviceIndex i = 0; i < hooks.deviceCount(); i++) {
        auto gen = hooks.getDefaultGenerator(i);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_current_seed(seed);
      }
    }
    return jsUndefined(env);
  });
}

napi_value generatorManualSeed(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    at::Generator& gen = generatorOf(env, args[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seedArg(env, args[1]));
    return args[0];
  });
}

napi_value generatorSeed(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Generator& gen = generatorOf(env, args[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return jsSeed(env, gen.seed());
  });
}

napi_value generatorInitialSeed(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Generator& gen = generatorOf(env, args[0]);
    return jsSeed(env, gen.current_seed());
  });
}

napi_value generatorDevice(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsString(env, generatorOf(env, args[0]).device().str());
  });
}

// generatorGetState(g): the generator's state as a uint8 tensor (Generator.get_state()).
napi_value generatorGetState(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::Generator& gen = generatorOf(env, args[0]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return wrap(env, gen.get_state());
  });
}

// generatorSetState(g, state): restores a state from get_state (checked by the generator).
napi_value generatorSetState(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    at::Generator& gen = generatorOf(env, args[0]);
    const at::Tensor& state = tensorArg(env, args[1]);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
    return args[0];
  });
}

// setThreadDefaultGenerator(g | null): makes g this thread's default CPU generator (null: the
// process's again).
napi_value setThreadDefaultGenerator(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    if (isNullish(env, args[0])) {
      threadDefaultGenerator.reset();
    } else {
      at::Generator& gen = generatorOf(env, args[0]);
      TORCH_CHECK(gen.device().is_cpu(), "setThreadDefaultGenerator: a CPU generator is needed");
      threadDefaultGenerator = gen;
    }
    return jsUndefined(env);
  });
}

}  // namespace

// The ONE place an absent Generator? argument is read, for compiled and boxed ops alike.
std::optional<at::Generator> generatorArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return threadDefaultGenerator;
  return generatorOf(env, value);
}

void registerGenerator(Exports& exports) {
  add(exports, "manualSeed", manualSeed);
  add(exports, "generatorNew", generatorNew);
  add(exports, "defaultGenerator", defaultGenerator);
  add(exports, "generatorManualSeed", generatorManualSeed);
  add(exports, "generatorSeed", generatorSeed);
  add(exports, "generatorInitialSeed", generatorInitialSeed);
  add(exports, "generatorDevice", generatorDevice);
  add(exports, "generatorGetState", generatorGetState);
  add(exports, "generatorSetState", generatorSetState);
  add(exports, "setThreadDefaultGenerator", setThreadDefaultGenerator);
}

}  // namespace torchts
