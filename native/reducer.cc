// DistributedDataParallel's natives (lib/nn/parallel/distributed.ts): LibTorch's c10d::Reducer,
// which hooks each parameter's AccumulateGrad node and all-reduces gradients in buckets while
// backward runs, as in Python; compute_bucket_assignment_by_size, broadcast_coalesced and
// verify_params_across_processes, which Python's DDP calls at construction.
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>

#include <limits>

#include "distributed.h"
#include "op_args.h"

namespace torchts {
namespace {

constexpr napi_type_tag kReducerTag = {0x7c0d5709e1a54b21ULL, 0x9a1f0c3db6e24f05ULL};

std::shared_ptr<c10d::Reducer>& reducerArg(napi_env env, napi_value value) {
  bool ok = false;
  if (typeOf(env, value) == napi_external) check(env, napi_check_object_type_tag(env, value, &kReducerTag, &ok));
  if (!ok) throw ArgError{ErrorKind::Type, "expected a Reducer"};
  void* data;
  check(env, napi_get_value_external(env, value, &data));
  return *static_cast<std::shared_ptr<c10d::Reducer>*>(data);
}

// A list of sizes; a negative one stands for Python's sys.maxsize.
std::vector<size_t> sizeListArg(napi_env env, napi_value value) {
  std::vector<size_t> out;
  for (int64_t v : intListArg(env, value)) out.push_back(v < 0 ? std::numeric_limits<int64_t>::max() : static_cast<size_t>(v));
  return out;
}

std::vector<bool> boolListArg(napi_env env, napi_value value) {
  uint32_t length;
  check(env, napi_get_array_length(env, value, &length));
  std::vector<bool> out;
  for (uint32_t i = 0; i < length; i++) {
    napi_value e;
    check(env, napi_get_element(env, value, i, &e));
    out.push_back(boolArg(env, e));
  }
  return out;
}

std::vector<std::vector<size_t>> indexListsArg(napi_env env, napi_value value) {
  uint32_t length;
  check(env, napi_get_array_length(env, value, &length));
  std::vector<std::vector<size_t>> out;
  for (uint32_t i = 0; i < length; i++) {
    napi_value e;
    check(env, napi_get_element(env, value, i, &e));
    std::vector<size_t> bucket;
    for (int64_t v : intListArg(env, e)) bucket.push_back(static_cast<size_t>(v));
    out.push_back(std::move(bucket));
  }
  return out;
}

napi_value jsSizes(napi_env env, const std::vector<size_t>& values) {
  std::vector<int64_t> v;
  for (size_t x : values) v.push_back(x >= static_cast<size_t>(std::numeric_limits<int64_t>::max()) ? -1 : static_cast<int64_t>(x));
  return jsIntArray(env, v);
}

// broadcastCoalesced(pg, tensors, bufferSize, rank): dist._broadcast_coalesced.
napi_value broadcastCoalesced(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<4> args(env, info);
    auto tensors = tensorListArg(env, args[1]);
    c10d::broadcast_coalesced(processGroupArg(env, args[0]), tensors, static_cast<size_t>(intArg(env, args[2])),
                              static_cast<int>(intArg(env, args[3])));
    return jsUndefined(env);
  });
}

napi_value verifyParams(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    c10d::verify_params_across_processes(processGroupArg(env, args[0]), tensorListArg(env, args[1]), std::nullopt);
    return jsUndefined(env);
  });
}

// computeBucketAssignment(tensors, limits, expectSparse) -> [bucket indices, per-bucket limits]
napi_value computeBucketAssignment(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> args(env, info);
    auto [indices, limits] = c10d::compute_bucket_assignment_by_size(tensorListArg(env, args[0]), sizeListArg(env, args[1]),
                                                                     boolListArg(env, args[2]));
    napi_value list, result;
    check(env, napi_create_array_with_length(env, indices.size(), &list));
    for (size_t i = 0; i < indices.size(); i++) check(env, napi_set_element(env, list, i, jsSizes(env, indices[i])));
    check(env, napi_create_array_with_length(env, 2, &result));
    check(env, napi_set_element(env, result, 0, list));
    check(env, napi_set_element(env, result, 1, jsSizes(env, limits)));
    return result;
  });
}

// reducerCreate(params, bucketIndices, pg, expectSparse, bucketBytesCap, findUnused,
//               gradientAsBucketView, firstBucketBytesCap, bucketBytesCapList)
napi_value reducerCreate(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<9> args(env, info);
    std::vector<int64_t> capList = intListArg(env, args[8]);
    auto reducer = std::make_shared<c10d::Reducer>(
        tensorListArg(env, args[0]), indexListsArg(env, args[1]), processGroupArg(env, args[2]), boolListArg(env, args[3]),
        intArg(env, args[4]), boolArg(env, args[5]), boolArg(env, args[6]), std::unordered_map<size_t, std::string>(),
        intArg(env, args[7]), false, false, capList);
    auto* holder = new std::shared_ptr<c10d::Reducer>(std::move(reducer));
    napi_value result;
    if (napi_create_external(
            env, holder, [](napi_env, void* data, void*) { delete static_cast<std::shared_ptr<c10d::Reducer>*>(data); }, nullptr,
            &result) != napi_ok) {
      delete holder;
      throw PendingJsError{};
    }
    check(env, napi_type_tag_object(env, result, &kReducerTag));
    return result;
  });
}

napi_value reducerPrepareForForward(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    reducerArg(env, args[0])->prepare_for_forward();
    return jsUndefined(env);
  });
}

napi_value reducerPrepareForBackward(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    reducerArg(env, args[0])->prepare_for_backward(tensorListArg(env, args[1]));
    return jsUndefined(env);
  });
}

napi_value reducerRebuildBuckets(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, reducerArg(env, args[0])->rebuild_buckets());
  });
}

napi_value reducerSetStaticGraph(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    reducerArg(env, args[0])->set_static_graph();
    return jsUndefined(env);
  });
}

// reducerDelayAllReduceOn(reducer, output): static_graph's first backward, as Python's _DDPSink:
// when the gradient reaches `output`, queue the reducer's delay_all_reduce for the end of
// backward.
napi_value reducerDelayAllReduceOn(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    std::weak_ptr<c10d::Reducer> weak = reducerArg(env, args[0]);
    at::Tensor output = tensorArg(env, args[1]);
    auto queued = std::make_shared<bool>(false);
    output.register_hook([weak, queued](const at::Tensor& grad) {
      if (!*queued) {
        *queued = true;
        torch::autograd::Engine::get_default_engine().queue_callback([weak] {
          if (auto r = weak.lock()) r->delay_all_reduce();
        });
      }
      return grad;
    });
    return jsUndefined(env);
  });
}

}  // namespace

void registerReducer(Exports& list) {
  add(list, "distBroadcastCoalesced", broadcastCoalesced);
  add(list, "distVerifyParams", verifyParams);
  add(list, "distComputeBucketAssignment", computeBucketAssignment);
  add(list, "distReducerCreate", reducerCreate);
  add(list, "distReducerPrepareForForward", reducerPrepareForForward);
  add(list, "distReducerPrepareForBackward", reducerPrepareForBackward);
  add(list, "distReducerRebuildBuckets", reducerRebuildBuckets);
  add(list, "distReducerSetStaticGraph", reducerSetStaticGraph);
  add(list, "distReducerDelayAllReduceOn", reducerDelayAllReduceOn);
}

}  // namespace torchts
