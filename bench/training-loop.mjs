// The small training loop that the memory benchmark and the memory test run: a two-layer
// MLP on random data, trained by hand with SGD, written as a tutorial writes it, with no
// manual frees. Its Python twin is PYTHON_LOOP, for the same figures from Python.
import torch from "torchts";

export function makeLoop({ seed = 0, batch = 32, inputs = 64, hidden = 128, outputs = 10, lr = 0.01 } = {}) {
  torch.manual_seed(seed);
  const w1 = torch.randn(inputs, hidden).mul(0.1).requires_grad_();
  const w2 = torch.randn(hidden, outputs).mul(0.1).requires_grad_();
  return function step() {
    const x = torch.randn(batch, inputs);
    const y = torch.randn(batch, outputs);
    const loss = x.matmul(w1).relu().matmul(w2).sub(y).pow(2).mean();
    loss.backward();
    torch.no_grad(() => {
      for (const w of [w1, w2]) {
        w.sub_(w.grad.mul(lr));
        w.grad.zero_();
      }
    });
    return loss;
  };
}

export const PYTHON_LOOP = `
import torch, resource, sys, json
def make_loop(seed=0, batch=32, inputs=64, hidden=128, outputs=10, lr=0.01):
    torch.manual_seed(seed)
    w1 = torch.randn(inputs, hidden).mul(0.1).requires_grad_()
    w2 = torch.randn(hidden, outputs).mul(0.1).requires_grad_()
    def step():
        x = torch.randn(batch, inputs)
        y = torch.randn(batch, outputs)
        loss = x.matmul(w1).relu().matmul(w2).sub(y).pow(2).mean()
        loss.backward()
        with torch.no_grad():
            for w in (w1, w2):
                w.sub_(w.grad.mul(lr))
                w.grad.zero_()
        return loss
    return step
`;
