// Shared by the shim's translation units: handle structs, conversions, error macros.
// Internal: not part of the C interface in include/CTorch.h.
#pragma once

#include "CTorch.h"

#include <ATen/ATen.h>

#include <string>
#include <vector>

struct CTTensor {
    at::Tensor t;
};

struct CTGenerator {
    at::Generator g;
};

namespace ctorch {

/// The last error message on this thread (ct_last_error).
extern thread_local std::string g_error;
/// The calling thread's generator (ct_set_thread_generator).
extern thread_local CTGenerator *g_thread_generator;

/// The calling thread's generator, or none (libtorch then uses the default one).
inline c10::optional<at::Generator> gen() {
    return g_thread_generator ? c10::optional<at::Generator>(g_thread_generator->g) : c10::nullopt;
}

inline CTTensor *wrap(at::Tensor t) { return new CTTensor{std::move(t)}; }

inline at::ScalarType scalar_type(int dtype) {
    switch (dtype) {
    case CT_FLOAT32: return at::kFloat;
    case CT_FLOAT64: return at::kDouble;
    case CT_INT64: return at::kLong;
    case CT_INT32: return at::kInt;
    case CT_UINT8: return at::kByte;
    case CT_BOOL: return at::kBool;
    case CT_FLOAT16: return at::kHalf;
    case CT_BFLOAT16: return at::kBFloat16;
    case CT_INT8: return at::kChar;
    case CT_INT16: return at::kShort;
    }
    throw std::invalid_argument("unknown dtype code " + std::to_string(dtype));
}

inline int dtype_code(at::ScalarType s) {
    switch (s) {
    case at::kFloat: return CT_FLOAT32;
    case at::kDouble: return CT_FLOAT64;
    case at::kLong: return CT_INT64;
    case at::kInt: return CT_INT32;
    case at::kByte: return CT_UINT8;
    case at::kBool: return CT_BOOL;
    case at::kHalf: return CT_FLOAT16;
    case at::kBFloat16: return CT_BFLOAT16;
    case at::kChar: return CT_INT8;
    case at::kShort: return CT_INT16;
    default: return -1;
    }
}

inline at::TensorOptions options(int dtype) { return at::TensorOptions().dtype(scalar_type(dtype)); }
inline at::IntArrayRef dims(const int64_t *p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline at::IntArrayRef pair(const int64_t *p) { return at::IntArrayRef(p, 2); }
inline c10::optional<at::Tensor> opt(const CTTensor *t) {
    return t ? c10::optional<at::Tensor>(t->t) : c10::nullopt;
}

inline std::vector<at::Tensor> list(const CTTensor *const *ts, int n) {
    std::vector<at::Tensor> v;
    v.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) v.push_back(ts[i]->t);
    return v;
}

inline int64_t reduction(int r) {
    switch (r) {
    case CT_REDUCE_NONE: return at::Reduction::None;
    case CT_REDUCE_MEAN: return at::Reduction::Mean;
    case CT_REDUCE_SUM: return at::Reduction::Sum;
    }
    throw std::invalid_argument("unknown reduction " + std::to_string(r));
}

}  // namespace ctorch

// Runs body; on a C++ exception stores its message for ct_last_error and runs fail.
#define CT_TRY(body, fail)                                                                          \
    try {                                                                                           \
        body                                                                                        \
    } catch (const std::exception &e) {                                                             \
        ctorch::g_error = e.what();                                                                         \
        fail;                                                                                       \
    } catch (...) {                                                                                 \
        ctorch::g_error = "unknown C++ exception";                                                          \
        fail;                                                                                       \
    }
#define CT_T(expr) CT_TRY({ return ctorch::wrap(expr); }, return nullptr)
#define CT_NG(expr) CT_TRY({ at::NoGradGuard ng; expr; return 0; }, return -1)
