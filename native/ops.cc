// Tensor math. Each op reads its arguments, calls ATen, and wraps the result.
#include <ATen/ATen.h>

#include "common.h"

namespace torchts {
namespace {

// add(a, b: Tensor | number, alpha?: number)
napi_value add(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> args(env, info);
    const at::Tensor& a = tensorArg(env, args[0]);
    at::Scalar alpha = isNullish(env, args[2]) ? at::Scalar(1) : scalarArg(env, args[2]);
    return wrap(env, at::add(a, tensorOrScalarArg(env, args[1]), alpha));
  });
}

napi_value matmul(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    return wrap(env, at::matmul(tensorArg(env, args[0]), tensorArg(env, args[1])));
  });
}

// sum(t, dims?: number[], keepdim?: boolean, dtype?)
napi_value sum(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<4> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    auto dtype = dtypeArg(env, args[3]);
    if (isNullish(env, args[1])) return wrap(env, at::sum(t, dtype));
    bool keepdim = !isNullish(env, args[2]) && boolArg(env, args[2]);
    return wrap(env, at::sum(t, intListArg(env, args[1]), keepdim, dtype));
  });
}

}  // namespace

void registerOps(Exports& exports) {
  add(exports, "add", add);
  add(exports, "matmul", matmul);
  add(exports, "sum", sum);
}

}  // namespace torchts
