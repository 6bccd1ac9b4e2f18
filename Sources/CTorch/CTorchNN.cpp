// Neural-network ops, losses, shapes and indexing of the C interface (see include/CTorch.h).
#include "Shim.h"

using namespace ctorch;

extern "C" {

CTTensor *ct_matmul(const CTTensor *a, const CTTensor *b) { CT_T(a->t.matmul(b->t)) }
CTTensor *ct_linear(const CTTensor *x, const CTTensor *w, const CTTensor *b) { CT_T(at::linear(x->t, w->t, opt(b))) }
CTTensor *ct_conv2d(const CTTensor *x, const CTTensor *w, const CTTensor *b, const int64_t *s, const int64_t *p,
                    const int64_t *dl, int64_t g) {
    CT_T(at::conv2d(x->t, w->t, opt(b), pair(s), pair(p), pair(dl), g))
}
CTTensor *ct_conv_transpose2d(const CTTensor *x, const CTTensor *w, const CTTensor *b, const int64_t *s,
                              const int64_t *p, const int64_t *op, const int64_t *dl, int64_t g) {
    CT_T(at::conv_transpose2d(x->t, w->t, opt(b), pair(s), pair(p), pair(op), g, pair(dl)))
}
CTTensor *ct_batch_norm(const CTTensor *x, const CTTensor *w, const CTTensor *b, const CTTensor *rm,
                        const CTTensor *rv, bool training, double momentum, double eps) {
    CT_T(at::batch_norm(x->t, opt(w), opt(b), opt(rm), opt(rv), training, momentum, eps, false))
}
CTTensor *ct_max_pool2d(const CTTensor *x, const int64_t *k, const int64_t *s, const int64_t *p, bool ceil) {
    const int64_t one[2] = {1, 1};
    CT_T(at::max_pool2d(x->t, pair(k), pair(s), pair(p), pair(one), ceil))
}
CTTensor *ct_avg_pool2d(const CTTensor *x, const int64_t *k, const int64_t *s, const int64_t *p, bool ceil,
                        bool include_pad) {
    CT_T(at::avg_pool2d(x->t, pair(k), pair(s), pair(p), ceil, include_pad))
}
CTTensor *ct_adaptive_avg_pool2d(const CTTensor *x, const int64_t *o) { CT_T(at::adaptive_avg_pool2d(x->t, pair(o))) }
CTTensor *ct_adaptive_max_pool2d(const CTTensor *x, const int64_t *o) {
    CT_T(std::get<0>(at::adaptive_max_pool2d(x->t, pair(o))))
}
CTTensor *ct_interpolate(const CTTensor *x, const int64_t *o, int mode, bool align) {
    CT_TRY({
        if (mode == 0) return wrap(at::upsample_nearest2d(x->t, pair(o)));
        if (mode == 1) return wrap(at::upsample_bilinear2d(x->t, pair(o), align));
        throw std::invalid_argument("unknown interpolation mode " + std::to_string(mode));
    }, return nullptr)
}
CTTensor *ct_softmax(const CTTensor *x, int64_t dim) { CT_T(x->t.softmax(dim)) }
CTTensor *ct_log_softmax(const CTTensor *x, int64_t dim) { CT_T(x->t.log_softmax(dim)) }

CTTensor *ct_bce_with_logits(const CTTensor *x, const CTTensor *y, const CTTensor *w, int r) {
    CT_T(at::binary_cross_entropy_with_logits(x->t, y->t, opt(w), c10::nullopt, reduction(r)))
}
CTTensor *ct_cross_entropy(const CTTensor *x, const CTTensor *t, double ls, int r) {
    CT_T(at::cross_entropy_loss(x->t, t->t, c10::nullopt, reduction(r), -100, ls))
}
CTTensor *ct_l1_loss(const CTTensor *x, const CTTensor *y, int r) { CT_T(at::l1_loss(x->t, y->t, reduction(r))) }
CTTensor *ct_mse_loss(const CTTensor *x, const CTTensor *y, int r) { CT_T(at::mse_loss(x->t, y->t, reduction(r))) }

CTTensor *ct_reshape(const CTTensor *t, const int64_t *s, int n) { CT_T(t->t.reshape(dims(s, n))) }
CTTensor *ct_permute(const CTTensor *t, const int64_t *d, int n) { CT_T(t->t.permute(dims(d, n))) }
CTTensor *ct_transpose(const CTTensor *t, int64_t a, int64_t b) { CT_T(t->t.transpose(a, b)) }
CTTensor *ct_flatten(const CTTensor *t, int64_t a, int64_t b) { CT_T(t->t.flatten(a, b)) }
CTTensor *ct_unsqueeze(const CTTensor *t, int64_t d) { CT_T(t->t.unsqueeze(d)) }
CTTensor *ct_squeeze(const CTTensor *t, int64_t d) { CT_T(t->t.squeeze(d)) }
CTTensor *ct_select(const CTTensor *t, int64_t d, int64_t i) { CT_T(t->t.select(d, i)) }
CTTensor *ct_slice(const CTTensor *t, int64_t d, int64_t a, int64_t b, int64_t s) { CT_T(t->t.slice(d, a, b, s)) }
CTTensor *ct_index_select(const CTTensor *t, int64_t d, const CTTensor *i) { CT_T(t->t.index_select(d, i->t)) }
CTTensor *ct_gather(const CTTensor *t, int64_t d, const CTTensor *i) { CT_T(t->t.gather(d, i->t)) }
CTTensor *ct_masked_fill(const CTTensor *t, const CTTensor *m, double v) { CT_T(t->t.masked_fill(m->t, v)) }
CTTensor *ct_cat(const CTTensor *const *ts, int n, int64_t d) { CT_T(at::cat(list(ts, n), d)) }
CTTensor *ct_stack(const CTTensor *const *ts, int n, int64_t d) { CT_T(at::stack(list(ts, n), d)) }
CTTensor *ct_one_hot(const CTTensor *t, int64_t k) { CT_T(at::one_hot(t->t, k)) }

}  // extern "C"
