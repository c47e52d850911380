//! Small static tensors live inline: creating them and computing with them allocates nothing.
//! Large ones live on the heap and never pass through the stack. A counting allocator proves
//! the first claim; the second is proved by running in test threads (2 MiB stacks) in debug.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use typed_tensor::prelude::*;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator unchanged; only counts calls, per thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + layout.size()));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + layout.size()));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// The bytes allocated while `f` runs (not counting what is freed: an upper bound of the peak).
fn bytes_in(f: impl FnOnce()) -> usize {
    let before = BYTES.with(Cell::get);
    f();
    BYTES.with(Cell::get) - before
}

/// Printing a 64 MB tensor reads and converts only the elements it shows (issue 26, item 16).
#[test]
fn printing_a_large_tensor_costs_what_it_prints() {
    let x = Tensor::<f32, Shape![256, 256, 256]>::full(1.5);
    let mut text = String::new();
    let bytes = bytes_in(|| text = x.to_string());
    assert!(text.starts_with("tensor([[[1.5000, 1.5000, 1.5000,  ..., 1.5000"), "{text}");
    assert!(bytes < 256 * 1024, "{bytes} bytes allocated to print {} characters", text.len());
}

#[test]
fn d2l_batch_ops_do_not_allocate() {
    let n = allocations_in(|| {
        let x: Tensor<f32, Shape![10, 2]> = Tensor::arange();
        let w = tensor!([[2.0f32], [-3.4]]);
        let b = tensor!([4.2f32]);
        // X * w^T summed by hand, + b, squared error: elementwise ops with broadcasting
        let wt = w.reshape::<Shape![1, 2]>();
        let prod = &x * &wt;
        let y = &prod + &b;
        let err = (&y - 1.0).square();
        let loss = err.mean();
        let mut acc: Tensor<f32, Shape![10, 2]> = Tensor::zeros();
        acc += &prod;
        acc *= 0.5;
        let _ = (&acc, &prod).cat::<0>();
        let _ = [&acc, &prod].stack::<0>();
        let _ = acc.eq(&prod).all();
        let _ = acc.exp().sum_to::<Shape![2]>();
        std::hint::black_box(loss.item());
    });
    assert_eq!(n, 0, "small tensors must not touch the heap");
}

#[test]
fn small_linear_algebra_does_not_allocate() {
    let a = Tensor::<f64, Shape![4, 4]>::from_fn(|[i, j]| if i == j { 4.0 } else { (i + j) as f64 / 8.0 });
    let v: Tensor<f64, Shape![4]> = Tensor::arange();
    let tall = Tensor::<f64, Shape![6, 2]>::from_fn(|[i, j]| if j == 0 { 1.0 } else { i as f64 });
    let y: Tensor<f64, Shape![6]> = Tensor::arange();
    let n = allocations_in(|| {
        let p = a.mm(&a);
        let q = a.matmul(&v);
        let d = v.dot(&v);
        let mv = a.mv(&v);
        let t = p.t();
        let tr = p.reshape::<Shape![2, 2, 4]>().transpose::<0, 2>();
        let s = a.sum_axis::<1>();
        let m = a.mean_axis::<0>();
        let mx = a.max_axis::<1>();
        let am = a.argmax_axis::<0>();
        let k = a.sum_axis_keepdim::<0>();
        let nrm = a.norm();
        let x = a.solve(&v).unwrap();
        let inv = a.inverse().unwrap();
        let w = tall.lstsq(&y).unwrap();
        std::hint::black_box((q, d, mv, t, tr, s, m, mx, am, k, nrm, x, inv, w, a.argmax()));
    });
    assert_eq!(n, 0, "linear algebra on small static tensors must not touch the heap");
}

#[test]
fn seed_broadcast_example_does_not_allocate() {
    let x: Tensor<f32, Shape![5, 3, 4, 1]> = Tensor::ones();
    let y: Tensor<f32, Shape![3, 1, 1]> = Tensor::ones();
    let n = allocations_in(|| {
        let z = &x + &y;
        std::hint::black_box(z);
    });
    assert_eq!(n, 0);
}

#[test]
fn large_tensors_allocate_once_each() {
    let a: Tensor<f32, Shape![1024, 1024]> = Tensor::ones();
    let b: Tensor<f32, Shape![1024]> = Tensor::ones();
    // the first large operation starts the thread pool (which allocates once, on this thread)
    std::hint::black_box(&a + &b);
    let n = allocations_in(|| {
        let c = &a + &b;
        std::hint::black_box(c);
    });
    assert_eq!(n, 1, "one allocation for the result, none for temporaries");
    // an owned left operand of the result's shape lends its buffer
    let n = allocations_in(|| {
        let c = a.clone(); // 1
        let d = c + &b; // 0: reuses c's buffer
        std::hint::black_box(d);
    });
    assert_eq!(n, 1);
}

#[test]
fn large_tensors_do_not_overflow_a_test_thread_stack() {
    // cargo test runs this on a thread with a 2 MiB stack; a 4 MiB or 64 MiB array on the
    // stack would overflow it, in debug builds especially
    let a: Tensor<f32, Shape![1024, 1024]> = Tensor::ones();
    let b = &a + &a;
    assert_eq!(b.sum().item(), 2.0 * 1024.0 * 1024.0);
    let big: Tensor<f32, Shape![256, 256, 256]> = Tensor::zeros();
    let row: Tensor<f32, Shape![256]> = Tensor::arange();
    let c = &big + &row;
    assert_eq!(c.as_slice()[256 * 256 * 256 - 1], 255.0);
    let d = c.clone().reshape::<Shape![_, 256]>();
    assert_eq!(d.shape(), [65536, 256]);
}

#[test]
fn d2l_loss_gradient_does_not_allocate() {
    // forward + backward of the d2l linear-regression loss at batch 10, in steady state
    let x = Tensor::<f32, Shape![10, 2]>::from_fn(|[i, j]| i as f32 * 0.1 - j as f32);
    let y = Tensor::<f32, Shape![10, 1]>::from_fn(|[i, _]| i as f32);
    let g = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        ((x.matmul(w) + b - &y).powi(2) / 2.0).mean()
    });
    let w = tensor!([[0.5f32], [-0.25]]);
    let b = tensor!([0.1f32]);
    let _ = g(&w, &b);
    let n = allocations_in(|| {
        for _ in 0..10 {
            let (loss, (dw, db)) = g(&w, &b);
            std::hint::black_box((loss, dw, db));
        }
    });
    assert_eq!(n, 0, "the gradient of a d2l batch must not touch the heap");
}

#[test]
fn d2l_training_steps_do_not_allocate() {
    use rand::{SeedableRng, rngs::StdRng};
    use typed_tensor::data::{BatchSize, DataLoader, Remainder};
    use typed_tensor::nn::{self, Linear, Module};
    use typed_tensor::optim::Sgd;
    let mut rng = StdRng::seed_from_u64(0);
    let x = Tensor::<f32, Shape![1000, 2]>::randn(&mut rng);
    let y = x.matmul(&tensor!([[2.0f32], [-3.4]])) + 4.2;
    let loader = DataLoader::new(&x, &y, BatchSize::<10>, Remainder::Error, true).unwrap();
    let mut net = Linear::<f32, Shape![2, 1]>::new(&mut rng);
    let (loss, trainer) = (nn::MseLoss, Sgd::new(0.03f32));
    let batches = loader.epoch(&mut rng); // one allocation per epoch: the shuffled order
    let n = allocations_in(|| {
        for (xb, yb) in batches {
            let (_, g) = loss.value_and_grad(&net.forward(&xb), &yb);
            trainer.zero_grad(&mut net);
            net.backward(&xb, &g);
            trainer.step(&mut net);
        }
    });
    assert_eq!(n, 0, "a training step of the d2l configuration must not touch the heap");
}

#[path = "../examples/linear_regression_scratch.rs"]
#[allow(dead_code)]
mod scratch;

#[test]
fn scratch_training_steps_do_not_allocate() {
    // seed §2.3: grad! over #[differentiable] linreg and squared_loss, into &mut Param, then sgd
    use rand::{SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(0);
    let (features, labels) = scratch::synthetic_data::<1000, _>(&tensor!([2.0f32, -3.4]), 4.2, &mut rng);
    let mut w = Param::new(Tensor::<f32, Shape![2, 1]>::normal(0.0, 0.01, &mut rng));
    let mut b = Param::new(Tensor::<f32, Shape![1]>::zeros());
    // one allocation per epoch, made here: the shuffled order
    let batches = scratch::data_iter::<10, 1000, _>(&features, &labels, &mut rng);
    let n = allocations_in(|| {
        for (x, y) in batches {
            let l = grad!(|w: &mut Param<f32, Shape![2, 1]>, b: &mut Param<f32, Shape![1]>| {
                scratch::squared_loss(&scratch::linreg(&x, w, b), &y).sum()
            });
            l(&mut w, &mut b);
            scratch::sgd(&mut w, 0.03, 10);
            scratch::sgd(&mut b, 0.03, 10);
        }
    });
    assert_eq!(n, 0, "a from-scratch training step must not touch the heap");
    assert!((w.value.as_slice()[0] - 2.0).abs() < 0.5, "and it trains: w = {}", w.value);
}
