#!/usr/bin/env bash
# GraphGen on a lent GPU in one call: the integration tests' GPU checks on real CUDA, then the side-by-side
# benchmark, GraphGen eager and compiled (ILGPU) vs PyTorch (cuBLAS), with a summary table.
#
# 1. On the development machine (has the .NET SDK), publish GpuBench self-contained — the GPU machine has CUDA
#    and PyTorch but no .NET. One file holds the benchmark and the check (~40 MB; the device tool carries 64 MiB):
#      dotnet publish bench/GpuBench -c Release -r linux-x64 --self-contained \
#          -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -o bench/gpu/publish
#    (bench/gpu/publish is git-ignored: pass it to the device tool's `carry`.) Rehearse it without a GPU:
#      GRAPHGEN_GPU_EMULATE=1 bench/gpu/publish/GpuBench --check     # every test passes on the CPU emulator
#      GRAPHGEN_GPU_EMULATE=1 bench/gpu/publish/GpuBench --smoke     # the smallest model, eager and compiled
# 2. On the GPU machine, from the repository root:
#      bash bench/gpu/run-on-gpu.sh [--quick] [--no-check | --check-only]
#    - check (`GpuBench --check`): tests/Integration.Tests/GpuCallTests.cs — every integration module's compiled
#      Call and backward on the device against the CPU backend, dropout masks, device-mismatch and shape errors, a
#      100-step training loop with flat device memory — run by a small reflection runner (bench/GpuCheck), one
#      "PASS/FAIL <test>" line each, on the real device (GRAPHGEN_GPU_REAL=1 is set by GpuBench).
#    - benchmark (`GpuBench [--quick]`): first one "# agreement" line per model (eager and compiled, 3 SGD steps from
#      the same parameters on the device, against the CPU), then eager_* and compiled_* µs per training step and
#      sgemm_4096; then torch_bench.py's lines; then the summary.
#    Everything goes to stdout and to $OUT (gpu.txt, gpu-check.txt, graphgen.txt, torch.txt, summary.txt).
#    Exit status: 0 when every check passed and eager agrees with compiled; 4 a check failed, 3 disagreement,
#    5 PyTorch failed (later steps still run after a failure).
set -euo pipefail
cd "$(dirname "$0")/../.."
quick="" check=yes bench=yes
for arg in "$@"; do
    case "$arg" in
        --quick) quick=--quick ;;
        --no-check) check=no ;;
        --check-only) bench=no ;;
        *) echo "run-on-gpu.sh: unknown argument '$arg'; expected --quick, --no-check or --check-only" >&2; exit 2 ;;
    esac
done
out="${OUT:-/tmp/graphgen-gpu-bench}"
mkdir -p "$out"
status=0

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
bin=bench/gpu/publish/GpuBench
[[ -x "$bin" ]] || { echo "missing $bin: publish it first (see the top of this script)" >&2; exit 2; }

if [[ $check == yes ]]; then
    "$bin" --check | tee "$out/gpu-check.txt" || status=4
fi
[[ $bench == yes ]] || exit "$status"

# GraphGen first, then PyTorch: each owns the GPU alone while it measures.
"$bin" $quick | tee "$out/graphgen.txt" || { rc=$?; [[ $status != 0 ]] || status=$rc; }
python3 bench/gpu/torch_bench.py $quick | tee "$out/torch.txt" || { [[ $status != 0 ]] || status=5; }

python3 bench/gpu/summarize.py "$out/graphgen.txt" "$out/torch.txt" "$out/gpu-check.txt" | tee "$out/summary.txt"
exit "$status"
