// torch.device's string parser: c10::Device's own, as Python's torch.device("cuda:0") uses, so
// every accepted spelling and every error message ("Invalid device string: 'cuda:01'",
// "Expected one of cpu, cuda, ... device type at start of device string: CUDA") is LibTorch's.
#include <c10/core/Device.h>
#include <c10/core/DeviceType.h>

#include "common.h"

namespace torchts {
namespace {

// parseDevice(spec): [type, index or null].
napi_value parseDevice(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const c10::Device device(stringArg(env, args[0]));
    napi_value result;
    check(env, napi_create_array_with_length(env, 2, &result));
    check(env, napi_set_element(env, result, 0, jsString(env, c10::DeviceTypeName(device.type(), /*lower_case=*/true))));
    check(env, napi_set_element(env, result, 1, device.has_index() ? jsNumber(env, device.index()) : jsNull(env)));
    return result;
  });
}

}  // namespace

void registerDevice(Exports& exports) { add(exports, "parseDevice", parseDevice); }

}  // namespace torchts
