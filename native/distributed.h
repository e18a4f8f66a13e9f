// What native/distributed.cc shares with native/reducer.cc and native/nccl.cc.
#pragma once

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>

#include <chrono>

#include "common.h"

namespace torchts {

// A c10d::ProcessGroup made by distProcessGroupCreate (TypeError for anything else).
c10::intrusive_ptr<c10d::ProcessGroup>& processGroupArg(napi_env env, napi_value value);
// A Store made by distTcpStoreCreate or distPrefixStoreCreate.
c10::intrusive_ptr<c10d::Store>& storeArg(napi_env env, napi_value value);
// A backend (gloo's or NCCL's) as the handle every collective takes.
napi_value backendValue(napi_env env, c10::intrusive_ptr<c10d::Backend> backend);
// A JS number of milliseconds.
std::chrono::milliseconds msArg(napi_env env, napi_value value);
// Throws torch.distributed's error class number `kind` (DistError, DistBackendError,
// DistNetworkError, DistStoreError) for `e`; rethrows it when they are not registered.
[[noreturn]] void throwDist(napi_env env, int kind, const c10::Error& e);

// guard(), with c10d's error classes becoming torch.distributed's.
template <typename F>
napi_value distGuard(napi_env env, F&& body) {
  return guard(env, [&]() -> napi_value {
    try {
      return body();
    } catch (const c10::DistNetworkError& e) {
      throwDist(env, 2, e);
    } catch (const c10::DistStoreError& e) {
      throwDist(env, 3, e);
    } catch (const c10::DistBackendError& e) {
      throwDist(env, 1, e);
    } catch (const c10::DistError& e) {
      throwDist(env, 0, e);
    }
  });
}

// DDP's natives (native/reducer.cc), registered with the rest of torch.distributed.
void registerReducer(Exports& list);
// NCCL's (native/nccl.cc): distNcclAvailable always, distNcclCreate where NCCL is compiled in.
void registerNccl(Exports& list);

}  // namespace torchts
