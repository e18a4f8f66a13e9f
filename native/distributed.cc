// torch.distributed on LibTorch's c10d (lib/distributed/): TCPStore, PrefixStore and
// ProcessGroupGloo, each behind an external that keeps an intrusive_ptr, and Work handles for
// the collectives. Every collective starts asynchronously on gloo's threads and returns its
// Work; lib/distributed waits on it at once unless async_op is set. Waiting blocks the JS
// thread, as Python's collectives block the interpreter; gloo's own timeout (the group's
// `timeout`) bounds every wait, so nothing hangs beyond it.
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "distributed.h"
#include "op_args.h"

namespace torchts {
namespace {

using std::chrono::milliseconds;

// Externals carry a type tag so that a handle of one kind is never read as another.
constexpr napi_type_tag kStoreTag = {0x7c0d5709e1a54b21ULL, 0x9a1f0c3db6e24f01ULL};
constexpr napi_type_tag kGroupTag = {0x7c0d5709e1a54b21ULL, 0x9a1f0c3db6e24f02ULL};
constexpr napi_type_tag kWorkTag = {0x7c0d5709e1a54b21ULL, 0x9a1f0c3db6e24f03ULL};
constexpr napi_type_tag kProcessGroupTag = {0x7c0d5709e1a54b21ULL, 0x9a1f0c3db6e24f04ULL};

template <typename T>
napi_value wrapPtr(napi_env env, c10::intrusive_ptr<T> ptr, const napi_type_tag& tag) {
  auto* holder = new c10::intrusive_ptr<T>(std::move(ptr));
  napi_value result;
  if (napi_create_external(
          env, holder, [](napi_env, void* data, void*) { delete static_cast<c10::intrusive_ptr<T>*>(data); },
          nullptr, &result) != napi_ok) {
    delete holder;
    throw PendingJsError{};
  }
  check(env, napi_type_tag_object(env, result, &tag));
  return result;
}

template <typename T>
c10::intrusive_ptr<T>& ptrArg(napi_env env, napi_value value, const napi_type_tag& tag, const char* what) {
  bool ok = false;
  if (typeOf(env, value) == napi_external) check(env, napi_check_object_type_tag(env, value, &tag, &ok));
  if (!ok) throw ArgError{ErrorKind::Type, std::string("expected a ") + what};
  void* data;
  check(env, napi_get_value_external(env, value, &data));
  auto& ptr = *static_cast<c10::intrusive_ptr<T>*>(data);
  if (!ptr) throw ArgError{ErrorKind::Runtime, std::string("this ") + what + " has been destroyed"};
  return ptr;
}

// A backend (gloo's, or NCCL's from native/nccl.cc): the collectives below run on either.
c10::intrusive_ptr<c10d::Backend>& groupArg(napi_env env, napi_value v) {
  return ptrArg<c10d::Backend>(env, v, kGroupTag, "ProcessGroup");
}
c10::intrusive_ptr<c10d::Work>& workArg(napi_env env, napi_value v) {
  return ptrArg<c10d::Work>(env, v, kWorkTag, "Work");
}


c10d::ReduceOp reduceOpArg(napi_env env, napi_value v) {
  int64_t op = intArg(env, v);
  if (op < 0 || op > c10d::ReduceOp::BXOR) throw ArgError{ErrorKind::Value, "unknown ReduceOp"};
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(op));
}

std::vector<std::vector<at::Tensor>> tensorListListArg(napi_env env, napi_value value) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of tensor lists"};
  std::vector<std::vector<at::Tensor>> result;
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result.push_back(tensorListArg(env, element));
  }
  return result;
}

// torch.distributed's error classes (DistError and its DistBackendError, DistNetworkError,
// DistStoreError), per environment, set by lib/distributed at load.
std::mutex errorClassesMutex;
std::unordered_map<napi_env, std::array<napi_ref, 4>> errorClasses;

}  // namespace

void throwDist(napi_env env, int kind, const c10::Error& e) {
  napi_ref ref = nullptr;
  {
    std::lock_guard<std::mutex> lock(errorClassesMutex);
    auto it = errorClasses.find(env);
    if (it != errorClasses.end()) ref = it->second[kind];
  }
  napi_value cls, msg, error;
  const char* message = messageOf(e);
  if (ref && napi_get_reference_value(env, ref, &cls) == napi_ok && cls &&
      napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg) == napi_ok &&
      napi_new_instance(env, cls, 1, &msg, &error) == napi_ok) {
    napi_throw(env, error);
    throw PendingJsError{};
  }
  throw;  // not registered: guard makes it a RuntimeError
}

namespace {

napi_value setErrorClasses(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    static const char* names[] = {"DistError", "DistBackendError", "DistNetworkError", "DistStoreError"};
    std::array<napi_ref, 4> refs{};
    for (int i = 0; i < 4; i++) {
      napi_value cls;
      check(env, napi_get_named_property(env, args[0], names[i], &cls));
      check(env, napi_create_reference(env, cls, 1, &refs[i]));
    }
    std::lock_guard<std::mutex> lock(errorClassesMutex);
    auto it = errorClasses.find(env);
    if (it == errorClasses.end()) {
      napi_add_env_cleanup_hook(env, [](void* arg) {
        std::lock_guard<std::mutex> lock(errorClassesMutex);
        errorClasses.erase(static_cast<napi_env>(arg));
      }, env);
    } else {
      for (napi_ref r : it->second) napi_delete_reference(env, r);
    }
    errorClasses[env] = refs;
    return jsUndefined(env);
  });
}

napi_value workValue(napi_env env, c10::intrusive_ptr<c10d::Work> work) { return wrapPtr(env, std::move(work), kWorkTag); }

// ---- stores ----

// tcpStoreCreate(host, port, isServer, worldSize | null, timeoutMs, waitWorkers, useLibUV, multiTenant)
napi_value tcpStoreCreate(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<8> args(env, info);
    c10d::TCPStoreOptions opts;
    int64_t port = intArg(env, args[1]);
    if (port < 0 || port > 65535) throw ArgError{ErrorKind::Value, "port must be in [0, 65535], got " + std::to_string(port)};
    opts.port = static_cast<uint16_t>(port);
    opts.isServer = boolArg(env, args[2]);
    if (!isNullish(env, args[3])) opts.numWorkers = static_cast<size_t>(intArg(env, args[3]));
    opts.timeout = msArg(env, args[4]);
    opts.waitWorkers = boolArg(env, args[5]);
    opts.useLibUV = boolArg(env, args[6]);
    opts.multiTenant = boolArg(env, args[7]);
    auto store = c10::make_intrusive<c10d::TCPStore>(stringArg(env, args[0]), opts);
    return wrapPtr<c10d::Store>(env, store, kStoreTag);
  });
}

napi_value tcpStorePort(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    auto* tcp = dynamic_cast<c10d::TCPStore*>(storeArg(env, args[0]).get());
    TORCH_CHECK(tcp, "not a TCPStore");
    return jsNumber(env, tcp->getPort());
  });
}

napi_value prefixStoreCreate(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    auto store = c10::make_intrusive<c10d::PrefixStore>(stringArg(env, args[0]), storeArg(env, args[1]));
    return wrapPtr<c10d::Store>(env, store, kStoreTag);
  });
}

std::vector<uint8_t> bytesArg(napi_env env, napi_value value) {
  if (typeOf(env, value) == napi_string) {
    std::string s = stringArg(env, value);
    return std::vector<uint8_t>(s.begin(), s.end());
  }
  bool isTyped = false;
  check(env, napi_is_typedarray(env, value, &isTyped));
  if (!isTyped) throw ArgError{ErrorKind::Type, "expected a string or a Uint8Array"};
  napi_typedarray_type type;
  size_t length;
  void* data;
  check(env, napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr));
  if (type != napi_uint8_array && type != napi_uint8_clamped_array) throw ArgError{ErrorKind::Type, "expected a string or a Uint8Array"};
  auto* bytes = static_cast<uint8_t*>(data);
  return std::vector<uint8_t>(bytes, bytes + length);
}

napi_value jsBytes(napi_env env, const std::vector<uint8_t>& bytes) {
  napi_value result;
  void* out;
  check(env, napi_create_buffer_copy(env, bytes.size(), bytes.data(), &out, &result));
  return result;
}

napi_value storeSet(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    storeArg(env, args[0])->set(stringArg(env, args[1]), bytesArg(env, args[2]));
    return jsUndefined(env);
  });
}

napi_value storeGet(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    return jsBytes(env, storeArg(env, args[0])->get(stringArg(env, args[1])));
  });
}

napi_value storeAdd(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    return jsNumber(env, static_cast<double>(storeArg(env, args[0])->add(stringArg(env, args[1]), intArg(env, args[2]))));
  });
}

napi_value storeCompareSet(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    return jsBytes(env, storeArg(env, args[0])->compareSet(stringArg(env, args[1]), bytesArg(env, args[2]), bytesArg(env, args[3])));
  });
}

std::vector<std::string> stringListArg(napi_env env, napi_value value) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected a list of keys"};
  std::vector<std::string> result;
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result.push_back(stringArg(env, element));
  }
  return result;
}

// storeWait(store, keys, timeoutMs | null)
napi_value storeWait(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    auto& store = storeArg(env, args[0]);
    auto keys = stringListArg(env, args[1]);
    if (isNullish(env, args[2])) store->wait(keys);
    else store->wait(keys, msArg(env, args[2]));
    return jsUndefined(env);
  });
}

napi_value storeCheck(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    return jsBool(env, storeArg(env, args[0])->check(stringListArg(env, args[1])));
  });
}

napi_value storeDeleteKey(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    return jsBool(env, storeArg(env, args[0])->deleteKey(stringArg(env, args[1])));
  });
}

napi_value storeNumKeys(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(storeArg(env, args[0])->getNumKeys()));
  });
}

napi_value storeSetTimeout(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    storeArg(env, args[0])->setTimeout(msArg(env, args[1]));
    return jsUndefined(env);
  });
}

napi_value storeTimeout(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, static_cast<double>(storeArg(env, args[0])->getTimeout().count()));
  });
}

// ---- the gloo process group ----

// glooCreate(store, rank, size, timeoutMs): a device on GLOO_SOCKET_IFNAME when set, else on
// this host's address (loopback when the hostname does not resolve), as Python does.
napi_value glooCreate(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto& store = storeArg(env, args[0]);
    int64_t rank = intArg(env, args[1]);
    int64_t size = intArg(env, args[2]);
    auto opts = c10d::ProcessGroupGloo::Options::create(msArg(env, args[3]));
    const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
    if (ifname && *ifname) {
      opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    } else {
      opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    auto pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, static_cast<int>(rank), static_cast<int>(size), opts);
    return backendValue(env, pg);
  });
}

// Drops the group's reference now (its threads and sockets go with the last one).
napi_value glooDestroy(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    void* data;
    check(env, napi_get_value_external(env, args[0], &data));
    static_cast<c10::intrusive_ptr<c10d::Backend>*>(data)->reset();
    return jsUndefined(env);
  });
}

napi_value glooAllreduce(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    c10d::AllreduceOptions opts;
    opts.reduceOp = reduceOpArg(env, args[2]);
    return workValue(env, groupArg(env, args[0])->allreduce(tensors, opts));
  });
}

// glooBroadcast(pg, tensors, root)
napi_value glooBroadcast(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    c10d::BroadcastOptions opts;
    opts.rootRank = intArg(env, args[2]);
    return workValue(env, groupArg(env, args[0])->broadcast(tensors, opts));
  });
}

// glooReduce(pg, tensors, root, op)
napi_value glooReduce(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    c10d::ReduceOptions opts;
    opts.rootRank = intArg(env, args[2]);
    opts.reduceOp = reduceOpArg(env, args[3]);
    return workValue(env, groupArg(env, args[0])->reduce(tensors, opts));
  });
}

// glooAllgather(pg, outputs[[...]], inputs[...])
napi_value glooAllgather(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    auto outputs = tensorListListArg(env, args[1]);
    auto inputs = tensorListArg(env, args[2]);
    return workValue(env, groupArg(env, args[0])->allgather(outputs, inputs, c10d::AllgatherOptions()));
  });
}

// glooAllgatherBase(pg, output, input)
napi_value glooAllgatherBase(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    at::Tensor output = tensorArg(env, args[1]);
    at::Tensor input = tensorArg(env, args[2]);
    return workValue(env, groupArg(env, args[0])->_allgather_base(output, input, c10d::AllgatherOptions()));
  });
}

// glooGather(pg, outputs[[...]] (empty off the root), inputs[...], root)
napi_value glooGather(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto outputs = tensorListListArg(env, args[1]);
    auto inputs = tensorListArg(env, args[2]);
    c10d::GatherOptions opts;
    opts.rootRank = intArg(env, args[3]);
    return workValue(env, groupArg(env, args[0])->gather(outputs, inputs, opts));
  });
}

// glooScatter(pg, outputs[...], inputs[[...]] (empty off the root), root)
napi_value glooScatter(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto outputs = tensorListArg(env, args[1]);
    auto inputs = tensorListListArg(env, args[2]);
    c10d::ScatterOptions opts;
    opts.rootRank = intArg(env, args[3]);
    return workValue(env, groupArg(env, args[0])->scatter(outputs, inputs, opts));
  });
}

// glooReduceScatter(pg, outputs[...], inputs[[...]], op)
napi_value glooReduceScatter(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto outputs = tensorListArg(env, args[1]);
    auto inputs = tensorListListArg(env, args[2]);
    c10d::ReduceScatterOptions opts;
    opts.reduceOp = reduceOpArg(env, args[3]);
    return workValue(env, groupArg(env, args[0])->reduce_scatter(outputs, inputs, opts));
  });
}

// glooReduceScatterBase(pg, output, input, op)
napi_value glooReduceScatterBase(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    at::Tensor output = tensorArg(env, args[1]);
    at::Tensor input = tensorArg(env, args[2]);
    c10d::ReduceScatterOptions opts;
    opts.reduceOp = reduceOpArg(env, args[3]);
    return workValue(env, groupArg(env, args[0])->_reduce_scatter_base(output, input, opts));
  });
}

// glooAlltoallBase(pg, output, input, outputSplits, inputSplits)
napi_value glooAlltoallBase(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<5> args(env, info);
    at::Tensor output = tensorArg(env, args[1]);
    at::Tensor input = tensorArg(env, args[2]);
    auto outSplits = intListArg(env, args[3]);
    auto inSplits = intListArg(env, args[4]);
    return workValue(env, groupArg(env, args[0])->alltoall_base(output, input, outSplits, inSplits, c10d::AllToAllOptions()));
  });
}

// glooAlltoall(pg, outputs[...], inputs[...])
napi_value glooAlltoall(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<3> args(env, info);
    auto outputs = tensorListArg(env, args[1]);
    auto inputs = tensorListArg(env, args[2]);
    return workValue(env, groupArg(env, args[0])->alltoall(outputs, inputs, c10d::AllToAllOptions()));
  });
}

// glooSend(pg, tensors, dst, tag)
napi_value glooSend(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    return workValue(env, groupArg(env, args[0])->send(tensors, static_cast<int>(intArg(env, args[2])), static_cast<int>(intArg(env, args[3]))));
  });
}

// glooRecv(pg, tensors, src | null, tag): from any source when src is null.
napi_value glooRecv(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<4> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    int tag = static_cast<int>(intArg(env, args[3]));
    auto& pg = groupArg(env, args[0]);
    if (isNullish(env, args[2])) return workValue(env, pg->recvAnysource(tensors, tag));
    return workValue(env, pg->recv(tensors, static_cast<int>(intArg(env, args[2])), tag));
  });
}

napi_value glooBarrier(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return workValue(env, groupArg(env, args[0])->barrier(c10d::BarrierOptions()));
  });
}

// processGroupCreate(cpuBackend | null, cudaBackend | null, store, rank, size, cudaIsNccl): a
// c10d::ProcessGroup with gloo for CPU and, for CUDA, NCCL (cudaIsNccl) or gloo, as Python's
// init_process_group makes, for what takes a ProcessGroup (the Reducer, broadcast_coalesced).
// Its default backend is NCCL where NCCL is one, else gloo, as in Python.
napi_value processGroupCreate(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<6> args(env, info);
    using Type = c10d::ProcessGroup::BackendType;
    auto pg = c10::make_intrusive<c10d::ProcessGroup>(storeArg(env, args[2]), static_cast<int>(intArg(env, args[3])),
                                                       static_cast<int>(intArg(env, args[4])));
    Type cudaType = boolArg(env, args[5]) ? Type::NCCL : Type::GLOO;
    pg->setDefaultBackend(cudaType == Type::NCCL ? Type::NCCL : Type::GLOO);
    if (!isNullish(env, args[0])) pg->setBackend(c10::DeviceType::CPU, Type::GLOO, groupArg(env, args[0]));
    if (!isNullish(env, args[1])) pg->setBackend(c10::DeviceType::CUDA, cudaType, groupArg(env, args[1]));
    return wrapPtr(env, pg, kProcessGroupTag);
  });
}

// ---- Work ----

// workWait(work, timeoutMs | null): blocks; rethrows what the collective failed with.
napi_value workWait(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<2> args(env, info);
    auto& work = workArg(env, args[0]);
    bool done = isNullish(env, args[1]) ? work->wait() : work->wait(msArg(env, args[1]));
    return jsBool(env, done);
  });
}

napi_value workIsCompleted(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, workArg(env, args[0])->isCompleted());
  });
}

napi_value workIsSuccess(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, workArg(env, args[0])->isSuccess());
  });
}

napi_value workSourceRank(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return jsNumber(env, workArg(env, args[0])->sourceRank());
  });
}

napi_value workResult(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<1> args(env, info);
    return wrapList(env, workArg(env, args[0])->result());
  });
}

}  // namespace

c10::intrusive_ptr<c10d::ProcessGroup>& processGroupArg(napi_env env, napi_value value) {
  return ptrArg<c10d::ProcessGroup>(env, value, kProcessGroupTag, "ProcessGroup");
}
c10::intrusive_ptr<c10d::Store>& storeArg(napi_env env, napi_value v) {
  return ptrArg<c10d::Store>(env, v, kStoreTag, "Store");
}
napi_value backendValue(napi_env env, c10::intrusive_ptr<c10d::Backend> backend) {
  return wrapPtr(env, std::move(backend), kGroupTag);
}
milliseconds msArg(napi_env env, napi_value v) { return milliseconds(static_cast<int64_t>(doubleArg(env, v))); }

void registerDistributed(Exports& list) {
  add(list, "distProcessGroupCreate", processGroupCreate);
  registerReducer(list);
  registerNccl(list);
  add(list, "distSetErrorClasses", setErrorClasses);
  add(list, "distTcpStoreCreate", tcpStoreCreate);
  add(list, "distTcpStorePort", tcpStorePort);
  add(list, "distPrefixStoreCreate", prefixStoreCreate);
  add(list, "distStoreSet", storeSet);
  add(list, "distStoreGet", storeGet);
  add(list, "distStoreAdd", storeAdd);
  add(list, "distStoreCompareSet", storeCompareSet);
  add(list, "distStoreWait", storeWait);
  add(list, "distStoreCheck", storeCheck);
  add(list, "distStoreDeleteKey", storeDeleteKey);
  add(list, "distStoreNumKeys", storeNumKeys);
  add(list, "distStoreSetTimeout", storeSetTimeout);
  add(list, "distStoreTimeout", storeTimeout);
  add(list, "distGlooCreate", glooCreate);
  add(list, "distGlooDestroy", glooDestroy);
  add(list, "distAllreduce", glooAllreduce);
  add(list, "distBroadcast", glooBroadcast);
  add(list, "distReduce", glooReduce);
  add(list, "distAllgather", glooAllgather);
  add(list, "distAllgatherBase", glooAllgatherBase);
  add(list, "distGather", glooGather);
  add(list, "distScatter", glooScatter);
  add(list, "distReduceScatter", glooReduceScatter);
  add(list, "distReduceScatterBase", glooReduceScatterBase);
  add(list, "distAlltoallBase", glooAlltoallBase);
  add(list, "distAlltoall", glooAlltoall);
  add(list, "distSend", glooSend);
  add(list, "distRecv", glooRecv);
  add(list, "distBarrier", glooBarrier);
  add(list, "distWorkWait", workWait);
  add(list, "distWorkIsCompleted", workIsCompleted);
  add(list, "distWorkIsSuccess", workIsSuccess);
  add(list, "distWorkSourceRank", workSourceRank);
  add(list, "distWorkResult", workResult);
}

}  // namespace torchts
