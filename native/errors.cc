// The one place where C++ errors become JS exceptions of torch's classes (lib/errors.ts).
#include <cstdlib>

#include "instance.h"

namespace torchts {

const char* messageOf(const c10::Error& e) {
  static const bool showBacktrace = [] {
    const char* flag = std::getenv("TORCH_SHOW_CPP_STACKTRACES");
    return flag && std::string(flag) != "0" && std::string(flag) != "";
  }();
  return showBacktrace ? e.what() : e.what_without_backtrace();
}

void throwJs(napi_env env, ErrorKind kind, const std::string& message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  InstanceData* data = instance(env);
  napi_value cls = nullptr, msg = nullptr, error = nullptr;
  if (data && data->errorClasses[static_cast<int>(kind)] &&
      napi_get_reference_value(env, data->errorClasses[static_cast<int>(kind)], &cls) == napi_ok && cls &&
      napi_create_string_utf8(env, message.data(), message.size(), &msg) == napi_ok &&
      napi_new_instance(env, cls, 1, &msg, &error) == napi_ok) {
    napi_throw(env, error);
    return;
  }
  napi_throw_error(env, nullptr, message.c_str());
}

}  // namespace torchts
