"""Summary of one GPU run: GraphGen eager and compiled against PyTorch's same model, one row per model.
Usage: summarize.py graphgen.txt torch.txt [gpu-check.txt]. GpuBench names its lines eager_<model> and
compiled_<model>; torch_bench.py names them <model>; sgemm_<n> is the same name on both sides."""
import os
import sys


def read(path):
    """'<name> <value> <unit>' lines by name; '#' lines are comments."""
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        name, value, unit = line.split()
        rows[name] = (float(value), unit)
    return rows


def speedup(graphgen, torch, unit):
    """Above 1: GraphGen is faster. Times (us/...) divide PyTorch by GraphGen, rates (GFLOP/s) the other way."""
    if graphgen is None or torch is None or graphgen == 0 or torch == 0:
        return "n/a"
    return f"{(torch / graphgen if unit.startswith('us') else graphgen / torch):.2f}x"


def cell(entry):
    return f"{entry[0]:.1f}" if entry else "n/a"


graphgen, torch = read(sys.argv[1]), read(sys.argv[2])
models = []  # in GpuBench's order
for name in graphgen:
    model = name.split("_", 1)[1] if name.startswith(("eager_", "compiled_")) else name
    if model not in models:
        models.append(model)

print(f"| {'benchmark':28} | {'unit':8} | {'GraphGen eager':>14} | {'GraphGen compiled':>17} | {'PyTorch':>10} | eager speed-up | compiled speed-up |")
print(f"|{'-' * 30}|{'-' * 10}|{'-' * 15}:|{'-' * 18}:|{'-' * 11}:|---------------:|------------------:|")
for model in models:
    pt = torch.get(model)
    if model in graphgen:  # a line both sides name alike (sgemm_4096): one GraphGen value
        eager, compiled = graphgen[model], None
    else:
        eager, compiled = graphgen.get("eager_" + model), graphgen.get("compiled_" + model)
    unit = (eager or compiled or pt)[1]
    print(f"| {model:28} | {unit:8} | {cell(eager):>14} | {cell(compiled):>17} | {cell(pt):>10} | "
          f"{speedup(eager and eager[0], pt and pt[0], unit):>14} | {speedup(compiled and compiled[0], pt and pt[0], unit):>17} |")
print("Speed-up above 1: GraphGen faster than PyTorch (us/step: PyTorch time / GraphGen time; GFLOP/s: GraphGen / PyTorch).")

for line in open(sys.argv[1]):
    if line.startswith("# agreement"):
        print(line.rstrip())
if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
    check = open(sys.argv[3]).read().splitlines()
    print(next((l for l in check if l.startswith("# gpu check:")), "# gpu check: no summary line (did it crash? see gpu-check.txt)"))
    for line in check:
        if line.startswith("FAIL"):
            print(line)
