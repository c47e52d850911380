//! Instruction counts of the small product and the d2l gradient, for comparing two builds
//! where timings are too noisy to tell a few percent apart: run each workload under
//! callgrind for two iteration counts, and the difference divided by the difference of the
//! counts is the instructions per call, the same in every run of the same binary.
//!
//! ```sh
//! cargo bench -p typed-tensor-benches --bench instructions --no-run   # prints the binary's path
//! for n in 1000 2000; do valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/deps/instructions-HASH mm4 $n 2>&1 | grep Collected; done
//! ```
//!
//! Workloads: `mm2` ... `mm16` (`a.mm(&b)` of two `f32` square matrices, the result returned
//! and read through `black_box`), `d2l` (the gradient of `benches/autodiff.rs`'s d2l loss, as
//! a `grad!` closure). `cargo bench` itself runs each once, briefly, as a smoke test.

use std::hint::black_box;

use typed_tensor::prelude::*;

fn mm<const N: usize>(iters: usize) -> f32 {
    let a: Tensor<f32, Shape![N, N]> = Tensor::from_fn(|[i, j]: [usize; 2]| (i * N + j) as f32 * 0.01);
    let b: Tensor<f32, Shape![N, N]> = Tensor::from_fn(|[i, j]: [usize; 2]| (i + j) as f32 * 0.02);
    let mut acc = 0.0;
    for _ in 0..iters {
        let c = black_box(&a).mm(black_box(&b));
        acc += black_box(&c).as_slice()[0];
    }
    acc
}

fn d2l(iters: usize) -> f32 {
    let x: Tensor<f32, Shape![10, 2]> =
        Tensor::from_fn(|[i, j]: [usize; 2]| ((i * 2 + j) as f32 * 0.37).sin());
    let y: Tensor<f32, Shape![10, 1]> = Tensor::from_fn(|[i, _]: [usize; 2]| i as f32 * 0.1);
    let f = grad!(|w: &Tensor<f32, Shape![2, 1]>, b: &Tensor<f32, Shape![1]>| {
        ((x.matmul(w) + b - &y).powi(2) / 2.0).mean()
    });
    let (w, b): (Tensor<f32, Shape![2, 1]>, Tensor<f32, Shape![1]>) =
        (tensor!([[0.5], [-0.3]]), tensor!([0.1]));
    let mut acc = 0.0;
    for _ in 0..iters {
        let (l, (gw, gb)) = f(black_box(&w), black_box(&b));
        acc += black_box(l.item() + gw.as_slice()[0] + gb.as_slice()[0]);
    }
    acc
}

fn run(workload: &str, iters: usize) -> Option<f32> {
    Some(match workload {
        "mm2" => mm::<2>(iters),
        "mm3" => mm::<3>(iters),
        "mm4" => mm::<4>(iters),
        "mm5" => mm::<5>(iters),
        "mm6" => mm::<6>(iters),
        "mm7" => mm::<7>(iters),
        "mm8" => mm::<8>(iters),
        "mm12" => mm::<12>(iters),
        "mm16" => mm::<16>(iters),
        "d2l" => d2l(iters),
        _ => return None,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.as_slice() {
        [workload, iters] => {
            let iters = iters.parse().expect("an iteration count");
            let r = run(workload, iters).expect("a workload: mm2 ... mm16 or d2l");
            println!("{r}");
        }
        _ => {
            for w in ["mm2", "mm3", "mm4", "mm5", "mm6", "mm7", "mm8", "mm12", "mm16", "d2l"] {
                black_box(run(w, 10));
            }
        }
    }
}
