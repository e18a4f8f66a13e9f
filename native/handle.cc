// How tensors live in JS: a handle is a napi external holding a TensorHolder, freed by its
// GC-time finalizer or at once by dispose(); V8 is told what each one keeps alive, so that it
// collects in time, and JS is told the bytes wrapped since it last looked (GC pacing).
#include <algorithm>

#include "instance.h"

namespace torchts {

namespace {

// Tensor objects also keep the TensorImpl and its bookkeeping alive; counting a little for
// it lets V8 see the pressure of many small tensors too.
constexpr int64_t kTensorOverheadBytes = 1024;

void finalizeTensor(node_api_basic_env env, void* data, void* /*hint*/) {
  auto* holder = static_cast<TensorHolder*>(data);
  int64_t adjusted;
  if (holder->accounted != 0) napi_adjust_external_memory(env, -holder->accounted, &adjusted);
  delete holder;
}

int64_t accountedBytes(const at::Tensor& t) {
  // A view shares its base's storage, which its base's handle accounts for. A meta tensor holds no
  // memory, whatever its size: counting torch.ones([1e18, 2], device="meta") would abort V8
  // (napi_adjust_external_memory refuses changes of 2^60 bytes or more).
  if (!t.has_storage() || t.is_meta()) return kTensorOverheadBytes;
  // A view of a base that nothing else holds owns its storage in effect: F.linear on a 3-d input
  // returns one (of its 2-d result), and counted as a view, a loop of 1.2 MB linears ran
  // almost no paced scavenges (5.1 ms a call against Python's 0.27).
  if (t.is_view() && t._base().use_count() > 1) return kTensorOverheadBytes;
  constexpr size_t kMaxAccounted = size_t(1) << 48;
  return kTensorOverheadBytes + static_cast<int64_t>(std::min(t.storage().nbytes(), kMaxAccounted));
}

}  // namespace

napi_value wrap(napi_env env, at::Tensor tensor) {
  if (!tensor.defined()) return jsNull(env);
  int64_t bytes = accountedBytes(tensor);
  InstanceData* data = instance(env);
  const bool paced = data && data->wrappedBytes;
  // With GC pacing on, lib/_gc.ts collects for CPU tensors itself (scavenges by wrapped bytes,
  // full collections by the CPU allocator's live bytes). Told of them as external memory too,
  // V8 started a full marking of the JS heap for every 64 MB of growth: in examples/lstm_lm,
  // whose logits alone are 82 MB, 40 full collections in 30 steps. Other devices' tensors
  // are still reported: V8's collections are what frees their memory in time.
  const int64_t external = paced && tensor.is_cpu() ? 0 : bytes;
  auto* holder = new TensorHolder{std::move(tensor), external};
  napi_value result;
  if (napi_create_external(env, holder, finalizeTensor, nullptr, &result) != napi_ok) {
    delete holder;
    throw PendingJsError{};
  }
  int64_t adjusted;
  if (external != 0) napi_adjust_external_memory(env, external, &adjusted);
  if (paced) *data->wrappedBytes += static_cast<double>(bytes);
  return result;
}

TensorHolder* holderOf(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
    throw ArgError{ErrorKind::Type, "expected a Tensor"};
  }
  return static_cast<TensorHolder*>(data);
}

napi_value wrapList(napi_env env, std::vector<at::Tensor> tensors) {
  napi_value result;
  check(env, napi_create_array_with_length(env, tensors.size(), &result));
  for (size_t i = 0; i < tensors.size(); i++) {
    check(env, napi_set_element(env, result, static_cast<uint32_t>(i), wrap(env, std::move(tensors[i]))));
  }
  return result;
}

namespace {

// dispose(t, quiet?): frees the tensor now; the handle stays, and using it again is an
// error, as is disposing it again unless quiet.
napi_value dispose(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    TensorHolder* holder = holderOf(env, args[0]);
    if (!holder->tensor.defined()) {
      if (!isNullish(env, args[1]) && boolArg(env, args[1])) return jsUndefined(env);
      throw ArgError{ErrorKind::Runtime, "this tensor has been disposed already"};
    }
    holder->tensor.reset();
    int64_t adjusted;
    if (holder->accounted != 0) napi_adjust_external_memory(env, -holder->accounted, &adjusted);
    holder->accounted = 0;
    return jsUndefined(env);
  });
}

// setWrappedBytesCounter(counter: Float64Array): wrap() adds each new tensor's bytes to
// counter[0]. The array is kept alive by a reference for the life of the environment.
napi_value setWrappedBytesCounter(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    napi_typedarray_type type;
    size_t length = 0;
    void* bytes = nullptr;
    check(env, napi_get_typedarray_info(env, args[0], &type, &length, &bytes, nullptr, nullptr));
    if (type != napi_float64_array || length < 1) throw ArgError{ErrorKind::Type, "expected a Float64Array"};
    InstanceData* data = instance(env);
    if (data->wrappedBytesArray) napi_delete_reference(env, data->wrappedBytesArray);
    check(env, napi_create_reference(env, args[0], 1, &data->wrappedBytesArray));
    data->wrappedBytes = static_cast<double*>(bytes);
    return jsUndefined(env);
  });
}

}  // namespace

void registerHandle(Exports& exports) {
  add(exports, "dispose", dispose);
  add(exports, "setWrappedBytesCounter", setWrappedBytesCounter);
}

}  // namespace torchts
