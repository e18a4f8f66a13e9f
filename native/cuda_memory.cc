// torch.cuda's memory and device functions: the native halves of lib/cuda.ts, each the
// counterpart of the torch._C function that Python's torch.cuda calls (lib/cuda.ts keeps
// Python's logic around them: is_initialized() checks, device-index resolution, errors).
//
// They reach CUDA through LibTorch's device-generic interfaces, which need no CUDA headers:
// c10::getDeviceAllocator(kCUDA) is the very object c10::cuda::CUDACachingAllocator::get()
// returns (the allocator registers itself for kCUDA at load), the CUDA hooks synchronize
// exactly as torch._C._cuda_synchronize under torch.cuda.device does, and the CUDA device
// guard reads the current device as c10::cuda::current_device does. c10/cuda's own headers
// would need the CUDA toolkit's (the wheel's nvidia/cu13/include lacks crt/), so the same
// binary builds against the wheel, a toolkit or a CPU-only LibTorch; where LibTorch has no
// CUDA, everything acts as on a machine without a GPU.
//
// Nothing calls the CUDA runtime before CUDA is initialized: the allocator is asked whether
// it is (a plain read), and the functions that need a device initialize CUDA first, as
// Python's _lazy_init does, which throws cleanly where there is no driver or GPU.
#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/CachingDeviceAllocator.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>

#include "common.h"

// cudaDeviceProp, for get_device_name. With a complete set of CUDA runtime headers
// (CMakeLists.txt defines TORCHTS_WITH_CUDA_HEADERS) the declaration below is checked against
// CUDA's; without them the struct stays opaque and only its first member, the name, is read.
#ifdef TORCHTS_WITH_CUDA_HEADERS
#include <cuda_runtime_api.h>
static_assert(offsetof(cudaDeviceProp, name) == 0 && sizeof(cudaDeviceProp::name) == 256,
              "cudaDeviceProp no longer begins with its name");
#else
struct cudaDeviceProp;  // begins with `char name[256]` in every CUDA version
#endif

namespace at::cuda {
// As ATen/cuda/CUDAContextLight.h declares it (defined in libtorch_cuda, which that header's
// includes keep out of reach). Weak: a CPU-only LibTorch has no libtorch_cuda, and the addon
// must still load there.
__attribute__((weak, visibility("default"))) cudaDeviceProp* getDeviceProperties(c10::DeviceIndex device);
}  // namespace at::cuda

namespace torchts {

namespace {

// A device index as Python's THPUtils_unpackDeviceIndex reads an int (c10::DeviceIndex is
// int8_t); nullopt for null/undefined, which Python's callers reject with their own message.
std::optional<c10::DeviceIndex> deviceIndexArg(napi_env env, napi_value value) {
  if (isNullish(env, value)) return std::nullopt;
  double d = doubleArg(env, value);
  if (!std::isfinite(d) || std::trunc(d) != d) throw ArgError{ErrorKind::Type, "expected an integer device index"};
  if (d < std::numeric_limits<c10::DeviceIndex>::min() || d > std::numeric_limits<c10::DeviceIndex>::max()) {
    throw ArgError{ErrorKind::Runtime, "Overflow when unpacking DeviceIndex"};
  }
  return static_cast<c10::DeviceIndex>(d);
}

// Whether this LibTorch has CUDA at all (libtorch_cuda registered its hooks); no CUDA call.
bool cudaBuilt() { return at::detail::getCUDAHooks().isBuilt(); }

// Python's torch.cuda._lazy_init (torch._C._cuda_init): throws "Found no NVIDIA driver ..."
// and the like where CUDA cannot start; a no-op once it has.
void lazyInitCuda() {
  // Python's own words where torch has no CUDA (an AssertionError there).
  TORCH_CHECK(cudaBuilt(), "Torch not compiled with CUDA enabled");
  at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
}

c10::DeviceAllocator* cudaAllocator() { return c10::getDeviceAllocator(c10::DeviceType::CUDA); }

// torch.cuda.is_initialized(): CUDA's lazy initialization creates the caching allocator's
// per-device state, so an initialized allocator means initialized CUDA.
bool cudaInitialized() { return cudaBuilt() && cudaAllocator()->initialized(); }

// Uninitialized, the caching allocator rejects every device itself ("Invalid device
// argument"), as it does for Python; without CUDA in LibTorch, the same words.
c10::DeviceAllocator* allocatorFor(c10::DeviceIndex device) {
  TORCH_CHECK(cudaBuilt(), "Invalid device argument ", device, ": did you call init?");
  return cudaAllocator();
}

// ---- exported ----

napi_value cudaIsInitialized(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, cudaInitialized()); });
}

// cudaLazyInit(): initializes CUDA (torch._C._cuda_init).
napi_value cudaLazyInit(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    lazyInitCuda();
    return jsUndefined(env);
  });
}

// cudaMemoryStats(device): the aggregate ("all") byte statistics of torch._C._cuda_memoryStats,
// under the keys of Python's memory_stats().
napi_value cudaMemoryStats(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto device = deviceIndexArg(env, args[0]);
    TORCH_CHECK(device.has_value(), "invalid argument to memory_allocated");
    const auto stats = allocatorFor(*device)->getDeviceStats(*device);
    constexpr auto all = static_cast<size_t>(c10::CachingAllocator::StatType::AGGREGATE);
    napi_value result;
    check(env, napi_create_object(env, &result));
    auto set = [&](const char* key, int64_t value) {
      check(env, napi_set_named_property(env, result, key, jsNumber(env, static_cast<double>(value))));
    };
    set("allocated_bytes.all.current", stats.allocated_bytes[all].current);
    set("allocated_bytes.all.peak", stats.allocated_bytes[all].peak);
    set("reserved_bytes.all.current", stats.reserved_bytes[all].current);
    set("reserved_bytes.all.peak", stats.reserved_bytes[all].peak);
    return result;
  });
}

// cudaResetPeakMemoryStats(device): torch._C._cuda_resetPeakMemoryStats.
napi_value cudaResetPeakMemoryStats(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto device = deviceIndexArg(env, args[0]);
    TORCH_CHECK(device.has_value(), "invalid argument to reset_peak_memory_stats");
    allocatorFor(*device)->resetPeakStats(*device);
    return jsUndefined(env);
  });
}

// cudaEmptyCache(): torch.cuda.empty_cache, a no-op until CUDA is initialized.
napi_value cudaEmptyCache(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    if (cudaInitialized()) cudaAllocator()->emptyCache();
    return jsUndefined(env);
  });
}

// cudaCurrentDevice(): torch._C._cuda_getDevice (initializes CUDA).
napi_value cudaCurrentDevice(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    lazyInitCuda();
    return jsNumber(env, c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->getDevice().index());
  });
}

// cudaSetDevice(device): torch._C._cuda_setDevice (initializes CUDA; lib/cuda.ts skips
// negative indices, as Python's set_device does).
napi_value cudaSetDevice(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto device = deviceIndexArg(env, args[0]);
    TORCH_CHECK(device.has_value(), "set_device: expected a device index");
    lazyInitCuda();
    c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->setDevice(c10::Device(c10::DeviceType::CUDA, *device));
    return jsUndefined(env);
  });
}

// cudaSynchronize(device): initializes CUDA, then waits for every stream of that device, as
// `with torch.cuda.device(device): torch._C._cuda_synchronize()` (a negative or null index:
// the current device, unswitched).
napi_value cudaSynchronize(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    c10::DeviceIndex device = deviceIndexArg(env, args[0]).value_or(-1);
    lazyInitCuda();
    at::detail::getCUDAHooks().deviceSynchronize(device < 0 ? -1 : device);
    return jsUndefined(env);
  });
}

// cudaGetDeviceName(device): cudaDeviceProp::name, from LibTorch's per-device cache
// (initializes CUDA; lib/cuda.ts checks the index against device_count() first, as Python).
napi_value cudaGetDeviceName(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto device = deviceIndexArg(env, args[0]);
    TORCH_CHECK(device.has_value(), "get_device_name: expected a device index");
    lazyInitCuda();
    TORCH_CHECK(&at::cuda::getDeviceProperties != nullptr, "Torch not compiled with CUDA enabled");
    const cudaDeviceProp* prop = at::cuda::getDeviceProperties(*device);
    const char* name = reinterpret_cast<const char*>(prop);
    return jsString(env, std::string(name, strnlen(name, 256)));
  });
}

}  // namespace

void registerCudaMemory(Exports& exports) {
  add(exports, "cudaIsInitialized", cudaIsInitialized);
  add(exports, "cudaLazyInit", cudaLazyInit);
  add(exports, "cudaMemoryStats", cudaMemoryStats);
  add(exports, "cudaResetPeakMemoryStats", cudaResetPeakMemoryStats);
  add(exports, "cudaEmptyCache", cudaEmptyCache);
  add(exports, "cudaCurrentDevice", cudaCurrentDevice);
  add(exports, "cudaSetDevice", cudaSetDevice);
  add(exports, "cudaSynchronize", cudaSynchronize);
  add(exports, "cudaGetDeviceName", cudaGetDeviceName);
}

}  // namespace torchts
