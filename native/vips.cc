// torchvision.io's image codecs through libvips, the library sharp ships prebuilt on npm
// (@img/sharp-libvips-<platform>). sharp's own JS API is async only and torchvision.io is
// synchronous, so this file dlopen()s sharp's libvips at first use (lib/vision/vips.ts finds
// its path) and calls its C API directly. No libvips headers at build time: the few
// prototypes used are declared here.
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

#include "common.h"
#include "dlopen.h"

namespace torchts {
namespace {

struct VipsImage;  // opaque (a GObject)

// libvips's C API, as much of it as we call (libvips 8.x; varargs lists end with NULL).
struct VipsApi {
  int (*init)(const char* argv0);
  int (*concurrency_set)(int n);
  void (*cache_set_max)(int max);
  const char* (*error_buffer)();
  void (*error_clear)();
  int (*jpegload_buffer)(void* buf, size_t len, VipsImage** out, ...);
  int (*pngload_buffer)(void* buf, size_t len, VipsImage** out, ...);
  VipsImage* (*image_new_from_buffer)(const void* buf, size_t len, const char* options, ...);
  VipsImage* (*image_new_from_memory_copy)(const void* data, size_t size, int width, int height, int bands, int format);
  void* (*region_new)(VipsImage* image);
  void* (*region_fetch)(void* region, int left, int top, int width, int height, size_t* len);
  int (*image_get_width)(const VipsImage* image);
  int (*image_get_height)(const VipsImage* image);
  int (*image_get_bands)(const VipsImage* image);
  int (*image_get_format)(const VipsImage* image);
  int (*pngsave_buffer)(VipsImage* in, void** buf, size_t* len, ...);
  int (*jpegsave_buffer)(VipsImage* in, void** buf, size_t* len, ...);
  void (*g_object_unref)(void* object);
  void (*g_free)(void* mem);
};

VipsApi vips;
std::atomic<bool> loaded{false};
std::mutex loading;  // DataLoader worker threads may all load it at once

// VipsBandFormat and the enums of the options we pass.
constexpr int VIPS_FORMAT_UCHAR = 0;
constexpr int VIPS_FORMAT_USHORT = 2;
constexpr int VIPS_FAIL_ON_TRUNCATED = 1;
constexpr int VIPS_ACCESS_SEQUENTIAL = 2;
constexpr int VIPS_FOREIGN_SUBSAMPLE_ON = 1;
constexpr int VIPS_FOREIGN_KEEP_NONE = 0;

// The pending libvips error as a RuntimeError (libvips keeps a process-wide error buffer).
[[noreturn]] void fail(const std::string& what) {
  std::string message = vips.error_buffer();
  vips.error_clear();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw ArgError{ErrorKind::Runtime, what + (message.empty() ? "" : ": " + message)};
}

void requireLoaded() {
  if (!loaded) throw ArgError{ErrorKind::Runtime, "libvips is not loaded (lib/vision/vips.ts loads it)"};
}

// Unrefs a VipsImage when it goes out of scope.
struct ImageRef {
  VipsImage* image = nullptr;
  ~ImageRef() {
    if (image != nullptr) vips.g_object_unref(image);
  }
};

// vipsLoad(path): dlopen()s libvips-cpp and binds the API; idempotent.
napi_value vipsLoad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    std::lock_guard<std::mutex> lock(loading);
    if (loaded) return jsUndefined(env);
    std::string path = stringArg(env, args[0]);
    void* lib = openLibrary(path, "libvips");
    bindSymbol(lib, "libvips", "vips_init", vips.init);
    bindSymbol(lib, "libvips", "vips_concurrency_set", vips.concurrency_set);
    bindSymbol(lib, "libvips", "vips_cache_set_max", vips.cache_set_max);
    bindSymbol(lib, "libvips", "vips_error_buffer", vips.error_buffer);
    bindSymbol(lib, "libvips", "vips_error_clear", vips.error_clear);
    bindSymbol(lib, "libvips", "vips_jpegload_buffer", vips.jpegload_buffer);
    bindSymbol(lib, "libvips", "vips_pngload_buffer", vips.pngload_buffer);
    bindSymbol(lib, "libvips", "vips_image_new_from_buffer", vips.image_new_from_buffer);
    bindSymbol(lib, "libvips", "vips_image_new_from_memory_copy", vips.image_new_from_memory_copy);
    bindSymbol(lib, "libvips", "vips_region_new", vips.region_new);
    bindSymbol(lib, "libvips", "vips_region_fetch", vips.region_fetch);
    bindSymbol(lib, "libvips", "vips_image_get_width", vips.image_get_width);
    bindSymbol(lib, "libvips", "vips_image_get_height", vips.image_get_height);
    bindSymbol(lib, "libvips", "vips_image_get_bands", vips.image_get_bands);
    bindSymbol(lib, "libvips", "vips_image_get_format", vips.image_get_format);
    bindSymbol(lib, "libvips", "vips_pngsave_buffer", vips.pngsave_buffer);
    bindSymbol(lib, "libvips", "vips_jpegsave_buffer", vips.jpegsave_buffer);
    bindSymbol(lib, "libvips", "g_object_unref", vips.g_object_unref);
    bindSymbol(lib, "libvips", "g_free", vips.g_free);
    if (vips.init("torchts") != 0) fail("vips_init failed");
    // Decoding runs on the calling thread, one small image at a time: no thread pool, and no
    // operation cache (it would keep every decoded image's pixels alive).
    vips.concurrency_set(1);
    vips.cache_set_max(0);
    loaded = true;
    return jsUndefined(env);
  });
}

// vipsDecode(bytes, kind): kind 0 any (libvips sniffs), 1 JPEG, 2 PNG. Returns
// { data: Uint8Array (rows of interleaved bands; 16-bit samples in native order), width,
// height, bands, bits }.
napi_value vipsDecode(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    requireLoaded();
    void* data;
    size_t length;
    uint8ArrayArg(env, args[0], &data, &length);
    int kind = static_cast<int>(intArg(env, args[1]));
    ImageRef in;
    // fail_on truncated: a cut-short file is an error, not an image padded with gray
    int status = 0;
    if (kind == 1) status = vips.jpegload_buffer(data, length, &in.image, "fail_on", VIPS_FAIL_ON_TRUNCATED, "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
    else if (kind == 2) status = vips.pngload_buffer(data, length, &in.image, "fail_on", VIPS_FAIL_ON_TRUNCATED, nullptr);
    else in.image = vips.image_new_from_buffer(data, length, "", "fail_on", VIPS_FAIL_ON_TRUNCATED, nullptr);
    if (status != 0 || in.image == nullptr) fail("cannot decode the image");
    int format = vips.image_get_format(in.image);
    if (format != VIPS_FORMAT_UCHAR && format != VIPS_FORMAT_USHORT) {
      throw ArgError{ErrorKind::Runtime, "unsupported sample format (only 8 and 16 bits a channel are)"};
    }
    // Decode on this thread: a region fetched directly, not vips_image_write_to_memory's thread
    // pool (handing each small image to a worker thread costs more than decoding it on a busy CPU).
    size_t size = 0;
    ImageRef region;  // a VipsRegion is a GObject too
    region.image = static_cast<VipsImage*>(vips.region_new(in.image));
    if (region.image == nullptr) fail("cannot decode the image");
    void* pixels = vips.region_fetch(region.image, 0, 0, vips.image_get_width(in.image), vips.image_get_height(in.image), &size);
    if (pixels == nullptr) fail("cannot decode the image");
    napi_value array;
    void* copy;
    napi_value buffer;
    napi_status made = napi_create_arraybuffer(env, size, &copy, &buffer);
    if (made == napi_ok) std::memcpy(copy, pixels, size);
    vips.g_free(pixels);
    check(env, made);
    check(env, napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array));
    napi_value result;
    check(env, napi_create_object(env, &result));
    check(env, napi_set_named_property(env, result, "data", array));
    check(env, napi_set_named_property(env, result, "width", jsNumber(env, vips.image_get_width(in.image))));
    check(env, napi_set_named_property(env, result, "height", jsNumber(env, vips.image_get_height(in.image))));
    check(env, napi_set_named_property(env, result, "bands", jsNumber(env, vips.image_get_bands(in.image))));
    check(env, napi_set_named_property(env, result, "bits", jsNumber(env, format == VIPS_FORMAT_UCHAR ? 8 : 16)));
    return result;
  });
}

// vipsEncode(hwcBytes, width, height, bands, kind, level): kind 1 JPEG (level = quality, 4:2:0
// as libjpeg's defaults), 2 PNG (level = zlib compression). Returns the file's bytes.
napi_value vipsEncode(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<6> args(env, info);
    requireLoaded();
    void* data;
    size_t length;
    uint8ArrayArg(env, args[0], &data, &length);
    int width = static_cast<int>(intArg(env, args[1]));
    int height = static_cast<int>(intArg(env, args[2]));
    int bands = static_cast<int>(intArg(env, args[3]));
    int kind = static_cast<int>(intArg(env, args[4]));
    int level = static_cast<int>(intArg(env, args[5]));
    if (static_cast<size_t>(width) * height * bands != length) throw ArgError{ErrorKind::Runtime, "pixel buffer size mismatch"};
    ImageRef in;
    in.image = vips.image_new_from_memory_copy(data, length, width, height, bands, VIPS_FORMAT_UCHAR);
    if (in.image == nullptr) fail("cannot encode the image");
    void* out = nullptr;
    size_t size = 0;
    int status = kind == 1 ? vips.jpegsave_buffer(in.image, &out, &size, "Q", level, "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON,
                                                  "keep", VIPS_FOREIGN_KEEP_NONE, nullptr)
                           : vips.pngsave_buffer(in.image, &out, &size, "compression", level, "keep", VIPS_FOREIGN_KEEP_NONE, nullptr);
    if (status != 0) fail("cannot encode the image");
    napi_value buffer;
    void* copy;
    napi_status made = napi_create_arraybuffer(env, size, &copy, &buffer);
    if (made == napi_ok) std::memcpy(copy, out, size);
    vips.g_free(out);
    check(env, made);
    napi_value array;
    check(env, napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array));
    return array;
  });
}

}  // namespace

void registerVips(Exports& exports) {
  add(exports, "vipsLoad", vipsLoad);
  add(exports, "vipsDecode", vipsDecode);
  add(exports, "vipsEncode", vipsEncode);
}

}  // namespace torchts
