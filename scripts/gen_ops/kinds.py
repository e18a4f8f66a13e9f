"""The one table of argument kinds: how each schema type is read, by the binder (lib/_dispatch.ts),
by the compiled C++ wrappers (native/op_args.h) and typed in TS. The boxed path
(native/boxed.cc) reads the same kinds from the schema at run time."""
import re

# schema type ("int[2]" written "int[]") -> (binder kind, TS type, C++ reader of the compiled wrappers)
# A reader with {v} is a struct built from the value; {n} is the N of an int[N].
KINDS = {
    "Tensor": ("tensor", "Tensor", "tensorOrScalarArg"),
    "Tensor?": ("tensor?", "Tensor | null", "optionalTensorArg"),
    "Tensor[]": ("tensors", "Tensor[]", "tensorListArg"),
    "Tensor?[]": ("indices", "(Tensor | null)[]", "indicesArg"),
    "Scalar": ("scalar", "Scalar", "scalarArg"),
    "Scalar?": ("scalar?", "Scalar | null", "optionalScalarArg"),
    "Scalar[]": ("scalars", "Scalar[]", "ScalarList(env, {v})"),
    "int": ("int", "number", "intArg"),
    "int?": ("int?", "number | null", "optionalIntArg"),
    "SymInt": ("int", "number", "symIntArg"),
    "SymInt?": ("int?", "number | null", "optionalSymIntArg"),
    "DeviceIndex": ("int", "number", None),
    "int[]": ("ints", "number | number[]", "IntList(env, {v}, {n})"),
    "int[]?": ("ints?", "number | number[] | null", "OptionalIntList(env, {v}, {n})"),
    "SymInt[]": ("ints", "number | number[]", "SymIntList(env, {v}, {n})"),
    "SymInt[]?": ("ints?", "number | number[] | null", None),
    "float": ("float", "number", "doubleArg"),
    "float?": ("float?", "number | null", "optionalDoubleArg"),
    "float[]?": ("floats?", "number[] | null", None),
    "bool": ("bool", "boolean", "boolArg"),
    "bool?": ("bool?", "boolean | null", "optionalBoolArg"),
    "bool[]": ("bools", "boolean[]", None),
    "ScalarType": ("dtype", "dtype", "requiredDtypeArg"),
    "ScalarType?": ("dtype?", "dtype | null", "dtypeArg"),
    "Layout": ("layout", "layout", None),
    "Layout?": ("layout?", "layout | null", "layoutArg"),
    "Device": ("device", "string | device", None),
    "Device?": ("device?", "string | device | null", "deviceArg"),
    "MemoryFormat": ("memory_format", "memory_format", "memoryFormatArg"),
    "MemoryFormat?": ("memory_format?", "memory_format | null", "optionalMemoryFormatArg"),
    "str": ("str", "string", "StringArg(env, {v})"),
    "str?": ("str?", "string | null", "OptionalStringArg(env, {v})"),
    "Generator?": ("generator?", "Generator | null", "generatorArg"),
}

# Types torchts does not pass, with the reason the exclusion report gives.
UNSUPPORTED = {
    "Dimname": "named tensors (Dimname) are not supported",
    "Dimname[]": "named tensors (Dimname) are not supported",
    "Dimname?": "named tensors (Dimname) are not supported",
    "Dimname[]?": "named tensors (Dimname) are not supported",
    "Storage": "untyped storages are not exposed",
    "Stream": "streams are not exposed",
}


def schema_type(arg):
    """An argument's type as KINDS keys it: int[2] -> int[], annotations dropped."""
    return re.sub(r"\[\d+\]", "[]", str(arg.type))


def list_size(arg):
    """The N of an int[N] argument (0 for int[] and for other types)."""
    like = arg.type.is_list_like()
    return (like.size or 0) if like else 0
