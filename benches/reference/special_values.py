"""PyTorch's values and gradients of the elementwise functions at NaN, infinities, zeros and
other special inputs, for `tests/edge_cases.rs` (`elementwise_functions_at_special_values`).

Run from the repository root, with PyTorch installed (any recent version, CPU is enough):

    python benches/reference/special_values.py > tests/data/special_values.csv

Each row: function, dtype, input, PyTorch's output, and the gradient of the output's sum
with respect to the input (autograd, one element at a time so that a NaN gradient of one input
does not hide another's), all as Python's `repr` of the value widened to float64 (exact).
"""

import torch

INPUTS = [
    float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 1.0, -1.0, 0.5, -2.5,
    1e-30, 1e30, -1e30, 100.0, 800.0,
]

FUNCTIONS = {
    "exp": torch.exp,
    "ln": torch.log,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "abs": torch.abs,
    "sin": torch.sin,
    "cos": torch.cos,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "square": torch.square,
    "neg": torch.neg,
    "recip": torch.reciprocal,
    "signum": torch.sign,
    "powi2": lambda x: x ** 2,
    "powi3": lambda x: x ** 3,
    "powi0": lambda x: x ** 0,
    "powi-1": lambda x: x ** -1,
    "powf0.5": lambda x: x ** 0.5,
    "powf2.5": lambda x: x ** 2.5,
}

print("function,dtype,x,y,dx")
for name, f in FUNCTIONS.items():
    for dtype, label in [(torch.float32, "f32"), (torch.float64, "f64")]:
        for v in INPUTS:
            x = torch.tensor([v], dtype=dtype, requires_grad=True)
            y = f(x)
            y.sum().backward()
            xs, ys, gs = (float(t.detach()[0]) for t in (x, y, x.grad))
            print(f"{name},{label},{xs!r},{ys!r},{gs!r}")
