// CTorch: a plain C interface over libtorch's ATen, for Swift.
//
// Every tensor is an opaque CTTensor* owned by the caller and released with ct_free.
// Functions returning a pointer return NULL on failure; functions returning int return
// -1 on failure (0 on success). After a failure, ct_last_error() gives libtorch's message
// (thread-local, valid until the next failing call on the same thread).
#ifndef CTORCH_H
#define CTORCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CTTensor CTTensor;
/// A CPU random generator (mt19937, as torch.Generator).
typedef struct CTGenerator CTGenerator;

/// Element types (the Swift side mirrors these values).
typedef enum {
    CT_FLOAT32 = 0, CT_FLOAT64 = 1, CT_INT64 = 2, CT_INT32 = 3, CT_UINT8 = 4, CT_BOOL = 5,
    CT_FLOAT16 = 6, CT_BFLOAT16 = 7, CT_INT8 = 8, CT_INT16 = 9
} CTDType;

typedef enum {
    CT_NEG, CT_EXP, CT_LOG, CT_SQRT, CT_RSQRT, CT_ABS, CT_SIGN, CT_SQUARE, CT_RELU, CT_SIGMOID,
    CT_TANH, CT_LOG1P, CT_FLOOR, CT_CEIL, CT_ROUND, CT_ISFINITE, CT_LOGICAL_NOT, CT_GELU,
    CT_SOFTPLUS, CT_RECIPROCAL, CT_SILU
} CTUnaryOp;

typedef enum {
    CT_ADD, CT_SUB, CT_MUL, CT_DIV, CT_POW, CT_MAXIMUM, CT_MINIMUM, CT_EQ, CT_NE, CT_LT, CT_LE,
    CT_GT, CT_GE, CT_LOGICAL_AND, CT_LOGICAL_OR, CT_RSUB, CT_RDIV, CT_FMOD
} CTBinaryOp;

typedef enum { CT_SUM, CT_MEAN, CT_AMAX, CT_AMIN, CT_PROD, CT_VAR, CT_STD } CTReduceOp;

typedef enum { CT_REDUCE_NONE = 0, CT_REDUCE_MEAN = 1, CT_REDUCE_SUM = 2 } CTReduction;

const char *ct_last_error(void);
void ct_free(CTTensor *t);

// Creation
CTTensor *ct_zeros(const int64_t *shape, int ndim, int dtype);
CTTensor *ct_ones(const int64_t *shape, int ndim, int dtype);
CTTensor *ct_full(const int64_t *shape, int ndim, double value, int dtype);
CTTensor *ct_randn(const int64_t *shape, int ndim, int dtype);
CTTensor *ct_rand(const int64_t *shape, int ndim, int dtype);
CTTensor *ct_randint(int64_t low, int64_t high, const int64_t *shape, int ndim);
CTTensor *ct_randperm(int64_t n);
CTTensor *ct_arange(double start, double end, double step, int dtype);
/// Copies nbytes from data into a new contiguous tensor of the given type and shape.
CTTensor *ct_from_data(const void *data, int64_t nbytes, const int64_t *shape, int ndim, int dtype);
CTTensor *ct_zeros_like(const CTTensor *t);
CTTensor *ct_ones_like(const CTTensor *t);

// Properties and copies
int ct_dtype(const CTTensor *t);
int ct_ndim(const CTTensor *t);
int ct_shape(const CTTensor *t, int64_t *out, int capacity);
int64_t ct_numel(const CTTensor *t);
/// Copies the tensor's elements (made contiguous) into dst, which holds nbytes.
int ct_copy_data(const CTTensor *t, void *dst, int64_t nbytes);
int ct_item(const CTTensor *t, double *out);
CTTensor *ct_to_dtype(const CTTensor *t, int dtype);
CTTensor *ct_clone(const CTTensor *t);
CTTensor *ct_detach(const CTTensor *t);
CTTensor *ct_contiguous(const CTTensor *t);
/// A new handle sharing the same tensor (same storage, same autograd identity).
CTTensor *ct_share(const CTTensor *t);

// Element-wise
CTTensor *ct_unary(int op, const CTTensor *t);
CTTensor *ct_binary(int op, const CTTensor *a, const CTTensor *b);
CTTensor *ct_binary_scalar(int op, const CTTensor *a, double s);
CTTensor *ct_add_alpha(const CTTensor *a, const CTTensor *b, double alpha);
CTTensor *ct_clamp(const CTTensor *t, double lo, double hi, bool has_lo, bool has_hi);
CTTensor *ct_where(const CTTensor *cond, const CTTensor *a, const CTTensor *b);
CTTensor *ct_leaky_relu(const CTTensor *t, double slope);

// Reductions (ndims == 0 reduces over all dimensions)
CTTensor *ct_reduce(int op, const CTTensor *t, const int64_t *dims, int ndims, bool keepdim);
CTTensor *ct_argmax(const CTTensor *t, int64_t dim, bool keepdim);
CTTensor *ct_norm(const CTTensor *t, double p);

// Linear algebra and neural-network ops
CTTensor *ct_matmul(const CTTensor *a, const CTTensor *b);
CTTensor *ct_linear(const CTTensor *x, const CTTensor *w, const CTTensor *b);
CTTensor *ct_conv2d(const CTTensor *x, const CTTensor *w, const CTTensor *b, const int64_t *stride,
                    const int64_t *padding, const int64_t *dilation, int64_t groups);
CTTensor *ct_conv_transpose2d(const CTTensor *x, const CTTensor *w, const CTTensor *b,
                              const int64_t *stride, const int64_t *padding,
                              const int64_t *output_padding, const int64_t *dilation, int64_t groups);
CTTensor *ct_batch_norm(const CTTensor *x, const CTTensor *w, const CTTensor *b, const CTTensor *running_mean,
                        const CTTensor *running_var, bool training, double momentum, double eps);
CTTensor *ct_max_pool2d(const CTTensor *x, const int64_t *kernel, const int64_t *stride,
                        const int64_t *padding, bool ceil_mode);
CTTensor *ct_avg_pool2d(const CTTensor *x, const int64_t *kernel, const int64_t *stride,
                        const int64_t *padding, bool ceil_mode, bool count_include_pad);
CTTensor *ct_adaptive_avg_pool2d(const CTTensor *x, const int64_t *output_size);
CTTensor *ct_adaptive_max_pool2d(const CTTensor *x, const int64_t *output_size);
/// mode 0: nearest, 1: bilinear.
CTTensor *ct_interpolate(const CTTensor *x, const int64_t *output_size, int mode, bool align_corners);
CTTensor *ct_softmax(const CTTensor *x, int64_t dim);
CTTensor *ct_log_softmax(const CTTensor *x, int64_t dim);

// Losses
CTTensor *ct_bce_with_logits(const CTTensor *x, const CTTensor *y, const CTTensor *weight, int reduction);
CTTensor *ct_cross_entropy(const CTTensor *x, const CTTensor *target, double label_smoothing, int reduction);
CTTensor *ct_l1_loss(const CTTensor *x, const CTTensor *y, int reduction);
CTTensor *ct_mse_loss(const CTTensor *x, const CTTensor *y, int reduction);

// Shape, indexing, joining
CTTensor *ct_reshape(const CTTensor *t, const int64_t *shape, int ndim);
CTTensor *ct_permute(const CTTensor *t, const int64_t *dims, int ndim);
CTTensor *ct_transpose(const CTTensor *t, int64_t d0, int64_t d1);
CTTensor *ct_flatten(const CTTensor *t, int64_t start, int64_t end);
CTTensor *ct_unsqueeze(const CTTensor *t, int64_t dim);
CTTensor *ct_squeeze(const CTTensor *t, int64_t dim);
CTTensor *ct_select(const CTTensor *t, int64_t dim, int64_t index);
CTTensor *ct_slice(const CTTensor *t, int64_t dim, int64_t start, int64_t end, int64_t step);
CTTensor *ct_index_select(const CTTensor *t, int64_t dim, const CTTensor *index);
CTTensor *ct_gather(const CTTensor *t, int64_t dim, const CTTensor *index);
CTTensor *ct_masked_fill(const CTTensor *t, const CTTensor *mask, double value);
CTTensor *ct_cat(const CTTensor *const *ts, int n, int64_t dim);
CTTensor *ct_stack(const CTTensor *const *ts, int n, int64_t dim);
CTTensor *ct_one_hot(const CTTensor *t, int64_t classes);

// In-place updates; all run without recording gradients.
int ct_add_(CTTensor *s, const CTTensor *o, double alpha);
int ct_binary_(int op, CTTensor *s, const CTTensor *o);
int ct_binary_scalar_(int op, CTTensor *s, double v);
int ct_addcmul_(CTTensor *s, const CTTensor *a, const CTTensor *b, double value);
int ct_addcdiv_(CTTensor *s, const CTTensor *a, const CTTensor *b, double value);
int ct_lerp_(CTTensor *s, const CTTensor *end, double weight);
int ct_copy_(CTTensor *s, const CTTensor *src);
int ct_clamp_(CTTensor *s, double lo, double hi, bool has_lo, bool has_hi);
int ct_unary_(int op, CTTensor *s);
int ct_fill_(CTTensor *s, double v);
int ct_uniform_(CTTensor *s, double lo, double hi);
int ct_normal_(CTTensor *s, double mean, double std);

// Autograd
int ct_set_requires_grad(CTTensor *t, bool on);
bool ct_requires_grad(const CTTensor *t);
int ct_backward(CTTensor *t);
/// The gradient, or NULL with *defined = false when there is none.
CTTensor *ct_grad(const CTTensor *t, bool *defined);
void ct_zero_grad(CTTensor *t);
int ct_set_grad(CTTensor *t, const CTTensor *g);
/// Sets thread-local grad mode; returns the previous one.
bool ct_set_grad_enabled(bool on);

// Random generators. Random functions draw from the calling thread's current generator when
// one is set with ct_set_thread_generator, else from the default generator.
CTGenerator *ct_generator_new(uint64_t seed);
void ct_generator_free(CTGenerator *g);
CTTensor *ct_generator_state(const CTGenerator *g);
int ct_generator_set_state(CTGenerator *g, const CTTensor *state);
/// Sets (or, with NULL, clears) this thread's current generator; returns the previous one.
CTGenerator *ct_set_thread_generator(CTGenerator *g);

// Runtime
void ct_manual_seed(uint64_t seed);
/// The default CPU generator's state as a new uint8 tensor.
CTTensor *ct_rng_state(void);
int ct_set_rng_state(const CTTensor *state);
void ct_set_num_threads(int n);
int ct_get_num_threads(void);
/// Raises glibc's mmap and trim thresholds so activation buffers are reused between steps.
void ct_tune_malloc(void);

#ifdef __cplusplus
}
#endif
#endif
