#!/usr/bin/env bash
# Side-by-side GPU benchmark, GraphGen (ILGPU, CUDA) vs PyTorch (cuBLAS), on the lent GPU machine.
#
# 1. On the development machine (has the .NET SDK), publish the benchmark self-contained — the GPU
#    machine has CUDA and PyTorch but no .NET:
#      dotnet publish bench/GpuBench -c Release -r linux-x64 --self-contained \
#          -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -o bench/gpu/publish
#    (bench/gpu/publish is git-ignored: pass it to the device tool's `carry`.)
# 2. On the GPU machine, from the repository root:  bash bench/gpu/run-on-gpu.sh [--quick]
#    It prints the GPU, then both tools' lines and a ratio table; results also go to $OUT if set.
set -euo pipefail
cd "$(dirname "$0")/../.."
quick="${1:-}"
out="${OUT:-/tmp/graphgen-gpu-bench}"
mkdir -p "$out"

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
bin=bench/gpu/publish/GpuBench
[[ -x "$bin" ]] || { echo "missing $bin: publish it first (see the top of this script)" >&2; exit 2; }

# GraphGen first, then PyTorch: each owns the GPU alone while it measures.
"$bin" $quick | tee "$out/graphgen.txt"
python3 bench/gpu/torch_bench.py $quick | tee "$out/torch.txt"

python3 - "$out/graphgen.txt" "$out/torch.txt" <<'PY' | tee "$out/summary.txt"
import sys
def read(path):
    rows = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, value, unit = line.split()
        rows[name] = (float(value), unit)
    return rows
gg, pt = read(sys.argv[1]), read(sys.argv[2])
print(f"{'benchmark':32} {'GraphGen':>14} {'PyTorch':>14}  GraphGen/PyTorch")
for name, (v, unit) in gg.items():
    p = pt.get(name, (float('nan'), unit))[0]
    print(f"{name:32} {v:>10.1f} {unit:9} {p:>10.1f} {unit:9}  {v / p:.2f}")
PY
