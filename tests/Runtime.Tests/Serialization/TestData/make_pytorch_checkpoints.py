#!/usr/bin/python3
"""Writes the PyTorch checkpoints that PyTorchCheckpointTests load (issue #15).

A small PyTorch MLP, nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 3)), seeded, saved as safetensors in float32,
float16 and bfloat16 (mlp_f32/mlp_f16/mlp_bf16.safetensors), with its outputs for a fixed input in expected.json:
for the half-precision files, the outputs of the model whose weights were rounded to that precision and computed in
float32 (PyTorch 1.13 has no float16 matmul on the CPU; GraphGen widens half weights to float32 the same way).

The safetensors layout (8-byte little-endian header length, JSON header padded with spaces, raw little-endian data,
largest dtype first then by name) is written here directly, since Debian ships no python3-safetensors.
Run it from this folder with Debian's python3-torch (apt-get install -y python3-torch): ./make_pytorch_checkpoints.py
The CNN case of the issue waits for the convolution layers (#11).
"""
import json
import struct

import torch

DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


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


def main():
    torch.manual_seed(15)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
    x = torch.linspace(-2, 2, 20).reshape(5, 4)
    expected = {"input": x.tolist(), "outputs": {}}
    for dtype, suffix in [(torch.float32, "f32"), (torch.float16, "f16"), (torch.bfloat16, "bf16")]:
        state = {k: v.detach().to(dtype) for k, v in model.state_dict().items()}
        save_safetensors(f"mlp_{suffix}.safetensors", state)
        rounded = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
        rounded.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
        with torch.no_grad():
            expected["outputs"][suffix] = rounded(x).tolist()
    expected["torch_version"] = torch.__version__
    with open("expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
