// C libraries that npm packages ship prebuilt (sharp's libvips, @julusian/jpeg-turbo's
// libturbojpeg), opened at run time from the path JS finds, their functions bound by name:
// no headers or link step at build time.
#pragma once
#include <dlfcn.h>

#include <string>

#include "common.h"

namespace torchts {

// dlopen()s `path` (kept loaded for the process's life); RuntimeError naming `label` otherwise.
inline void* openLibrary(const std::string& path, const std::string& label) {
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (lib == nullptr) throw ArgError{ErrorKind::Runtime, "cannot load " + label + ": " + dlerror()};
  return lib;
}

// Binds `slot` to the function `name` of `lib`; RuntimeError when it lacks it.
template <typename T>
void bindSymbol(void* lib, const std::string& label, const char* name, T& slot) {
  slot = reinterpret_cast<T>(dlsym(lib, name));
  if (slot == nullptr) throw ArgError{ErrorKind::Runtime, label + " has no symbol " + name};
}

}  // namespace torchts
