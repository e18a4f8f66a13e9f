// Tensors handed between worker threads without copying (DataLoader workers): the sender
// exports a new owning reference as a raw TensorImpl pointer (a bigint, which structured
// clone carries), the receiver adopts it back into a handle. A pointer exported and never
// adopted is released with tensorHandoffDrop (a worker ended with batches in flight).
#include "common.h"

namespace torchts {
namespace {

c10::TensorImpl* pointerArg(napi_env env, napi_value value) {
  uint64_t raw = 0;
  bool lossless = false;
  check(env, napi_get_value_bigint_uint64(env, value, &raw, &lossless));
  if (raw == 0 || !lossless) throw ArgError{ErrorKind::Value, "invalid tensor handoff pointer"};
  return reinterpret_cast<c10::TensorImpl*>(static_cast<uintptr_t>(raw));
}

// tensorHandoffExport(t): a bigint owning one reference to t's TensorImpl.
napi_value tensorHandoffExport(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const at::Tensor& tensor = tensorArg(env, args[0]);
    c10::intrusive_ptr<c10::TensorImpl> impl = tensor.getIntrusivePtr();
    napi_value result;
    check(env, napi_create_bigint_uint64(env, reinterpret_cast<uintptr_t>(impl.release()), &result));
    return result;
  });
}

// tensorHandoffAdopt(ptr): the tensor behind an exported pointer, owning its reference.
napi_value tensorHandoffAdopt(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto impl = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>::reclaim(pointerArg(env, args[0]));
    return wrap(env, at::Tensor(std::move(impl)));
  });
}

// tensorHandoffDrop(ptr): releases an exported pointer that will not be adopted.
napi_value tensorHandoffDrop(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    auto impl = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>::reclaim(pointerArg(env, args[0]));
    impl.reset();
    return jsUndefined(env);
  });
}

}  // namespace

void registerThreadHandoff(Exports& exports) {
  add(exports, "tensorHandoffExport", tensorHandoffExport);
  add(exports, "tensorHandoffAdopt", tensorHandoffAdopt);
  add(exports, "tensorHandoffDrop", tensorHandoffDrop);
}

}  // namespace torchts
