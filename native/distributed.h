// What native/distributed.cc shares with native/reducer.cc.
#pragma once

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include "common.h"

namespace torchts {

// A c10d::ProcessGroup made by distProcessGroupCreate (TypeError for anything else).
c10::intrusive_ptr<c10d::ProcessGroup>& processGroupArg(napi_env env, napi_value value);
// DDP's natives (native/reducer.cc), registered with the rest of torch.distributed.
void registerReducer(Exports& list);

}  // namespace torchts
