// setThreadIntraOpThreads(n): the calling thread's OpenMP team size for LibTorch's intra-op
// parallelism, as Python's DataLoader worker does torch.set_num_threads(1), but for this thread
// only. at::set_num_threads cannot be used from a worker thread: it also sets the process-wide
// count (and MKL's global one), so the main thread would drop to one thread too. OpenMP's
// nthreads-var is per thread; LibTorch's lazy per-thread init (which would reset it) is run
// first. Returns false where LibTorch has no OpenMP runtime loaded (nothing is changed).
#include <ATen/Parallel.h>
#include <dlfcn.h>

#include "common.h"

namespace torchts {
namespace {

napi_value setThreadIntraOpThreads(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    int32_t n = 0;
    check(env, napi_get_value_int32(env, args[0], &n));
    if (n < 1) throw ArgError{ErrorKind::Value, "setThreadIntraOpThreads: n must be positive"};
    using SetNumThreads = void (*)(int);
    static SetNumThreads ompSet = [] {
      void* gomp = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
      return gomp ? reinterpret_cast<SetNumThreads>(dlsym(gomp, "omp_set_num_threads")) : nullptr;
    }();
    bool done = false;
    if (ompSet) {
      (void)at::get_num_threads();  // LibTorch's lazy init of this thread's count, before ours
      ompSet(n);
      done = true;
    }
    napi_value result;
    check(env, napi_get_boolean(env, done, &result));
    return result;
  });
}

}  // namespace

void registerIntraOpThreads(Exports& exports) {
  add(exports, "setThreadIntraOpThreads", setThreadIntraOpThreads);
}

}  // namespace torchts
