// Autocast's thread-local state, the native half of lib/amp/autocast_mode.ts: each function is
// the counterpart of the torch._C function Python's torch.autocast calls (torch/csrc/autograd/
// init.cpp), reading the device type as Python does (at::Device's parser, so a bad name gets
// LibTorch's own "Expected one of cpu, cuda, ..." error). Ops called while autocast is enabled
// for a device go through the dispatcher's Autocast keys, exactly as from Python.
#include <ATen/autocast_mode.h>
#include <c10/core/Device.h>

#include "common.h"

namespace torchts {
namespace {

c10::DeviceType deviceTypeArg(napi_env env, napi_value value) { return c10::Device(stringArg(env, value)).type(); }

// ampIsAutocastAvailable(device_type): torch._C._is_autocast_available.
napi_value ampIsAutocastAvailable(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, at::autocast::is_autocast_available(deviceTypeArg(env, args[0])));
  });
}

// ampIsAutocastEnabled(device_type): torch.is_autocast_enabled(device_type).
napi_value ampIsAutocastEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, at::autocast::is_autocast_enabled(deviceTypeArg(env, args[0])));
  });
}

// ampSetAutocastEnabled(device_type, enabled): torch.set_autocast_enabled(device_type, enabled).
napi_value ampSetAutocastEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    at::autocast::set_autocast_enabled(deviceTypeArg(env, args[0]), boolArg(env, args[1]));
    return jsUndefined(env);
  });
}

// ampGetAutocastDtype(device_type): the ScalarType code; Python's wrap(ScalarType) rejects
// what has no torch.dtype (a device type autocast keeps no dtype for) with these words.
napi_value ampGetAutocastDtype(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::ScalarType dtype = at::autocast::get_autocast_dtype(deviceTypeArg(env, args[0]));
    TORCH_CHECK(dtype != at::ScalarType::Undefined, "unsupported scalarType");
    return jsNumber(env, static_cast<double>(dtype));
  });
}

// ampSetAutocastDtype(device_type, dtype code): torch.set_autocast_dtype.
napi_value ampSetAutocastDtype(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    auto dtype = dtypeArg(env, args[1]);
    if (!dtype) throw ArgError{ErrorKind::Type, "set_autocast_dtype(): argument 'dtype' must be torch.dtype"};
    at::autocast::set_autocast_dtype(deviceTypeArg(env, args[0]), *dtype);
    return jsUndefined(env);
  });
}

// torch.autocast_increment_nesting() / autocast_decrement_nesting(): the new depth.
napi_value ampIncrementNesting(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, at::autocast::increment_nesting()); });
}

napi_value ampDecrementNesting(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, at::autocast::decrement_nesting()); });
}

// torch.clear_autocast_cache(): drops the casts of weights made inside the outermost region.
napi_value ampClearCache(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    at::autocast::clear_cache();
    return jsUndefined(env);
  });
}

napi_value ampIsCacheEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, at::autocast::is_autocast_cache_enabled()); });
}

napi_value ampSetCacheEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    at::autocast::set_autocast_cache_enabled(boolArg(env, args[0]));
    return jsUndefined(env);
  });
}

}  // namespace

void registerAmp(Exports& exports) {
  add(exports, "ampIsAutocastAvailable", ampIsAutocastAvailable);
  add(exports, "ampIsAutocastEnabled", ampIsAutocastEnabled);
  add(exports, "ampSetAutocastEnabled", ampSetAutocastEnabled);
  add(exports, "ampGetAutocastDtype", ampGetAutocastDtype);
  add(exports, "ampSetAutocastDtype", ampSetAutocastDtype);
  add(exports, "ampIncrementNesting", ampIncrementNesting);
  add(exports, "ampDecrementNesting", ampDecrementNesting);
  add(exports, "ampClearCache", ampClearCache);
  add(exports, "ampIsCacheEnabled", ampIsCacheEnabled);
  add(exports, "ampSetCacheEnabled", ampSetCacheEnabled);
}

}  // namespace torchts
