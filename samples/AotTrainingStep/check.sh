#!/usr/bin/env bash
# Publishes this sample as Native AOT, runs its training step, and prints the executable's size and the
# median time from process start to the end of the first training step (process exit included) over
# RUNS runs (default 9). Exit status 0 only if the publish succeeded and every run lowered the loss.
# Needs clang and zlib1g-dev (Native AOT's linker and libz); .ci/run installs them.
set -uo pipefail
cd "$(dirname "$0")/../.."

runs=${RUNS:-9}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if ! dotnet publish samples/AotTrainingStep -c Release -o "$out" >"$out/publish.log" 2>&1; then
  cat "$out/publish.log"
  echo "Native AOT publish of samples/AotTrainingStep failed"
  exit 1
fi
grep -E 'warning IL[0-9]+' "$out/publish.log" | sed -E 's/ \[.*//' | sort -u  # ILGPU's, shown, not hidden

exe="$out/AotTrainingStep"
"$exe" || { echo "the Native AOT training step failed"; exit 1; }

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$exe" >/dev/null || { echo "the Native AOT training step failed on a repeat run"; exit 1; }
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "Native AOT: executable $(stat -c %s "$exe") bytes; process start to first training step: median ${median} ms of ${runs} runs (all: $(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' '))"
