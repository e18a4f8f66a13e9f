// torch.distributed's NCCL backend: c10d::ProcessGroupNCCL from libtorch_cuda, on the same Store,
// rank and size plumbing as gloo's (native/distributed.cc), wrapped as a backend handle that every
// collective there takes. Compiled in only where CMakeLists.txt found torch_cuda, nccl.h and
// complete CUDA runtime headers (TORCHTS_WITH_NCCL); elsewhere distNcclAvailable says false and
// nothing of NCCL is built, as for a torch built without NCCL.
#ifdef TORCHTS_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "distributed.h"

namespace torchts {
namespace {

napi_value ncclAvailable(napi_env env, napi_callback_info info) {
#ifdef TORCHTS_WITH_NCCL
  return jsBool(env, true);
#else
  return jsBool(env, false);
#endif
}

#ifdef TORCHTS_WITH_NCCL
// ncclCreate(store, rank, size, timeoutMs, isHighPriorityStream, groupName, globalRanks): Python's
// ProcessGroupNCCL(backend_prefix_store, group_rank, group_size, options). Without a GPU its
// constructor raises Python's ValueError ("ProcessGroupNCCL is only supported with GPUs, no GPUs
// found!").
napi_value ncclCreate(napi_env env, napi_callback_info info) {
  return distGuard(env, [&] {
    Args<7> args(env, info);
    auto& store = storeArg(env, args[0]);
    int rank = static_cast<int>(intArg(env, args[1]));
    int size = static_cast<int>(intArg(env, args[2]));
    auto opts = c10d::ProcessGroupNCCL::Options::create(boolArg(env, args[4]));
    opts->timeout = msArg(env, args[3]);
    opts->group_name = stringArg(env, args[5]);
    for (int64_t r : intListArg(env, args[6])) opts->global_ranks_in_group.push_back(static_cast<uint64_t>(r));
    auto pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, opts);
    pg->setSequenceNumberForGroup();
    return backendValue(env, pg);
  });
}
#endif

}  // namespace

void registerNccl(Exports& list) {
  add(list, "distNcclAvailable", ncclAvailable);
#ifdef TORCHTS_WITH_NCCL
  add(list, "distNcclCreate", ncclCreate);
#endif
}

}  // namespace torchts
