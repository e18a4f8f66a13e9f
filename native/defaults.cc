// torch.set_default_dtype / torch.get_default_dtype: LibTorch's process-wide default dtype
// (c10::set_default_dtype), which the factories (zeros, full, arange, ...) read when no dtype
// is given, as Python's do. lib/defaults.ts checks the argument first, with Python's errors.
#include <ATen/ATen.h>
#include <c10/core/DefaultDtype.h>

#include "common.h"

namespace torchts {
namespace {

// setDefaultDtype(code): only floating-point types, as Python's set_default_dtype.
napi_value setDefaultDtype(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto type = dtypeArg(env, args[0]);
    TORCH_CHECK_TYPE(type && at::isFloatingType(*type), "only floating-point types are supported as the default type");
    c10::set_default_dtype(c10::scalarTypeToTypeMeta(*type));
    return jsUndefined(env);
  });
}

napi_value getDefaultDtype(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, static_cast<int>(at::typeMetaToScalarType(c10::get_default_dtype()))); });
}

}  // namespace

void registerDefaults(Exports& exports) {
  add(exports, "setDefaultDtype", setDefaultDtype);
  add(exports, "getDefaultDtype", getDefaultDtype);
}

}  // namespace torchts
