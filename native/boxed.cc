// Calls any ATen operator through the dispatcher's boxed interface: the op surface beyond the
// compiled wrappers of ops_generated.cc. An operator is looked up once (opFind), which reads
// from its schema how each argument is to be read; opCall reads the JS arguments into a stack
// of IValues, calls the operator (autograd and every other dispatch key included, as the
// compiled wrappers do) and turns what it returns into JS values.
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/ivalue.h>
#include <ATen/core/LegacyTypeDispatch.h>

#include "op_args.h"

namespace torchts {

namespace {

// How one argument is read: the schema's type, with Optional and List unwrapped.
enum class Kind : uint8_t {
  Tensor, TensorList, OptionalTensorList, Int, IntList, Float, FloatList, Bool, BoolList,
  Scalar, ScalarList, ScalarType, Layout, Device, MemoryFormat, String, Generator,
};

struct ArgSpec {
  Kind kind;
  bool optional;
  size_t size;  // the N of an int[N] or bool[N]
};

struct BoxedOp {
  c10::OperatorHandle handle;
  std::vector<ArgSpec> args;
  // A factory (it takes TensorOptions) runs below autograd's in-place/view layer, as torch::'s
  // variable factories do: a new tensor's version is 0, as in Python.
  bool factory = false;
};

// The kind an argument is read as, or nothing when torchts cannot read it.
std::optional<ArgSpec> specOf(const c10::Argument& arg) {
  c10::TypePtr type = arg.real_type();
  bool optional = false;
  if (auto inner = type->cast<c10::OptionalType>()) {
    optional = true;
    type = inner->getElementType();
  }
  size_t size = arg.N() ? static_cast<size_t>(*arg.N()) : 0;
  auto spec = [&](Kind kind) { return std::optional<ArgSpec>(ArgSpec{kind, optional, size}); };
  switch (type->kind()) {
    case c10::TypeKind::TensorType: return spec(Kind::Tensor);
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType: return spec(Kind::Int);
    case c10::TypeKind::FloatType:
    case c10::TypeKind::SymFloatType: return spec(Kind::Float);
    case c10::TypeKind::BoolType:
    case c10::TypeKind::SymBoolType: return spec(Kind::Bool);
    case c10::TypeKind::NumberType: return spec(Kind::Scalar);
    case c10::TypeKind::ScalarTypeType: return spec(Kind::ScalarType);
    case c10::TypeKind::LayoutType: return spec(Kind::Layout);
    case c10::TypeKind::DeviceObjType: return spec(Kind::Device);
    case c10::TypeKind::MemoryFormatType: return spec(Kind::MemoryFormat);
    case c10::TypeKind::StringType: return spec(Kind::String);
    case c10::TypeKind::GeneratorType: return spec(Kind::Generator);
    case c10::TypeKind::ListType: {
      c10::TypePtr element = type->castRaw<c10::ListType>()->getElementType();
      switch (element->kind()) {
        case c10::TypeKind::TensorType: return spec(Kind::TensorList);
        case c10::TypeKind::OptionalType:
          if (element->castRaw<c10::OptionalType>()->getElementType()->kind() == c10::TypeKind::TensorType) {
            return spec(Kind::OptionalTensorList);
          }
          return std::nullopt;
        case c10::TypeKind::IntType:
        case c10::TypeKind::SymIntType: return spec(Kind::IntList);
        case c10::TypeKind::FloatType: return spec(Kind::FloatList);
        case c10::TypeKind::BoolType: return spec(Kind::BoolList);
        case c10::TypeKind::NumberType: return spec(Kind::ScalarList);
        default: return std::nullopt;
      }
    }
    default: return std::nullopt;
  }
}

uint32_t lengthOf(napi_env env, napi_value value, const char* what) {
  uint32_t length;
  if (napi_get_array_length(env, value, &length) != napi_ok) throw ArgError{ErrorKind::Type, std::string("expected a list of ") + what};
  return length;
}

template <typename T, typename Read>
c10::List<T> listOf(napi_env env, napi_value value, const char* what, Read read) {
  uint32_t length = lengthOf(env, value, what);
  c10::List<T> result;
  result.reserve(length);
  for (uint32_t i = 0; i < length; i++) {
    napi_value element;
    check(env, napi_get_element(env, value, i, &element));
    result.push_back(read(element));
  }
  return result;
}

c10::IValue readArg(napi_env env, napi_value value, const ArgSpec& spec) {
  // An absent generator goes to generatorArg, which gives the thread's own when it has one.
  if (spec.optional && spec.kind != Kind::Generator && isNullish(env, value)) return c10::IValue();
  switch (spec.kind) {
    case Kind::Tensor: return tensorOrScalarArg(env, value);
    case Kind::TensorList: return c10::List<at::Tensor>(tensorListArg(env, value));
    case Kind::OptionalTensorList: return indicesArg(env, value);
    case Kind::Int: return intArg(env, value);
    case Kind::IntList: return c10::List<int64_t>(sizedIntListArg(env, value, spec.size));
    case Kind::Float: return doubleArg(env, value);
    case Kind::FloatList: return listOf<double>(env, value, "floats", [&](napi_value v) { return doubleArg(env, v); });
    case Kind::Bool: return boolArg(env, value);
    case Kind::BoolList: return listOf<bool>(env, value, "booleans", [&](napi_value v) { return boolArg(env, v); });
    case Kind::Scalar: return scalarArg(env, value);
    case Kind::ScalarList: return listOf<at::Scalar>(env, value, "numbers", [&](napi_value v) { return scalarArg(env, v); });
    case Kind::ScalarType: return requiredDtypeArg(env, value);
    case Kind::Layout: return (layoutArg(env, value), c10::IValue(at::kStrided));  // null is torch.strided
    case Kind::Device: return c10::IValue(*deviceArg(env, value));
    case Kind::MemoryFormat: return memoryFormatArg(env, value);
    case Kind::String: return stringArg(env, value);
    case Kind::Generator: {
      auto generator = generatorArg(env, value);
      return generator ? c10::IValue(*generator) : c10::IValue();
    }
  }
  throw ArgError{ErrorKind::Type, "unsupported argument"};
}

napi_value toJs(napi_env env, const c10::IValue& value);

template <typename List>
napi_value arrayOf(napi_env env, const List& list) {
  napi_value result;
  check(env, napi_create_array_with_length(env, list.size(), &result));
  for (size_t i = 0; i < list.size(); i++) {
    check(env, napi_set_element(env, result, static_cast<uint32_t>(i), toJs(env, c10::IValue(list.get(i)))));
  }
  return result;
}

// A returned value as JS: tensors as handles (lib/ wraps them), lists and tuples as arrays, a
// complex number as { real, imag }.
napi_value toJs(napi_env env, const c10::IValue& value) {
  if (value.isTensor()) return wrap(env, value.toTensor());
  if (value.isNone()) return jsNull(env);
  if (value.isInt()) return jsNumber(env, static_cast<double>(value.toInt()));
  if (value.isDouble()) return jsNumber(env, value.toDouble());
  if (value.isBool()) return jsBool(env, value.toBool());
  if (value.isString()) return jsString(env, value.toStringRef());
  if (value.isComplexDouble()) {
    c10::complex<double> z = value.toComplexDouble();
    napi_value result;
    check(env, napi_create_object(env, &result));
    check(env, napi_set_named_property(env, result, "real", jsNumber(env, z.real())));
    check(env, napi_set_named_property(env, result, "imag", jsNumber(env, z.imag())));
    return result;
  }
  if (value.isTuple()) {
    const auto& elements = value.toTupleRef().elements();
    napi_value result;
    check(env, napi_create_array_with_length(env, elements.size(), &result));
    for (size_t i = 0; i < elements.size(); i++) check(env, napi_set_element(env, result, static_cast<uint32_t>(i), toJs(env, elements[i])));
    return result;
  }
  if (value.isList()) return arrayOf(env, value.toList());
  throw ArgError{ErrorKind::Type, std::string("torchts cannot return a value of type ") + value.tagKind()};
}

void finalizeOp(node_api_basic_env /*env*/, void* data, void* /*hint*/) { delete static_cast<BoxedOp*>(data); }

// opFind(name, overload, factory?) -> the operator, ready to call; throws for an argument type
// that torchts cannot read (the generator leaves such overloads out, so this is a bug if seen).
// factory: the generator's verdict (scripts/gen-ops.py, Bound.factory) that this overload is one
// of torch::'s variable factories.
napi_value opFind(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<3> a(env, info);
    std::string name = stringArg(env, a[0]);
    std::string overload = stringArg(env, a[1]);
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name.c_str(), overload.c_str());
    auto op = std::make_unique<BoxedOp>(BoxedOp{handle, {}});
    op->factory = !isNullish(env, a[2]) && boolArg(env, a[2]);
    for (const auto& arg : handle.schema().arguments()) {
      auto spec = specOf(arg);
      if (!spec) throw ArgError{ErrorKind::NotImplemented, "torchts cannot pass an argument of type " + arg.type()->str() + " (" + name + "." + overload + ")"};
      op->args.push_back(*spec);
    }
    napi_value result;
    check(env, napi_create_external(env, op.get(), finalizeOp, nullptr, &result));
    op.release();
    return result;
  });
}

// opCall(op, args): args holds one JS value per schema argument, already bound by lib/.
napi_value opCall(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<2> a(env, info);
    void* data = nullptr;
    check(env, napi_get_value_external(env, a[0], &data));
    const BoxedOp& op = *static_cast<BoxedOp*>(data);
    torch::jit::Stack stack;
    stack.reserve(op.args.size());
    for (size_t i = 0; i < op.args.size(); i++) {
      napi_value value;
      check(env, napi_get_element(env, a[1], static_cast<uint32_t>(i), &value));
      stack.push_back(readArg(env, value, op.args[i]));
    }
    std::optional<at::AutoDispatchBelowADInplaceOrView> belowAutograd;
    if (op.factory) belowAutograd.emplace();
    op.handle.callBoxed(stack);
    if (stack.empty()) return jsUndefined(env);
    if (stack.size() == 1) return toJs(env, stack[0]);
    napi_value result;
    check(env, napi_create_array_with_length(env, stack.size(), &result));
    for (size_t i = 0; i < stack.size(); i++) check(env, napi_set_element(env, result, static_cast<uint32_t>(i), toJs(env, stack[i])));
    return result;
  });
}

// opSchemas(name): the schema of every overload of the operator "aten::name" (a qualified name) the dispatcher
// has, as the JIT prints it (torch.ops.aten.<name> binds calls with them).
napi_value opSchemas(napi_env env, napi_callback_info info) {
  return guard(env, [&] {
    Args<1> a(env, info);
    const std::string name = stringArg(env, a[0]);
    std::vector<std::string> schemas;
    for (const c10::OperatorName& op : c10::Dispatcher::singleton().getAllOpNames()) {
      if (op.name != name) continue;  // name is qualified: "aten::slice"
      auto handle = c10::Dispatcher::singleton().findSchema(op);
      if (handle) schemas.push_back(c10::toString(handle->schema()));
    }
    napi_value result;
    check(env, napi_create_array_with_length(env, schemas.size(), &result));
    for (size_t i = 0; i < schemas.size(); i++) check(env, napi_set_element(env, result, static_cast<uint32_t>(i), jsString(env, schemas[i])));
    return result;
  });
}

}  // namespace

void registerBoxed(Exports& exports) {
  add(exports, "opSchemas", opSchemas);
  add(exports, "opFind", opFind);
  add(exports, "opCall", opCall);
}

}  // namespace torchts
