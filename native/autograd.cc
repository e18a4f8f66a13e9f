// Autograd: running the engine (backward and grad, as Python's torch._C._EngineBase.run_backward
// does), .grad and the other autograd attributes of tensors, grad_fn nodes, tensor hooks that
// call JS, and the grad and inference modes.
//
// Threads. LibTorch's engine runs the backward of CPU nodes on the thread that called it, and
// that of CUDA nodes on its own per-device threads. JS code in backward (tensor hooks, and
// through them module backward hooks; autograd.Function backward) all goes through
// callJsRunner, which must run JS on the JS thread of the hook's environment. Two paths:
//  - Fast path (the default when no CUDA is involved): the engine runs on the JS thread, and
//    callJsRunner calls JS directly, as Python calls a hook on the thread that runs it.
//  - Worker path: when a backward may reach JS from another thread (a JS hook or Function
//    exists and the graph touches CUDA: a root, gradient or input on CUDA, or, with CUDA
//    present, a node with a CUDA input), or when forced (setBackwardOnWorkerThread, or
//    TORCHTS_BACKWARD_THREAD=1 at load), runBackward runs Engine::execute on a std::thread
//    carrying the JS thread's at::ThreadLocalState (grad mode, autocast, ...), and the JS
//    thread waits on its environment's Mailbox (mutex + condition variable), running the JS
//    calls posted to it until the engine is done; then it joins the thread and rethrows what
//    the engine threw (the same exception object, so c10::Error kinds and messages survive).
//    callJsRunner on a thread other than the JS thread posts a JsCall (the work, and that
//    thread's ThreadLocalState, so create_graph's grad mode holds while JS runs, and on an
//    engine device thread its current CUDA stream) and blocks until the JS thread has run it;
//    the JS thread's result or exception comes back to it.
//    A call posted while no backward of that environment waits fails at once with a clear
//    error (no deadlock). Each marshalled call counts in marshalledJsCalls.
// Reentrant backward from a JS call that came from an engine thread (a hook that calls
// backward): the JS thread hands the new Engine::execute back to the thread waiting for that
// call, which runs it as LibTorch's reentrant backward (on its own device thread, as Python
// would: a CUDA device thread blocked in a hook cannot then be starved by the nested graph),
// while the JS thread serves the mailbox again; the wait loops nest.
//
// A JS hook that throws: the hook keeps the JS exception (on the JS thread, for the innermost
// backward then running), throws a C++ exception that makes the engine abort the backward, and
// runBackward rethrows the kept JS exception, unchanged. (With several CUDA devices, a JS
// exception in a call of an outer backward served while a nested backward waits is kept for
// the nested one: the outer then fails with a generic message instead of the JS exception.)
#include <ATen/Context.h>
#include <ATen/ThreadLocalState.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/zeros_like.h>
#include <c10/core/GradMode.h>
#include <c10/core/StreamGuard.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/functions/basic_ops.h>
#include <torch/csrc/autograd/functions/utils.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/csrc/autograd/variable.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common.h"

namespace torchts {
namespace {

using torch::autograd::Edge;
using torch::autograd::Node;
using torch::autograd::variable_list;

// ---- JS calls from other threads ----

// A call of JS posted by a thread other than the JS thread; it lives on the poster's stack
// until `done`. `nested` is a reentrant backward the JS call hands back to the poster to run.
struct JsCall {
  std::function<void()> work;  // runs on the JS thread
  at::ThreadLocalState tls;    // the poster's, applied while `work` runs
  std::optional<c10::Stream> stream;  // an engine device thread's current CUDA stream, likewise
  std::exception_ptr error;    // what `work` threw
  bool done = false;
  struct EngineRun* nested = nullptr;
};

// One Engine::execute run off the JS thread; `finished` is set (under the mailbox's mutex)
// by the thread that ran it.
struct EngineRun {
  std::function<variable_list()> execute;
  at::ThreadLocalState tls;  // the JS thread's when runBackward was called
  variable_list outputs;
  std::exception_ptr error;
  bool finished = false;

  void run() {
    try {
      at::ThreadLocalStateGuard guard(tls);
      outputs = execute();
    } catch (...) {
      error = std::current_exception();
    }
  }
};

// Where the threads of one environment's backward meet its JS thread. `waiting` counts the
// runBackward wait loops open on the JS thread (they nest).
struct Mailbox {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<JsCall*> calls;
  int waiting = 0;
};

// Mailboxes by environment, for engine threads to find; an entry lives as long as its env.
std::mutex& mailboxesMutex = *new std::mutex;
std::unordered_map<napi_env, std::shared_ptr<Mailbox>>& mailboxes =
    *new std::unordered_map<napi_env, std::shared_ptr<Mailbox>>;

std::atomic<bool> backwardOnWorkerThread{false};  // the forcing switch
std::atomic<int64_t> marshalledJsCalls{0};        // JS calls run for another thread
std::atomic<int64_t> liveJsTokens{0};             // hooks and Functions that may call JS
thread_local bool onBackwardThread = false;       // set on the threads runBackward starts

// Whether CUDA could be in a graph at all (checked once; no CUDA device, no CUDA tensor).
bool cudaPresent() {
  static const bool present = at::globalContext().hasCUDA();
  return present;
}

// ---- per-thread JS state ----

// The JS side of hooks, for the JS thread of one environment (a worker has its own thread, so
// thread_local separates environments). On any other thread `env` is null.
struct JsState {
  napi_env env = nullptr;
  napi_ref runner = nullptr;   // (id, grad handle | null) => handle | undefined
  napi_ref pending = nullptr;  // the first exception a hook threw during the current backward
  std::shared_ptr<Mailbox> mailbox;
  JsCall* currentCall = nullptr;  // the marshalled call the JS thread is running
};
thread_local JsState jsState;

// Ids of hooks whose C++ side is gone (removed, or its tensor freed), for lib/autograd.ts to
// forget their JS functions. Hook destructors may run on any thread and at any time (GC
// finalizers, the end of a backward), so they only append here.
// Never destroyed: a hook may die during static destruction, after the JS side has gone.
std::mutex& deadHooksMutex = *new std::mutex;
std::vector<std::pair<napi_env, int64_t>>& deadHooks = *new std::vector<std::pair<napi_env, int64_t>>;
std::atomic<int64_t> nextHookId{1};

void cleanupJsState(void* arg) {
  auto* state = static_cast<JsState*>(arg);
  if (state->runner) napi_delete_reference(state->env, state->runner);
  if (state->pending) napi_delete_reference(state->env, state->pending);
  {
    std::lock_guard<std::mutex> lock(mailboxesMutex);
    mailboxes.erase(state->env);
  }
  {
    std::lock_guard<std::mutex> lock(deadHooksMutex);
    std::vector<std::pair<napi_env, int64_t>> kept;
    for (const auto& entry : deadHooks) {
      if (entry.first != state->env) kept.push_back(entry);
    }
    deadHooks.swap(kept);
  }
  *state = JsState{};
}

// Python's legacy type names, as check_variable_result prints them: torch.FloatTensor.
std::string legacyTypeName(const at::TensorBase& t) {
  std::string name = "torch.";
  if (t.is_cuda()) name += "cuda.";
  return name + c10::toString(t.scalar_type()) + "Tensor";
}

// What Python checks of a hook's replacement gradient (torch::autograd::check_variable_result,
// with the hook's name as Python gives it).
void checkHookResult(const at::TensorBase& original, const at::TensorBase& result, const std::string& name) {
  if (!original.defined()) throw std::runtime_error("can't replace a None gradient with a non-None value");
  if (!original.options().type_equal(result.options())) {
    throw std::runtime_error("hook '" + name + "' has changed the type of value (was " + legacyTypeName(original) +
                             " got " + legacyTypeName(result) + ")");
  }
  if (original.is_cuda() != result.is_cuda()) {
    throw std::runtime_error("hook '" + name + "' has changed the type of value" +
                             (original.is_cuda() ? " (was CUDA tensor got CPU tensor)" : " (was CPU tensor got CUDA tensor)"));
  }
  if (original.sizes() != result.sizes()) throw std::runtime_error("hook '" + name + "' has changed the size of value");
}

// Thrown through the engine when a JS hook threw; the JS exception waits in jsState.pending.
struct JsHookThrew : std::runtime_error {
  JsHookThrew() : std::runtime_error("a tensor hook threw a JS exception") {}
};

// Captured by each registered hook: its id, and on destruction the notice that it is gone.
struct HookToken {
  napi_env env;
  int64_t id;
  std::string name;
  HookToken(napi_env env, int64_t id, std::string name) : env(env), id(id), name(std::move(name)) { liveJsTokens++; }
  HookToken(const HookToken&) = delete;
  HookToken& operator=(const HookToken&) = delete;
  ~HookToken() {
    liveJsTokens--;
    std::lock_guard<std::mutex> lock(deadHooksMutex);
    deadHooks.emplace_back(env, id);
  }
};

napi_value tensorOrNull(napi_env env, const at::Tensor& t) { return t.defined() ? wrap(env, t) : jsNull(env); }

// Runs a JsCall on the JS thread (under the poster's thread-local state); what it throws goes
// back to the poster.
void runCallHere(JsState& state, JsCall* call) {
  JsCall* outer = state.currentCall;
  state.currentCall = call;
  try {
    at::ThreadLocalStateGuard guard(call->tls);
    std::optional<c10::StreamGuard> streamGuard;
    if (call->stream) streamGuard.emplace(*call->stream);
    call->work();
  } catch (...) {
    call->error = std::current_exception();
  }
  state.currentCall = outer;
}

// The JS thread's wait loop: runs the calls posted to `box` until `finished` (set under the
// box's mutex). The caller counted it in box.waiting before the engine could post anything.
// Loops nest (a JS call may run a backward); the last one to close fails what is still
// posted, since no one would run it.
void serveMailbox(JsState& state, Mailbox& box, const bool& finished) {
  std::unique_lock<std::mutex> lock(box.mutex);
  for (;;) {
    box.cv.wait(lock, [&] { return finished || !box.calls.empty(); });
    if (finished) break;
    JsCall* call = box.calls.front();
    box.calls.pop_front();
    lock.unlock();
    runCallHere(state, call);
    lock.lock();
    call->done = true;
    box.cv.notify_all();
  }
  if (--box.waiting == 0 && !box.calls.empty()) {
    for (JsCall* call : box.calls) {
      call->error = std::make_exception_ptr(std::runtime_error("torchts: the backward that a JS call was posted for has ended"));
      call->done = true;
    }
    box.calls.clear();
    box.cv.notify_all();
  }
}

// Runs `work` on the JS thread of `env`, from another thread: posts it to the mailbox of the
// backward that env's JS thread waits in and blocks until it has run (meanwhile running a
// reentrant backward the JS call hands back); rethrows what it threw.
void runOnJsThread(napi_env env, std::function<void()> work) {
  std::shared_ptr<Mailbox> box;
  {
    std::lock_guard<std::mutex> lock(mailboxesMutex);
    auto found = mailboxes.find(env);
    if (found != mailboxes.end()) box = found->second;
  }
  auto noOneWaits = [] {
    return std::runtime_error(
        "torchts: a JS hook or autograd.Function was reached on a thread other than the JS thread while no "
        "backward of its JS environment waits to run it (torch._C._set_backward_on_worker_thread(true) runs every "
        "backward in the mode that lets the autograd engine's threads call JS)");
  };
  if (!box) throw noOneWaits();
  JsCall call;
  call.work = std::move(work);
  call.tls = at::ThreadLocalState();
  // On an engine device thread, JS runs on the device and stream the engine set for the node,
  // as a Python hook would (streams are not part of the ThreadLocalState).
  if (!onBackwardThread && cudaPresent()) {
    const auto* impl = c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA);
    call.stream = impl->getStream(impl->getDevice());
  }
  {
    std::unique_lock<std::mutex> lock(box->mutex);
    if (box->waiting == 0) throw noOneWaits();
    box->calls.push_back(&call);
    box->cv.notify_all();
    for (;;) {
      box->cv.wait(lock, [&] { return call.done || call.nested; });
      if (EngineRun* nested = call.nested) {
        call.nested = nullptr;
        lock.unlock();
        nested->run();
        lock.lock();
        nested->finished = true;
        box->cv.notify_all();
        continue;
      }
      break;
    }
  }
  marshalledJsCalls++;
  if (call.error) std::rethrow_exception(call.error);
}

// Calls the JS runner with (token.id, makeArg(env)) inside a handle scope, on the JS thread,
// and returns readResult(env, result). A JS exception (the first, should several be thrown) is
// kept for runBackward to rethrow, and the backward is aborted.
template <typename MakeArg, typename ReadResult>
auto callJsHere(const HookToken& token, MakeArg& makeArg, ReadResult& readResult) {
  JsState& state = jsState;
  if (state.env != token.env || !state.runner) throw std::runtime_error("torchts: no JS hook runner is set");
  napi_env env = state.env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) throw std::runtime_error("torchts: cannot open a handle scope");
  struct CloseScope {
    napi_env env;
    napi_handle_scope scope;
    ~CloseScope() { napi_close_handle_scope(env, scope); }
  } closer{env, scope};

  napi_value fn, recv, argv[2], result;
  bool ok = napi_get_reference_value(env, state.runner, &fn) == napi_ok && fn &&
            napi_get_undefined(env, &recv) == napi_ok &&
            napi_create_double(env, static_cast<double>(token.id), &argv[0]) == napi_ok;
  if (ok) {
    try {
      argv[1] = makeArg(env);
    } catch (...) {
      ok = false;
    }
  }
  if (ok && napi_call_function(env, recv, fn, 2, argv, &result) == napi_ok) return readResult(env, result);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value error, box;
    napi_get_and_clear_last_exception(env, &error);
    // Kept in an array: a thrown value may be a primitive, which a reference cannot hold.
    if (!state.pending && napi_create_array_with_length(env, 1, &box) == napi_ok &&
        napi_set_element(env, box, 0, error) == napi_ok) {
      napi_create_reference(env, box, 1, &state.pending);
    }
    throw JsHookThrew();
  }
  throw std::runtime_error("torchts: calling JS from backward failed");
}

// callJsHere, from whichever thread the engine runs it on.
template <typename MakeArg, typename ReadResult>
auto callJsRunner(const HookToken& token, MakeArg makeArg, ReadResult readResult) {
  if (jsState.env == token.env) return callJsHere(token, makeArg, readResult);
  decltype(callJsHere(token, makeArg, readResult)) result;
  runOnJsThread(token.env, [&] { result = callJsHere(token, makeArg, readResult); });
  return result;
}

// A tensor (or nothing: null, undefined) returned by JS to backward; `what` names the caller.
at::Tensor tensorFromJs(napi_env env, napi_value value, const char* what) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) throw std::runtime_error("torchts: bad result from JS");
  if (type == napi_undefined || type == napi_null) return at::Tensor();
  void* data = nullptr;
  if (type != napi_external || napi_get_value_external(env, value, &data) != napi_ok || !data) {
    throw std::runtime_error(std::string("torchts: ") + what + " returned something other than a tensor");
  }
  const at::Tensor& tensor = static_cast<TensorHolder*>(data)->tensor;
  if (!tensor.defined()) throw std::runtime_error("this tensor has been disposed");
  return tensor;
}

// Calls the JS hook `token.id` with the gradient; returns its replacement (undefined: none).
at::TensorBase callJsHook(const HookToken& token, const at::TensorBase& grad) {
  return callJsRunner(
      token, [&](napi_env env) { return wrap(env, at::Tensor(grad)); },
      [&](napi_env env, napi_value result) -> at::TensorBase {
        at::Tensor replacement = tensorFromJs(env, result, "a hook");
        if (replacement.defined()) checkHookResult(grad, replacement, token.name);
        return replacement;
      });
}

// The node of a torch.autograd.Function's outputs (Python's PyNode): its apply calls the JS
// backward `token.id` with [output gradients (materialized as zeros where undefined, unless
// ctx.set_materialize_grads(false)), the saved tensors] and takes one gradient per tensor input
// back. The saved tensors live here, as SavedVariables, not in JS: a JS ctx holding an output
// would keep this node alive through it (a cycle through C++ that V8 cannot see), and a saved
// output does not keep its grad_fn, this node, alive.
struct JsFunctionNode : Node {
  std::shared_ptr<HookToken> token;
  bool materialize;
  std::vector<torch::autograd::SavedVariable> saved;
  JsFunctionNode(std::shared_ptr<HookToken> token, bool materialize) : token(std::move(token)), materialize(materialize) {}

  std::string name() const override { return token->name; }

  void release_variables() override {
    for (auto& variable : saved) variable.reset_data();
  }

  variable_list apply(variable_list&& grads) override {
    if (materialize) {
      for (size_t i = 0; i < grads.size(); i++) {
        if (!grads[i].defined() && !input_metadata(i).is_tensor_subclass()) grads[i] = input_metadata(i).zeros_like();
      }
    }
    variable_list unpacked;
    unpacked.reserve(saved.size());
    for (auto& variable : saved) unpacked.push_back(variable.unpack(shared_from_this()));
    auto list = [](napi_env env, const variable_list& tensors) {
      napi_value array;
      check(env, napi_create_array_with_length(env, tensors.size(), &array));
      for (size_t i = 0; i < tensors.size(); i++) check(env, napi_set_element(env, array, i, tensorOrNull(env, tensors[i])));
      return array;
    };
    return callJsRunner(
        *token,
        [&](napi_env env) {
          napi_value pair;
          check(env, napi_create_array_with_length(env, 2, &pair));
          check(env, napi_set_element(env, pair, 0, list(env, grads)));
          check(env, napi_set_element(env, pair, 1, list(env, unpacked)));
          return pair;
        },
        [&](napi_env env, napi_value result) {
          uint32_t length = 0;
          if (napi_get_array_length(env, result, &length) != napi_ok || length != num_outputs()) {
            throw std::runtime_error("torchts: an autograd.Function's backward gave the wrong number of gradients");
          }
          variable_list out(length);
          for (uint32_t i = 0; i < length; i++) {
            napi_value element;
            check(env, napi_get_element(env, result, i, &element));
            out[i] = tensorFromJs(env, element, "an autograd.Function's backward");
          }
          return out;
        });
  }
};

// ---- argument helpers ----

std::vector<at::Tensor> tensorListArg(napi_env env, napi_value value, bool allowNull) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, "expected an array of tensors"};
  std::vector<at::Tensor> result;
  result.reserve(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    if (allowNull && isNullish(env, element)) {
      result.emplace_back();
    } else {
      result.push_back(tensorArg(env, element));
    }
  }
  return result;
}

// ---- engine ----

// Whether the backward of `roots` may run nodes on a CUDA device thread: a CUDA tensor among
// what it was given, or a node of the graph with a CUDA input.
bool graphTouchesCuda(const torch::autograd::edge_list& roots, std::initializer_list<const std::vector<at::Tensor>*> given) {
  for (const auto* list : given) {
    for (const at::Tensor& t : *list) {
      if (t.defined() && t.is_cuda()) return true;
    }
  }
  if (!cudaPresent()) return false;
  std::vector<Node*> stack;
  std::unordered_set<Node*> seen;
  for (const Edge& edge : roots) {
    if (edge.function && seen.insert(edge.function.get()).second) stack.push_back(edge.function.get());
  }
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    for (uint32_t i = 0; i < node->num_inputs(); i++) {
      if (node->input_metadata(i).device().is_cuda()) return true;
    }
    for (const Edge& edge : node->next_edges()) {
      if (edge.function && seen.insert(edge.function.get()).second) stack.push_back(edge.function.get());
    }
  }
  return false;
}

// Runs `execute` (Engine::execute) as the module comment says: on this (the JS) thread; or,
// inside a JS call posted by an engine thread, on that thread (a reentrant backward); or on a
// new thread, while this one runs the JS calls posted to its mailbox.
variable_list executeEngine(JsState& state, bool onWorkerThread, std::function<variable_list()> execute) {
  if (!state.mailbox || (!onWorkerThread && !state.currentCall)) return execute();
  Mailbox& box = *state.mailbox;
  EngineRun run;
  run.execute = std::move(execute);
  run.tls = at::ThreadLocalState();
  if (JsCall* call = state.currentCall) {
    {
      std::lock_guard<std::mutex> lock(box.mutex);
      box.waiting++;
      call->nested = &run;
      box.cv.notify_all();
    }
    serveMailbox(state, box, run.finished);
  } else {
    {
      std::lock_guard<std::mutex> lock(box.mutex);
      box.waiting++;
    }
    std::thread worker;
    try {
      worker = std::thread([&] {
        onBackwardThread = true;
        run.run();
        std::lock_guard<std::mutex> lock(box.mutex);
        run.finished = true;
        box.cv.notify_all();
      });
    } catch (...) {
      std::lock_guard<std::mutex> lock(box.mutex);
      box.waiting--;
      throw;
    }
    serveMailbox(state, box, run.finished);
    worker.join();
  }
  if (run.error) std::rethrow_exception(run.error);
  return std::move(run.outputs);
}

// runBackward(tensors, grads (null entries: none), keepGraph, createGraph, inputs | null,
// allowUnreachable, accumulateGrad): Python's torch._C._EngineBase.run_backward. Returns the
// gradients of `inputs` (null where unreachable) when not accumulating, else undefined.
napi_value runBackward(napi_env env, napi_callback_info info) {
  return guard(env, [&]() -> napi_value {
    Args<7> args(env, info);
    std::vector<at::Tensor> tensors = tensorListArg(env, args[0], false);
    std::vector<at::Tensor> gradTensors = tensorListArg(env, args[1], true);
    bool keepGraph = boolArg(env, args[2]);
    bool createGraph = boolArg(env, args[3]);
    bool haveInputs = !isNullish(env, args[4]);
    std::vector<at::Tensor> inputs = haveInputs ? tensorListArg(env, args[4], false) : std::vector<at::Tensor>{};
    bool allowUnreachable = boolArg(env, args[5]);
    bool accumulateGrad = boolArg(env, args[6]);

    TORCH_CHECK(tensors.size() == gradTensors.size(), "got ", tensors.size(), " tensors and ", gradTensors.size(),
                " gradients");
    torch::autograd::edge_list roots;
    roots.reserve(tensors.size());
    variable_list grads;
    grads.reserve(tensors.size());
    for (size_t i = 0; i < tensors.size(); i++) {
      Edge edge = torch::autograd::impl::gradient_edge(tensors[i]);
      TORCH_CHECK(edge.function, "element ", i, " of tensors does not require grad and does not have a grad_fn");
      roots.push_back(std::move(edge));
      if (gradTensors[i].defined()) {
        grads.push_back(gradTensors[i]);
      } else {
        TORCH_CHECK(!tensors[i].requires_grad(), "element ", i,
                    " of gradients tuple is None, but the corresponding Tensor requires grad");
      }
    }

    torch::autograd::edge_list outputEdges;
    outputEdges.reserve(inputs.size());
    for (const at::Tensor& input : inputs) {
      const auto outputNr = input.output_nr();
      std::shared_ptr<Node> gradFn = input.grad_fn();
      if (!gradFn) gradFn = torch::autograd::impl::try_get_grad_accumulator(input);
      if (accumulateGrad) input.retain_grad();
      TORCH_CHECK(input.requires_grad(), "One of the differentiated Tensors does not require grad");
      if (!gradFn) {
        // An input without a grad accumulator is unreachable; a non-null node keeps nodes with
        // edges to nullptr from being marked as needed (NOTE [ Autograd Unreachable Input ]).
        outputEdges.emplace_back(std::make_shared<torch::autograd::Identity>(), 0);
      } else {
        outputEdges.emplace_back(std::move(gradFn), outputNr);
      }
    }

    // Hooks that call JS need this thread's environment; a nested backward (from inside a
    // hook) keeps its own pending exception.
    JsState& state = jsState;
    napi_ref outerPending = state.pending;
    state.pending = nullptr;
    bool onWorkerThread = backwardOnWorkerThread ||
                          (liveJsTokens > 0 && graphTouchesCuda(roots, {&tensors, &gradTensors, &inputs}));
    variable_list outputs;
    try {
      outputs = executeEngine(state, onWorkerThread, [&] {
        return torch::autograd::Engine::get_default_engine().execute(roots, grads, keepGraph, createGraph,
                                                                     accumulateGrad, outputEdges);
      });
    } catch (...) {
      napi_ref pending = state.pending;
      state.pending = outerPending;
      if (!pending) throw;
      napi_value box, error;
      bool found = napi_get_reference_value(env, pending, &box) == napi_ok && box &&
                   napi_get_element(env, box, 0, &error) == napi_ok;
      napi_delete_reference(env, pending);
      if (!found) throw;
      napi_throw(env, error);
      throw PendingJsError{};
    }
    if (state.pending) napi_delete_reference(env, state.pending);
    state.pending = outerPending;

    if (accumulateGrad || !haveInputs) return jsUndefined(env);
    napi_value result;
    check(env, napi_create_array_with_length(env, inputs.size(), &result));
    for (size_t i = 0; i < inputs.size(); i++) {
      TORCH_CHECK(allowUnreachable || outputs[i].defined(),
                  "One of the differentiated Tensors appears to not have been used in the graph. "
                  "Set allow_unused=True if this is the desired behavior.");
      check(env, napi_set_element(env, result, static_cast<uint32_t>(i), tensorOrNull(env, outputs[i])));
    }
    return result;
  });
}

// onesLike(t): torch.ones_like(t, memory_format=torch.preserve_format), the implicit gradient.
napi_value onesLike(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return wrap(env, at::ones_like(tensorArg(env, args[0]), at::TensorOptions(), at::MemoryFormat::Preserve));
  });
}

// zerosLike(t, requiresGrad): grad(materialize_grads=True)'s stand-in for unused inputs.
napi_value zerosLike(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    at::Tensor t = at::zeros_like(tensorArg(env, args[0]));
    if (boolArg(env, args[1])) t.requires_grad_(true);
    return wrap(env, std::move(t));
  });
}

// ---- autograd attributes ----

// gradGet(t, known | null): t.grad, without LibTorch's warning for non-leaf tensors
// (lib/autograd.ts warns). `known` is the handle JS last got for it: while it still holds the
// same tensor it comes back as it is, so that t.grad is one object from read to read, as in
// Python, and a loop reading every parameter's grad wraps nothing new.
napi_value gradGet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    const at::Tensor& grad = tensorArg(env, args[0]).mutable_grad();
    if (!grad.defined()) return jsNull(env);
    if (!isNullish(env, args[1])) {
      const at::Tensor& known = holderOf(env, args[1])->tensor;
      if (known.defined() && known.unsafeGetTensorImpl() == grad.unsafeGetTensorImpl()) return args[1];
    }
    return wrap(env, grad);
  });
}

// setGrad(t, grad | null): Python's THPVariable_set_grad, its checks and messages.
napi_value gradSet(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    const at::Tensor& var = tensorArg(env, args[0]);
    if (isNullish(env, args[1])) {
      var.mutable_grad().reset();
      return jsUndefined(env);
    }
    const at::Tensor& grad = tensorArg(env, args[1]);
    TORCH_CHECK(var.unsafeGetTensorImpl() != grad.unsafeGetTensorImpl(), "can't assign Variable as its own grad");
    auto gradDtype = var.grad_dtype();
    if (gradDtype.has_value()) {
      TORCH_CHECK(grad.dtype() == *gradDtype, "attempting to assign a gradient with dtype '", grad.dtype(),
                  "' to a tensor with grad_dtype '", *gradDtype,
                  "'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                  "the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype "
                  "with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that "
                  "assume they match.");
    }
    TORCH_CHECK(var.device().type() == grad.device().type(), "attempting to assign a gradient with device type '",
                grad.device().type(), "' to a tensor with device type '", var.device().type(),
                "'. Please ensure that the gradient and the tensor are on the same device");
    if (grad.layout() != at::kSparse) {
      auto expected = var.options().dtype(gradDtype.has_value() ? *gradDtype : grad.scalar_type());
      TORCH_CHECK(grad.options().type_equal(expected),
                  "attempting to assign a gradient to a tensor that has data of a different type");
    }
    TORCH_CHECK(grad.get_device() == var.get_device(), "attempting to assign a gradient located on device with index '",
                grad.get_device(), "' to a tensor located on device with index '", var.get_device(),
                "'. Please ensure that the gradient and the tensor are on the same device");
    TORCH_CHECK(grad.sym_sizes().equals(var.sym_sizes()), "attempting to assign a gradient of size '",
                grad.sym_sizes(), "' to a tensor of size '", var.sym_sizes(),
                "'. Please ensure that the gradient and the tensor are the same size");
    var.mutable_grad() = grad;
    return jsUndefined(env);
  });
}

napi_value isLeaf(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, tensorArg(env, args[0]).is_leaf());
  });
}

// requiresGrad_(t, requiresGrad): Python's Tensor.requires_grad_, its checks and messages.
napi_value requiresGrad_(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    bool requiresGrad = boolArg(env, args[1]);
    if (!t.is_leaf() && !requiresGrad) {
      throw std::runtime_error(
          "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a "
          "subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    }
    if (requiresGrad && !torch::autograd::isDifferentiableType(t.scalar_type())) {
      throw std::runtime_error("only Tensors of floating point dtype can require gradients");
    }
    t.set_requires_grad(requiresGrad);
    return jsUndefined(env);
  });
}

napi_value retainGrad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    tensorArg(env, args[0]).retain_grad();
    return jsUndefined(env);
  });
}

napi_value retainsGrad(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, tensorArg(env, args[0]).retains_grad());
  });
}

napi_value isInference(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsBool(env, tensorArg(env, args[0]).is_inference());
  });
}

napi_value detach(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return wrap(env, tensorArg(env, args[0]).detach());
  });
}

// detach_(t): in place; the same handle comes back.
napi_value detach_(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    tensorArg(env, args[0]).detach_();
    return args[0];
  });
}

// ---- grad_fn nodes ----

struct NodeHolder {
  std::shared_ptr<Node> node;
};

void finalizeNode(node_api_basic_env env, void* data, void* /*hint*/) { delete static_cast<NodeHolder*>(data); }

// A node crosses into JS as [external, address]: the address lets lib/autograd.ts give the
// same JS object for the same node while that object lives.
napi_value wrapNode(napi_env env, std::shared_ptr<Node> node) {
  if (!node) return jsNull(env);
  double address = static_cast<double>(reinterpret_cast<uintptr_t>(node.get()));
  auto* holder = new NodeHolder{std::move(node)};
  napi_value external, result;
  if (napi_create_external(env, holder, finalizeNode, nullptr, &external) != napi_ok) {
    delete holder;
    throw PendingJsError{};
  }
  check(env, napi_create_array_with_length(env, 2, &result));
  check(env, napi_set_element(env, result, 0, external));
  check(env, napi_set_element(env, result, 1, jsNumber(env, address)));
  return result;
}

Node& nodeArg(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) throw ArgError{ErrorKind::Type, "expected a Node"};
  return *static_cast<NodeHolder*>(data)->node;
}

napi_value gradFn(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return wrapNode(env, tensorArg(env, args[0]).grad_fn());
  });
}

napi_value nodeName(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    return jsString(env, nodeArg(env, args[0]).name());
  });
}

// nodeNextFunctions(node): [[node | null, input_nr], ...], as Python's next_functions.
napi_value nodeNextFunctions(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    const auto& edges = nodeArg(env, args[0]).next_edges();
    napi_value result;
    check(env, napi_create_array_with_length(env, edges.size(), &result));
    for (size_t i = 0; i < edges.size(); i++) {
      napi_value pair;
      check(env, napi_create_array_with_length(env, 2, &pair));
      check(env, napi_set_element(env, pair, 0, wrapNode(env, edges[i].function)));
      check(env, napi_set_element(env, pair, 1, jsNumber(env, edges[i].input_nr)));
      check(env, napi_set_element(env, result, static_cast<uint32_t>(i), pair));
    }
    return result;
  });
}

// ---- hooks ----

// setHookRunner(fn): the JS function every hook calls, (id, grad handle | null) => handle | undefined.
napi_value setHookRunner(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    if (typeOf(env, args[0]) != napi_function) throw ArgError{ErrorKind::Type, "expected a function"};
    JsState& state = jsState;
    if (state.env != env) {
      state = JsState{};
      state.env = env;
      state.mailbox = std::make_shared<Mailbox>();
      {
        std::lock_guard<std::mutex> lock(mailboxesMutex);
        mailboxes[env] = state.mailbox;
      }
      check(env, napi_add_env_cleanup_hook(env, cleanupJsState, &state));
    }
    if (state.runner) napi_delete_reference(env, state.runner);
    state.runner = nullptr;
    check(env, napi_create_reference(env, args[0], 1, &state.runner));
    return jsUndefined(env);
  });
}

// What remove() needs: the tensor's hook list (shared with its grad_fn, so it outlives the
// tensor while the graph lives) and the hook's place in it.
struct HookHandle {
  std::weak_ptr<torch::autograd::hooks_list> list;
  unsigned pos;
};

void finalizeHookHandle(node_api_basic_env env, void* data, void* /*hint*/) { delete static_cast<HookHandle*>(data); }

// registerHook(t, name): [id, handle]. The JS function for `id` is kept by lib/autograd.ts.
napi_value registerHook(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> args(env, info);
    const at::Tensor& t = tensorArg(env, args[0]);
    std::string name = stringArg(env, args[1]);
    TORCH_CHECK(t.requires_grad(), "cannot register a hook on a tensor that doesn't require gradient");
    int64_t id = nextHookId++;
    auto token = std::make_shared<HookToken>(env, id, std::move(name));
    unsigned pos = t.register_hook([token](const at::Tensor& grad) -> at::Tensor {
      at::TensorBase result = callJsHook(*token, grad);
      return result.defined() ? at::Tensor(std::move(result)) : at::Tensor();
    });
    auto* meta = torch::autograd::impl::get_autograd_meta(t);
    auto* handle = new HookHandle{meta ? meta->cpp_hooks_list_ : nullptr, pos};
    napi_value external, result;
    if (napi_create_external(env, handle, finalizeHookHandle, nullptr, &external) != napi_ok) {
      delete handle;
      throw PendingJsError{};
    }
    check(env, napi_create_array_with_length(env, 2, &result));
    check(env, napi_set_element(env, result, 0, jsNumber(env, static_cast<double>(id))));
    check(env, napi_set_element(env, result, 1, external));
    return result;
  });
}

// removeHook(handle): as Tensor::remove_hook, on the hook list itself; removing twice is a no-op.
napi_value removeHook(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    void* data = nullptr;
    if (napi_get_value_external(env, args[0], &data) != napi_ok || !data) {
      throw ArgError{ErrorKind::Type, "expected a hook handle"};
    }
    auto* handle = static_cast<HookHandle*>(data);
    if (auto list = handle->list.lock()) {
      if (handle->pos < list->size()) (*list)[handle->pos] = nullptr;
    }
    handle->list.reset();
    return jsUndefined(env);
  });
}

// takeDeadHooks(): the ids of this environment's hooks that can no longer run.
napi_value takeDeadHooks(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    std::vector<int64_t> ids;
    {
      std::lock_guard<std::mutex> lock(deadHooksMutex);
      std::vector<std::pair<napi_env, int64_t>> kept;
      for (const auto& entry : deadHooks) {
        if (entry.first == env) {
          ids.push_back(entry.second);
        } else {
          kept.push_back(entry);
        }
      }
      deadHooks.swap(kept);
    }
    return jsIntArray(env, ids);
  });
}

// ---- the worker-thread backward's switch and counter ----

// setBackwardOnWorkerThread(on): run every backward off the JS thread (the path CUDA backward
// with JS hooks takes), so that it can be exercised on CPU.
napi_value setBackwardOnWorkerThread(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    backwardOnWorkerThread = boolArg(env, args[0]);
    return jsUndefined(env);
  });
}

napi_value getBackwardOnWorkerThread(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, backwardOnWorkerThread); });
}

// marshalledJsCallCount(): how many JS calls engine threads have had run on a JS thread.
napi_value marshalledJsCallCount(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsNumber(env, static_cast<double>(marshalledJsCalls.load())); });
}

// ---- grad mode and inference mode ----

napi_value setGradEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    c10::GradMode::set_enabled(boolArg(env, args[0]));
    return jsUndefined(env);
  });
}

napi_value isGradEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, c10::GradMode::is_enabled()); });
}

// c10::InferenceMode is an RAII guard over thread-local state: enter pushes one, exit pops and
// so restores what was before. lib/autograd.ts pairs them with try/finally.
thread_local std::vector<std::unique_ptr<c10::InferenceMode>> inferenceModes;

napi_value enterInferenceMode(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> args(env, info);
    inferenceModes.push_back(std::make_unique<c10::InferenceMode>(boolArg(env, args[0])));
    return jsUndefined(env);
  });
}

napi_value exitInferenceMode(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    TORCH_CHECK(!inferenceModes.empty(), "exitInferenceMode without enterInferenceMode");
    inferenceModes.pop_back();
    return jsUndefined(env);
  });
}

napi_value isInferenceModeEnabled(napi_env env, napi_callback_info info) {
  return guard(env, [&] { return jsBool(env, c10::InferenceMode::is_enabled()); });
}

}  // namespace

// functionApply(name, materialize, inputs, outputs, saved): wires a torch.autograd.Function's
// outputs (made under no_grad) to a JsFunctionNode whose edges go to `inputs`, keeping `saved`
// (ctx.save_for_backward's) for its backward; returns its id, under which lib/autograd.ts
// keeps the JS backward. A null output (not differentiable) takes a place among the node's
// inputs without a gradient edge, as Python's.
napi_value functionApply(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<5> args(env, info);
    std::string name = stringArg(env, args[0]);
    bool materialize = boolArg(env, args[1]);
    std::vector<at::Tensor> inputs = tensorListArg(env, args[2], false);
    std::vector<at::Tensor> outputs = tensorListArg(env, args[3], true);
    std::vector<at::Tensor> toSave = tensorListArg(env, args[4], true);
    int64_t id = nextHookId++;
    auto node = std::shared_ptr<JsFunctionNode>(
        new JsFunctionNode(std::make_shared<HookToken>(env, id, std::move(name)), materialize), torch::autograd::deleteNode);
    node->set_next_edges(torch::autograd::collect_next_edges(inputs));
    for (const at::Tensor& output : outputs) {
      if (output.defined()) {
        torch::autograd::impl::set_gradient_edge(output, {node, node->add_input_metadata(output)});
      } else {
        node->add_input_metadata(Node::undefined_input());
      }
    }
    for (const at::Tensor& t : toSave) {
      bool isOutput = t.defined() && std::any_of(outputs.begin(), outputs.end(), [&](const at::Tensor& o) {
        return o.defined() && o.unsafeGetTensorImpl() == t.unsafeGetTensorImpl();
      });
      node->saved.emplace_back(t, isOutput);
    }
    return jsNumber(env, static_cast<double>(id));
  });
}

void registerAutograd(Exports& exports) {
  // TORCHTS_BACKWARD_THREAD=1 at load: every backward on a worker thread (as the switch).
  const char* forced = std::getenv("TORCHTS_BACKWARD_THREAD");
  if (forced && *forced && std::strcmp(forced, "0") != 0) backwardOnWorkerThread = true;
  add(exports, "setBackwardOnWorkerThread", setBackwardOnWorkerThread);
  add(exports, "getBackwardOnWorkerThread", getBackwardOnWorkerThread);
  add(exports, "marshalledJsCallCount", marshalledJsCallCount);
  add(exports, "functionApply", functionApply);
  add(exports, "runBackward", runBackward);
  add(exports, "onesLike", onesLike);
  add(exports, "zerosLike", zerosLike);
  add(exports, "gradGet", gradGet);
  add(exports, "gradSet", gradSet);
  add(exports, "isLeaf", isLeaf);
  add(exports, "requiresGrad_", requiresGrad_);
  add(exports, "retainGrad", retainGrad);
  add(exports, "retainsGrad", retainsGrad);
  add(exports, "isInference", isInference);
  add(exports, "detach", detach);
  add(exports, "detach_", detach_);
  add(exports, "gradFn", gradFn);
  add(exports, "nodeName", nodeName);
  add(exports, "nodeNextFunctions", nodeNextFunctions);
  add(exports, "setHookRunner", setHookRunner);
  add(exports, "registerHook", registerHook);
  add(exports, "removeHook", removeHook);
  add(exports, "takeDeadHooks", takeDeadHooks);
  add(exports, "setGradEnabled", setGradEnabled);
  add(exports, "isGradEnabled", isGradEnabled);
  add(exports, "enterInferenceMode", enterInferenceMode);
  add(exports, "exitInferenceMode", exitInferenceMode);
  add(exports, "isInferenceModeEnabled", isInferenceModeEnabled);
}

}  // namespace torchts
