// JPEG decoding with libjpeg-turbo, the decoder torchvision and Pillow use, through the
// TurboJPEG 3 library that the npm package @julusian/jpeg-turbo ships prebuilt
// (lib/vision/turbojpeg.ts finds it). Its own JS API decodes with the fast, inexact DCT, so
// this file dlopen()s the library and calls it with libjpeg's defaults (accurate DCT, fancy
// upsampling): the pixels are torchvision's. Measured on 64x64 images: 51 us a decode against
// libvips's 199 us, and 52-58 us each in two threads at once (libvips: 556-572, its locks).
// No headers at build time: the few prototypes and enum values used are declared here.
#include <atomic>
#include <cstring>
#include <mutex>
#include <string>

#include "common.h"
#include "dlopen.h"

namespace torchts {
namespace {

// turbojpeg.h (libjpeg-turbo 3.x)
using tjhandle = void*;
constexpr int TJINIT_DECOMPRESS = 1;
constexpr int TJPARAM_STOPONWARNING = 0;
constexpr int TJPARAM_JPEGWIDTH = 5;
constexpr int TJPARAM_JPEGHEIGHT = 6;
constexpr int TJPARAM_PRECISION = 7;
constexpr int TJPARAM_COLORSPACE = 8;
constexpr int TJPF_RGB = 0;
constexpr int TJPF_GRAY = 6;
constexpr int TJCS_GRAY = 2;
constexpr int TJCS_CMYK = 3;
constexpr int TJCS_YCCK = 4;

struct TurboApi {
  tjhandle (*init)(int initType);
  void (*destroy)(tjhandle handle);
  int (*set)(tjhandle handle, int param, int value);
  int (*get)(tjhandle handle, int param);
  int (*decompressHeader)(tjhandle handle, const unsigned char* jpegBuf, size_t jpegSize);
  int (*decompress8)(tjhandle handle, const unsigned char* jpegBuf, size_t jpegSize, unsigned char* dstBuf, int pitch, int pixelFormat);
  char* (*errorStr)(tjhandle handle);
};

TurboApi tj;
std::atomic<bool> loaded{false};
std::mutex loading;  // DataLoader worker threads may all load it at once

// One decompressor per thread (a handle is not thread-safe), freed when the thread ends.
struct ThreadHandle {
  tjhandle handle = nullptr;
  ~ThreadHandle() {
    if (handle != nullptr) tj.destroy(handle);
  }
};

tjhandle threadHandle() {
  thread_local ThreadHandle h;
  if (h.handle == nullptr) {
    h.handle = tj.init(TJINIT_DECOMPRESS);
    if (h.handle == nullptr) throw ArgError{ErrorKind::Runtime, "cannot create a TurboJPEG decompressor"};
    // A warning (a truncated file, a corrupt segment) is an error, as libvips's fail_on truncated.
    tj.set(h.handle, TJPARAM_STOPONWARNING, 1);
  }
  return h.handle;
}

// turboLoad(path): dlopen()s libturbojpeg and binds the API; idempotent.
napi_value turboLoad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    std::lock_guard<std::mutex> lock(loading);
    if (loaded) return jsUndefined(env);
    std::string path = stringArg(env, args[0]);
    void* lib = openLibrary(path, "libturbojpeg");
    bindSymbol(lib, "libturbojpeg", "tj3Init", tj.init);
    bindSymbol(lib, "libturbojpeg", "tj3Destroy", tj.destroy);
    bindSymbol(lib, "libturbojpeg", "tj3Set", tj.set);
    bindSymbol(lib, "libturbojpeg", "tj3Get", tj.get);
    bindSymbol(lib, "libturbojpeg", "tj3DecompressHeader", tj.decompressHeader);
    bindSymbol(lib, "libturbojpeg", "tj3Decompress8", tj.decompress8);
    bindSymbol(lib, "libturbojpeg", "tj3GetErrorStr", tj.errorStr);
    loaded = true;
    return jsUndefined(env);
  });
}

// turboDecode(bytes, gray): { data: Uint8Array (rows of interleaved bands), width, height,
// bands } with the file's own bands (1 for a grayscale file, else 3: RGB), or 1 band when
// `gray` asks for it (libjpeg's grayscale output: the Y plane, as torchvision's GRAY). null for
// what this path leaves to libvips: CMYK/YCCK files and precisions other than 8 bits.
napi_value turboDecode(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    if (!loaded) throw ArgError{ErrorKind::Runtime, "libturbojpeg is not loaded (lib/vision/turbojpeg.ts loads it)"};
    void* data;
    size_t length;
    uint8ArrayArg(env, args[0], &data, &length);
    bool gray = boolArg(env, args[1]);
    const unsigned char* jpeg = static_cast<const unsigned char*>(data);
    tjhandle h = threadHandle();
    if (tj.decompressHeader(h, jpeg, length) != 0) throw ArgError{ErrorKind::Runtime, tj.errorStr(h)};
    int colorspace = tj.get(h, TJPARAM_COLORSPACE);
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK || tj.get(h, TJPARAM_PRECISION) != 8) return jsNull(env);
    int width = tj.get(h, TJPARAM_JPEGWIDTH), height = tj.get(h, TJPARAM_JPEGHEIGHT);
    int bands = gray || colorspace == TJCS_GRAY ? 1 : 3;
    size_t size = static_cast<size_t>(width) * height * bands;
    napi_value buffer;
    void* pixels;
    check(env, napi_create_arraybuffer(env, size, &pixels, &buffer));
    if (tj.decompress8(h, jpeg, length, static_cast<unsigned char*>(pixels), width * bands, bands == 1 ? TJPF_GRAY : TJPF_RGB) != 0) {
      throw ArgError{ErrorKind::Runtime, tj.errorStr(h)};
    }
    napi_value array, result;
    check(env, napi_create_typedarray(env, napi_uint8_array, size, buffer, 0, &array));
    check(env, napi_create_object(env, &result));
    check(env, napi_set_named_property(env, result, "data", array));
    check(env, napi_set_named_property(env, result, "width", jsNumber(env, width)));
    check(env, napi_set_named_property(env, result, "height", jsNumber(env, height)));
    check(env, napi_set_named_property(env, result, "bands", jsNumber(env, bands)));
    return result;
  });
}

}  // namespace

void registerTurboJpeg(Exports& exports) {
  add(exports, "turboLoad", turboLoad);
  add(exports, "turboDecode", turboDecode);
}

}  // namespace torchts
