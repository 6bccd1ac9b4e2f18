// libtorch (ATen) behind the C interface in include/CTorch.h: creation, element-wise ops,
// reductions, in-place updates, autograd, generators and runtime settings (neural-network ops
// are in CTorchNN.cpp). Every entry point catches C++ exceptions into a thread-local message.
#include "Shim.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <malloc.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/generated/variable_factories.h>

#include <cmath>
#include <cstring>
#include <mutex>

namespace ctorch {
thread_local std::string g_error;
thread_local CTGenerator *g_thread_generator = nullptr;
}  // namespace ctorch

using namespace ctorch;

namespace {

at::Tensor unary(int op, const at::Tensor &t) {
    switch (op) {
    case CT_NEG: return t.neg();
    case CT_EXP: return t.exp();
    case CT_LOG: return t.log();
    case CT_SQRT: return t.sqrt();
    case CT_RSQRT: return t.rsqrt();
    case CT_ABS: return t.abs();
    case CT_SIGN: return t.sign();
    case CT_SQUARE: return t.square();
    case CT_RELU: return t.relu();
    case CT_SIGMOID: return t.sigmoid();
    case CT_TANH: return t.tanh();
    case CT_LOG1P: return t.log1p();
    case CT_FLOOR: return t.floor();
    case CT_CEIL: return t.ceil();
    case CT_ROUND: return t.round();
    case CT_ISFINITE: return t.isfinite();
    case CT_LOGICAL_NOT: return t.logical_not();
    case CT_GELU: return at::gelu(t);
    case CT_SOFTPLUS: return at::softplus(t);
    case CT_RECIPROCAL: return t.reciprocal();
    case CT_SILU: return at::silu(t);
    }
    throw std::invalid_argument("unknown unary op " + std::to_string(op));
}

at::Tensor binary(int op, const at::Tensor &a, const at::Tensor &b) {
    switch (op) {
    case CT_ADD: return a.add(b);
    case CT_SUB: return a.sub(b);
    case CT_MUL: return a.mul(b);
    case CT_DIV: return a.div(b);
    case CT_POW: return a.pow(b);
    case CT_MAXIMUM: return at::maximum(a, b);
    case CT_MINIMUM: return at::minimum(a, b);
    case CT_EQ: return a.eq(b);
    case CT_NE: return a.ne(b);
    case CT_LT: return a.lt(b);
    case CT_LE: return a.le(b);
    case CT_GT: return a.gt(b);
    case CT_GE: return a.ge(b);
    case CT_LOGICAL_AND: return a.logical_and(b);
    case CT_LOGICAL_OR: return a.logical_or(b);
    case CT_RSUB: return b.sub(a);
    case CT_RDIV: return b.div(a);
    case CT_FMOD: return a.fmod(b);
    }
    throw std::invalid_argument("unknown binary op " + std::to_string(op));
}

at::Tensor binary_scalar(int op, const at::Tensor &a, double s) {
    switch (op) {
    case CT_ADD: return a.add(s);
    case CT_SUB: return a.sub(s);
    case CT_MUL: return a.mul(s);
    case CT_DIV: return a.div(s);
    case CT_POW: return a.pow(s);
    case CT_MAXIMUM: return a.clamp_min(s);
    case CT_MINIMUM: return a.clamp_max(s);
    case CT_EQ: return a.eq(s);
    case CT_NE: return a.ne(s);
    case CT_LT: return a.lt(s);
    case CT_LE: return a.le(s);
    case CT_GT: return a.gt(s);
    case CT_GE: return a.ge(s);
    case CT_RSUB: return at::rsub(a, s);
    case CT_RDIV: return a.reciprocal().mul(s);
    case CT_FMOD: return a.fmod(s);
    }
    throw std::invalid_argument("binary op " + std::to_string(op) + " takes no scalar");
}

}  // namespace

extern "C" {

const char *ct_last_error(void) { return g_error.c_str(); }
void ct_free(CTTensor *t) { delete t; }

CTTensor *ct_zeros(const int64_t *s, int n, int d) { CT_T(at::zeros(dims(s, n), options(d))) }
CTTensor *ct_ones(const int64_t *s, int n, int d) { CT_T(at::ones(dims(s, n), options(d))) }
CTTensor *ct_full(const int64_t *s, int n, double v, int d) { CT_T(at::full(dims(s, n), v, options(d))) }
CTTensor *ct_randn(const int64_t *s, int n, int d) { CT_T(at::randn(dims(s, n), gen(), options(d))) }
CTTensor *ct_rand(const int64_t *s, int n, int d) { CT_T(at::rand(dims(s, n), gen(), options(d))) }
CTTensor *ct_randint(int64_t lo, int64_t hi, const int64_t *s, int n) {
    CT_T(at::randint(lo, hi, dims(s, n), gen(), at::TensorOptions().dtype(at::kLong)))
}
CTTensor *ct_randperm(int64_t n) { CT_T(at::randperm(n, gen(), at::TensorOptions().dtype(at::kLong))) }
CTTensor *ct_arange(double a, double b, double s, int d) { CT_T(at::arange(a, b, s, options(d))) }
CTTensor *ct_from_data(const void *data, int64_t nbytes, const int64_t *s, int n, int d) {
    CT_TRY({
        at::Tensor t = at::empty(dims(s, n), options(d));
        if (static_cast<int64_t>(t.nbytes()) != nbytes)
            throw std::invalid_argument("expected " + std::to_string(t.nbytes()) + " bytes for shape " +
                                        c10::str(t.sizes()) + ", got " + std::to_string(nbytes));
        if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
        return wrap(t);
    }, return nullptr)
}
CTTensor *ct_zeros_like(const CTTensor *t) { CT_T(at::zeros_like(t->t)) }
CTTensor *ct_ones_like(const CTTensor *t) { CT_T(at::ones_like(t->t)) }

int ct_dtype(const CTTensor *t) { return dtype_code(t->t.scalar_type()); }
int ct_ndim(const CTTensor *t) { return static_cast<int>(t->t.dim()); }
int ct_shape(const CTTensor *t, int64_t *out, int capacity) {
    int n = static_cast<int>(t->t.dim());
    for (int i = 0; i < n && i < capacity; i++) out[i] = t->t.size(i);
    return n;
}
int64_t ct_numel(const CTTensor *t) { return t->t.numel(); }
int ct_copy_data(const CTTensor *t, void *dst, int64_t nbytes) {
    CT_TRY({
        at::Tensor c = t->t.detach().contiguous();
        if (static_cast<int64_t>(c.nbytes()) != nbytes)
            throw std::invalid_argument("tensor holds " + std::to_string(c.nbytes()) + " bytes, buffer " +
                                        std::to_string(nbytes));
        if (nbytes > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(nbytes));
        return 0;
    }, return -1)
}
int ct_item(const CTTensor *t, double *out) { CT_TRY({ *out = t->t.item<double>(); return 0; }, return -1) }
CTTensor *ct_to_dtype(const CTTensor *t, int d) { CT_T(t->t.to(scalar_type(d))) }
CTTensor *ct_clone(const CTTensor *t) { CT_T(t->t.clone()) }
CTTensor *ct_detach(const CTTensor *t) { CT_T(t->t.detach()) }
CTTensor *ct_contiguous(const CTTensor *t) { CT_T(t->t.contiguous()) }
CTTensor *ct_share(const CTTensor *t) { CT_T(t->t) }

CTTensor *ct_unary(int op, const CTTensor *t) { CT_T(unary(op, t->t)) }
CTTensor *ct_binary(int op, const CTTensor *a, const CTTensor *b) { CT_T(binary(op, a->t, b->t)) }
CTTensor *ct_binary_scalar(int op, const CTTensor *a, double s) { CT_T(binary_scalar(op, a->t, s)) }
CTTensor *ct_add_alpha(const CTTensor *a, const CTTensor *b, double alpha) { CT_T(a->t.add(b->t, alpha)) }
CTTensor *ct_clamp(const CTTensor *t, double lo, double hi, bool has_lo, bool has_hi) {
    CT_T(at::clamp(t->t, has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt,
                   has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt))
}
CTTensor *ct_where(const CTTensor *c, const CTTensor *a, const CTTensor *b) { CT_T(at::where(c->t, a->t, b->t)) }
CTTensor *ct_leaky_relu(const CTTensor *t, double slope) { CT_T(at::leaky_relu(t->t, slope)) }

CTTensor *ct_reduce(int op, const CTTensor *t, const int64_t *d, int n, bool keep) {
    CT_TRY({
        const at::Tensor &x = t->t;
        std::vector<int64_t> all;
        if (n == 0) {
            for (int64_t i = 0; i < x.dim(); i++) all.push_back(i);
        } else {
            all.assign(d, d + n);
        }
        at::IntArrayRef ds(all);
        switch (op) {
        case CT_SUM: return wrap(n == 0 && !keep ? x.sum() : x.sum(ds, keep));
        case CT_MEAN: return wrap(n == 0 && !keep ? x.mean() : x.mean(ds, keep));
        case CT_AMAX: return wrap(x.amax(ds, keep));
        case CT_AMIN: return wrap(x.amin(ds, keep));
        case CT_PROD:
            if (n == 0 && !keep) return wrap(x.prod());
            if (n != 1) throw std::invalid_argument("prod reduces over one dimension or all");
            return wrap(x.prod(d[0], keep));
        case CT_VAR: return wrap(x.var(at::OptionalIntArrayRef(ds), /*unbiased=*/true, keep));
        case CT_STD: return wrap(x.std(at::OptionalIntArrayRef(ds), /*unbiased=*/true, keep));
        }
        throw std::invalid_argument("unknown reduction op " + std::to_string(op));
    }, return nullptr)
}
CTTensor *ct_argmax(const CTTensor *t, int64_t dim, bool keep) { CT_T(t->t.argmax(dim, keep)) }
CTTensor *ct_norm(const CTTensor *t, double p) { CT_T(t->t.norm(p)) }


int ct_add_(CTTensor *s, const CTTensor *o, double alpha) { CT_NG(s->t.add_(o->t, alpha)) }
int ct_binary_(int op, CTTensor *s, const CTTensor *o) {
    CT_TRY({
        at::NoGradGuard ng;
        switch (op) {
        case CT_ADD: s->t.add_(o->t); return 0;
        case CT_SUB: s->t.sub_(o->t); return 0;
        case CT_MUL: s->t.mul_(o->t); return 0;
        case CT_DIV: s->t.div_(o->t); return 0;
        case CT_POW: s->t.pow_(o->t); return 0;
        case CT_MAXIMUM: at::maximum_out(s->t, s->t, o->t); return 0;
        case CT_MINIMUM: at::minimum_out(s->t, s->t, o->t); return 0;
        }
        throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place form");
    }, return -1)
}
int ct_binary_scalar_(int op, CTTensor *s, double d) {
    CT_TRY({
        at::NoGradGuard ng;
        // An integral value updates an integer tensor (num_batches_tracked += 1) in its own type.
        at::Scalar v = (!at::isFloatingType(s->t.scalar_type()) && d == std::floor(d)) ? at::Scalar(static_cast<int64_t>(d))
                                                                                       : at::Scalar(d);
        switch (op) {
        case CT_ADD: s->t.add_(v); return 0;
        case CT_SUB: s->t.sub_(v); return 0;
        case CT_MUL: s->t.mul_(v); return 0;
        case CT_DIV: s->t.div_(v); return 0;
        case CT_POW: s->t.pow_(v); return 0;
        }
        throw std::invalid_argument("binary op " + std::to_string(op) + " has no in-place scalar form");
    }, return -1)
}
int ct_addcmul_(CTTensor *s, const CTTensor *a, const CTTensor *b, double v) { CT_NG(s->t.addcmul_(a->t, b->t, v)) }
int ct_addcdiv_(CTTensor *s, const CTTensor *a, const CTTensor *b, double v) { CT_NG(s->t.addcdiv_(a->t, b->t, v)) }
int ct_lerp_(CTTensor *s, const CTTensor *e, double w) { CT_NG(s->t.lerp_(e->t, w)) }
int ct_copy_(CTTensor *s, const CTTensor *src) { CT_NG(s->t.copy_(src->t)) }
int ct_clamp_(CTTensor *s, double lo, double hi, bool has_lo, bool has_hi) {
    CT_NG(s->t.clamp_(has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt,
                      has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt))
}
int ct_unary_(int op, CTTensor *s) {
    CT_TRY({
        at::NoGradGuard ng;
        switch (op) {
        case CT_NEG: s->t.neg_(); return 0;
        case CT_SQRT: s->t.sqrt_(); return 0;
        case CT_ABS: s->t.abs_(); return 0;
        case CT_EXP: s->t.exp_(); return 0;
        case CT_RELU: s->t.relu_(); return 0;
        case CT_SQUARE: s->t.square_(); return 0;
        case CT_RECIPROCAL: s->t.reciprocal_(); return 0;
        }
        throw std::invalid_argument("unary op " + std::to_string(op) + " has no in-place form");
    }, return -1)
}
int ct_fill_(CTTensor *s, double v) { CT_NG(s->t.fill_(v)) }
int ct_uniform_(CTTensor *s, double lo, double hi) { CT_NG(s->t.uniform_(lo, hi, gen())) }
int ct_normal_(CTTensor *s, double m, double sd) { CT_NG(s->t.normal_(m, sd, gen())) }

int ct_set_requires_grad(CTTensor *t, bool on) { CT_TRY({ t->t.set_requires_grad(on); return 0; }, return -1) }
bool ct_requires_grad(const CTTensor *t) { return t->t.requires_grad(); }
int ct_backward(CTTensor *t) { CT_TRY({ t->t.backward(); return 0; }, return -1) }
CTTensor *ct_grad(const CTTensor *t, bool *defined) {
    CT_TRY({
        const at::Tensor &g = t->t.grad();
        *defined = g.defined();
        return g.defined() ? wrap(g) : nullptr;
    }, return nullptr)
}
void ct_zero_grad(CTTensor *t) { t->t.mutable_grad() = at::Tensor(); }
int ct_set_grad(CTTensor *t, const CTTensor *g) { CT_TRY({ t->t.mutable_grad() = g->t; return 0; }, return -1) }
bool ct_set_grad_enabled(bool on) {
    bool previous = at::GradMode::is_enabled();
    at::GradMode::set_enabled(on);
    return previous;
}

CTGenerator *ct_generator_new(uint64_t seed) {
    CT_TRY({ return new CTGenerator{at::make_generator<at::CPUGeneratorImpl>(seed)}; }, return nullptr)
}
void ct_generator_free(CTGenerator *g) { delete g; }
CTTensor *ct_generator_state(const CTGenerator *g) {
    CT_TRY({
        at::Generator &gen = const_cast<CTGenerator *>(g)->g;
        std::lock_guard<std::mutex> lock(gen.mutex());
        return wrap(gen.get_state());
    }, return nullptr)
}
int ct_generator_set_state(CTGenerator *g, const CTTensor *state) {
    CT_TRY({
        std::lock_guard<std::mutex> lock(g->g.mutex());
        g->g.set_state(state->t);
        return 0;
    }, return -1)
}
CTGenerator *ct_set_thread_generator(CTGenerator *g) {
    CTGenerator *previous = g_thread_generator;
    g_thread_generator = g;
    return previous;
}

void ct_manual_seed(uint64_t seed) { at::manual_seed(seed); }
CTTensor *ct_rng_state(void) {
    CT_TRY({
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        return wrap(gen.get_state());
    }, return nullptr)
}
int ct_set_rng_state(const CTTensor *state) {
    CT_TRY({
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(state->t);
        return 0;
    }, return -1)
}
void ct_set_num_threads(int n) { at::set_num_threads(n); }
int ct_get_num_threads(void) { return at::get_num_threads(); }
void ct_tune_malloc(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // extern "C"
