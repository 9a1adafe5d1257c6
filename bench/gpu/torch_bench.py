"""PyTorch side of the GPU benchmark: the same four training steps and the 4096x4096 SGEMM (cuBLAS),
printed as "<name> <value> <unit>" like GpuBench. Run on the GPU machine: python3 torch_bench.py [--quick]"""
import sys, time
import torch

quick = "--quick" in sys.argv
dev = torch.device("cuda")
torch.backends.cuda.matmul.allow_tf32 = False  # GraphGen computes in plain fp32; compare like with like
print(f"# device cuda: {torch.cuda.get_device_name(0)}, torch {torch.__version__}")

models = [
    ("mlp_2_5_20_3_b32_ce", [2, 5, 20, 3], 32, False),
    ("mlp_784_128_10_b64_ce", [784, 128, 10], 64, False),
    ("mlp_784_512_512_10_b128_ce", [784, 512, 512, 10], 128, False),
    ("mlp_4096_4096_4096_b256_mse", [4096, 4096, 4096], 256, True),
]
for name, sizes, batch, mse in models:
    torch.manual_seed(0)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(batch, sizes[0], device=dev)
    y = torch.randn(batch, sizes[-1], device=dev) if mse else (torch.arange(batch, device=dev) % sizes[-1])
    loss_fn = torch.nn.MSELoss() if mse else torch.nn.CrossEntropyLoss()

    def step():
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        opt.zero_grad()

    warm, steps = (3, 10) if quick else (20, 50 if sizes[0] == 4096 else 500)
    for _ in range(warm):
        step()
    torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    print(f"{name} {(time.perf_counter() - t) / steps * 1e6:.1f} us/step")

n = 4096
a = torch.randn(n, n, device=dev)
b = torch.randn(n, n, device=dev)
reps = 2 if quick else 10
a @ b
torch.cuda.synchronize()
t = time.perf_counter()
for _ in range(reps):
    a @ b
torch.cuda.synchronize()
print(f"sgemm_4096 {2 * n ** 3 / ((time.perf_counter() - t) / reps) / 1e9:.0f} GFLOP/s")
