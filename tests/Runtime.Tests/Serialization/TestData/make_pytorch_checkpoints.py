#!/usr/bin/python3
"""Writes the PyTorch checkpoints that PyTorchCheckpointTests (the MLP) and PyTorchCnnCheckpointTests (the CNN, in
tests/Integration.Tests) load (issue #15).

A small PyTorch MLP, nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 3)), seeded, saved as safetensors in float32,
float16 and bfloat16 (mlp_f32/mlp_f16/mlp_bf16.safetensors), with its outputs for a fixed input in expected.json:
for the half-precision files, the outputs of the model whose weights were rounded to that precision and computed in
float32 (PyTorch 1.13 has no float16 matmul on the CPU; GraphGen widens half weights to float32 the same way).

The safetensors layout (8-byte little-endian header length, JSON header padded with spaces, raw little-endian data,
largest dtype first then by name) is written here directly, since Debian ships no python3-safetensors.
Run it from this folder with Debian's python3-torch (apt-get install -y python3-torch): ./make_pytorch_checkpoints.py
The CNN (conv-BN-ReLU-maxpool, conv, flatten, linear: Cnn below) is saved as cnn_f32/cnn_f16.safetensors after a few
training-mode forward passes, so its BatchNorm's running statistics are neither 0 nor 1, and its eval outputs for a fixed
[2, 1, 8, 8] input go in expected.json under "cnn" (num_batches_tracked stays int64 in both files, as PyTorch's .half()
leaves it).
"""
import json
import struct

import torch

DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


class Cnn(torch.nn.Module):
    """GraphGen's PyTorchCnn (tests/Integration.Tests/Modules/PyTorchCnn.cs) with the same field names."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(4)
        self.conv2 = torch.nn.Conv2d(4, 6, 3)
        self.fc = torch.nn.Linear(6 * 2 * 2, 3)

    def forward(self, x):
        h = torch.nn.functional.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        return self.fc(torch.flatten(self.conv2(h), 1))


def save_safetensors(path, tensors):
    items = sorted(tensors.items(), key=lambda kv: (-kv[1].element_size(), kv[0]))
    header, data, offset = {}, b"", 0
    for name, t in items:
        t = t.contiguous()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def write_mlp(expected):
    torch.manual_seed(15)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
    x = torch.linspace(-2, 2, 20).reshape(5, 4)
    expected.update({"input": x.tolist(), "outputs": {}})
    for dtype, suffix in [(torch.float32, "f32"), (torch.float16, "f16"), (torch.bfloat16, "bf16")]:
        state = {k: v.detach().to(dtype) for k, v in model.state_dict().items()}
        save_safetensors(f"mlp_{suffix}.safetensors", state)
        rounded = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
        rounded.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        with torch.no_grad():
            expected["outputs"][suffix] = rounded(x).tolist()


def write_cnn(expected):
    torch.manual_seed(16)
    model = Cnn().train()
    with torch.no_grad():
        model.bn1.weight.uniform_(0.5, 1.5)  # not PyTorch's 1 and 0, so a swapped or missing affine load shows
        model.bn1.bias.uniform_(-0.5, 0.5)
        for _ in range(3):
            model(torch.randn(4, 1, 8, 8) * 2 + 0.5)
    model.eval()
    x = torch.sin(torch.arange(2 * 8 * 8, dtype=torch.float32) * 0.37).reshape(2, 1, 8, 8)
    expected["cnn"] = {"input": x.tolist(), "outputs": {}}
    for dtype, suffix in [(torch.float32, "f32"), (torch.float16, "f16")]:
        state = {k: v.detach().to(dtype) if v.is_floating_point() else v for k, v in model.state_dict().items()}
        save_safetensors(f"cnn_{suffix}.safetensors", state)
        rounded = Cnn().eval()
        rounded.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()}, strict=True)
        with torch.no_grad():
            expected["cnn"]["outputs"][suffix] = rounded(x).tolist()


def main():
    expected = {}
    write_mlp(expected)
    write_cnn(expected)
    expected["torch_version"] = torch.__version__
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
