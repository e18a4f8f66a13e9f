// The CPU allocator torchts installs in LibTorch (c10::SetCPUAllocator): LibTorch's own
// alloc_cpu/free_cpu underneath, with a bounded cache of freed blocks kept by size class.
//
// Why: Python frees a temporary at its last reference and the next op of the same size gets
// the same, cache-warm block back from malloc. Here a tensor is freed when V8 collects its JS
// object, many at a time; glibc then hands large blocks back to the kernel (munmap, heap trim)
// and the next ops touch fresh pages (page faults, cold caches). The cache keeps those blocks
// for the next allocation of their size class, most recently freed first (blocks of 64 KiB and
// more; malloc serves the smaller ones well).
//
// Every block carries a 64-byte header before its data (its size class), so the deleter
// needs only the data pointer: DataPtr's context is the data itself, as for LibTorch's
// default allocator (raw_allocate and copy-on-write storage rely on that).
#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/alignment.h>
#include <c10/core/impl/alloc_cpu.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "common.h"

namespace torchts {

namespace {

constexpr size_t kHeader = c10::gAlignment > 64 ? c10::gAlignment : 64;
// Up to 4 KiB one size class per 64 bytes; above, eight per power of two, so that a block is at
// most 12.5% larger than asked.
constexpr int kClassesPerDoubling = 8;
constexpr size_t kSmallStep = 64;
constexpr size_t kSmallLimit = 4096;
constexpr int kSmallClasses = kSmallLimit / kSmallStep;  // classes 0..63 cover 64..4096 bytes
constexpr int kClasses = kSmallClasses + (64 - 12) * kClassesPerDoubling;
constexpr size_t kMaxBytes = size_t(1) << 60;
// Smaller blocks go back to malloc, which reuses them well (its thread caches and bins); kept
// here, they made later ops slower, even ones that allocate nothing (x.view 0.80 -> 1.09 us,
// x.sum 1.20 -> 1.60 us after a loop of small adds: the heap's layout, not our cache's cost).
constexpr size_t kMinCached = 64 * 1024;

struct Header {
  uint32_t size_class;
};

int sizeClassOf(size_t n) {
  if (n <= kSmallLimit) return n == 0 ? 0 : static_cast<int>((n - 1) / kSmallStep);
  int log2 = 63 - __builtin_clzll(n - 1);  // 2^log2 < n <= 2^(log2 + 1)
  size_t base = size_t(1) << log2;
  size_t step = base / kClassesPerDoubling;
  int sub = static_cast<int>((n - 1 - base) / step);  // 0..7
  return kSmallClasses + (log2 - 12) * kClassesPerDoubling + sub;
}

size_t classBytes(int size_class) {
  if (size_class < kSmallClasses) return (size_class + 1) * kSmallStep;
  int rel = size_class - kSmallClasses;
  size_t base = size_t(1) << (12 + rel / kClassesPerDoubling);
  return base + (rel % kClassesPerDoubling + 1) * (base / kClassesPerDoubling);
}

size_t envMegabytes(const char* name, size_t fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback << 20;
  char* end = nullptr;
  double mb = std::strtod(value, &end);
  if (end == value || !(mb >= 0)) return fallback << 20;
  return static_cast<size_t>(mb * (1 << 20));
}

// TORCHTS_CPU_CACHE_MB: the most the cache keeps, in MB (default 64: the examples train as fast
// as with 512, and a worker's freed tensors go back to the system); 0 keeps LibTorch's allocator.
size_t cacheLimit() { return envMegabytes("TORCHTS_CPU_CACHE_MB", 64); }

class CachingCPUAllocator final : public c10::Allocator {
 public:
  CachingCPUAllocator() : limit_(cacheLimit()) {}

  c10::DataPtr allocate(size_t n) override {
    // No machine has 2^60 bytes: let LibTorch's allocator fail with its own message (size
    // classes that large would overflow).
    if (n >= kMaxBytes) {
      c10::free_cpu(c10::alloc_cpu(n));
      TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n, " bytes");
    }
    int size_class = sizeClassOf(n);
    size_t bytes = classBytes(size_class);
    void* block = take(size_class, bytes);
    if (!block) {
      block = fresh(n, bytes);
      std::lock_guard<std::mutex> lock(mutex_);
      count(bytes);
    }
    static_cast<Header*>(block)->size_class = static_cast<uint32_t>(size_class);
    void* data = static_cast<char*>(block) + kHeader;
    return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &release; }

  void copy_data(void* dest, const void* src, std::size_t count) const override {
    default_copy_data(dest, src, count);
  }

  /** Frees every cached block (torch.cpu.empty_cache). */
  void emptyCache() { releaseCached(0); }

  /**
   * When a worker thread's environment ends: forget the high-water mark (the worker's tensors
   * are in it) and free cached blocks beyond the limit, as a worker process's memory goes back
   * to the system when it exits.
   */
  void forgetHighWater() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      high_water_ = allocated_;
    }
    releaseCached(limit_);
  }

  struct Stats {
    size_t allocated, cached, peak_allocated, peak_reserved, limit;
  };

  Stats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {allocated_, cached_, peak_allocated_, peak_reserved_, limit_};
  }

  void resetPeaks() {
    std::lock_guard<std::mutex> lock(mutex_);
    peak_allocated_ = allocated_;
    peak_reserved_ = allocated_ + cached_;
  }

  static CachingCPUAllocator& instance() {
    // Never destroyed: tensors may be freed during process exit, after static destructors.
    static auto* allocator = new CachingCPUAllocator();
    return *allocator;
  }

 private:
  // Frees cached blocks, largest classes first, until at most `keep` bytes stay cached.
  void releaseCached(size_t keep) {
    std::vector<void*> blocks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int size_class = kClasses - 1; size_class >= 0 && cached_ > keep; size_class--) {
        auto& free = free_[size_class];
        while (!free.empty() && cached_ > keep) {
          blocks.push_back(free.back());
          free.pop_back();
          cached_ -= classBytes(size_class);
        }
      }
    }
    for (void* block : blocks) c10::free_cpu(block);
  }

  // A cached block of the class (the most recently freed), counted as allocated; or null
  // (always for blocks too small to be cached).
  void* take(int size_class, size_t bytes) {
    if (bytes < kMinCached) return nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    auto& free = free_[size_class];
    if (free.empty()) return nullptr;
    void* block = free.back();
    free.pop_back();
    cached_ -= bytes;
    count(bytes);
    return block;
  }

  // What the cache may hold: the limit, or more while live and cached bytes together stay under
  // the most ever live at once. A process that once held N bytes of tensors keeps up to N
  // reserved, so blocks larger than the limit (examples/lstm_lm's 82 MB logits and their
  // gradients) are reused instead of going back to the kernel and faulting in again each step,
  // and the cache never takes the process above its own high-water mark by more than the limit.
  size_t cacheBound() const { return std::max(limit_, high_water_ - allocated_); }

  void count(size_t bytes) {
    allocated_ += bytes;
    high_water_ = std::max(high_water_, allocated_);
    peak_allocated_ = std::max(peak_allocated_, allocated_);
    peak_reserved_ = std::max(peak_reserved_, allocated_ + cached_);
  }

  // A new block from LibTorch's allocator. When memory runs out, the cache is released and the
  // allocation tried once more; then LibTorch's error goes to JS, which collects garbage and
  // retries the op (lib/memory.ts), naming the bytes asked for (not the block's, as Python).
  void* fresh(size_t n, size_t bytes) {
    try {
      return c10::alloc_cpu(bytes + kHeader);
    } catch (const c10::Error&) {
      emptyCache();
    }
    try {
      return c10::alloc_cpu(bytes + kHeader);
    } catch (const c10::Error& e) {
      std::string message = e.what_without_backtrace();
      const std::string asked = "allocate " + std::to_string(bytes + kHeader) + " bytes";
      if (auto at = message.find(asked); at != std::string::npos) {
        message.replace(at, asked.size(), "allocate " + std::to_string(n) + " bytes");
      }
      TORCH_CHECK(false, message);
    }
  }

  static void release(void* data) {
    if (!data) return;
    void* block = static_cast<char*>(data) - kHeader;
    instance().put(block, static_cast<Header*>(block)->size_class);
  }

  void put(void* block, int size_class) {
    size_t bytes = classBytes(size_class);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      allocated_ -= bytes;
      if (bytes >= kMinCached && cached_ + bytes <= cacheBound()) {
        free_[size_class].push_back(block);
        cached_ += bytes;
        return;
      }
    }
    c10::free_cpu(block);
  }

  std::mutex mutex_;
  std::array<std::vector<void*>, kClasses> free_;
  size_t allocated_ = 0, cached_ = 0, peak_allocated_ = 0, peak_reserved_ = 0;
  size_t high_water_ = 0;  // the most bytes ever live at once (not reset with the peaks)
  const size_t limit_;
};

// ---- exported ----

// cpuMemoryStats(): the allocator's byte counts, under the keys of torch.cuda.memory_stats().
napi_value cpuMemoryStats(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    const auto s = CachingCPUAllocator::instance().stats();
    napi_value result;
    check(env, napi_create_object(env, &result));
    auto set = [&](const char* key, size_t value) {
      check(env, napi_set_named_property(env, result, key, jsNumber(env, static_cast<double>(value))));
    };
    set("allocated_bytes.all.current", s.allocated);
    set("allocated_bytes.all.peak", s.peak_allocated);
    set("reserved_bytes.all.current", s.allocated + s.cached);
    set("reserved_bytes.all.peak", s.peak_reserved);
    set("cache_limit_bytes", s.limit);
    return result;
  });
}

// cpuAllocatedBytes(): bytes of live blocks, the number GC pacing reads (no object made).
napi_value cpuAllocatedBytes(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, static_cast<double>(CachingCPUAllocator::instance().stats().allocated)); });
}

napi_value cpuResetPeakMemoryStats(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    CachingCPUAllocator::instance().resetPeaks();
    return jsUndefined(env);
  });
}

napi_value cpuEmptyCache(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    CachingCPUAllocator::instance().emptyCache();
    return jsUndefined(env);
  });
}

}  // namespace

void cpuAllocatorEnvironmentEnded() {
  if (cacheLimit() != 0) CachingCPUAllocator::instance().forgetHighWater();
}

void installCpuAllocator() {
  if (cacheLimit() == 0) return;
  static std::once_flag once;
  std::call_once(once, [] { c10::SetCPUAllocator(&CachingCPUAllocator::instance(), /*priority=*/1); });
}

void registerCpuAllocator(Exports& exports) {
  add(exports, "cpuMemoryStats", cpuMemoryStats);
  add(exports, "cpuAllocatedBytes", cpuAllocatedBytes);
  add(exports, "cpuResetPeakMemoryStats", cpuResetPeakMemoryStats);
  add(exports, "cpuEmptyCache", cpuEmptyCache);
}

}  // namespace torchts
