#!/usr/bin/env bash
# GPU check, for a machine with an NVIDIA GPU, the CUDA driver and (for cubin)
# the CUDA toolkit. The compiles run in parallel (one per core); a ResNet-50
# CUDA compile takes about 7 minutes on one core of a small x86 machine
# (3.3 min to PTX, 3.8 min of ptxas for its 71 kernel modules, 464 MB of PTX
# with the weights), so budget 10 minutes on 16 cores.
#
#   bench/gpu_check.sh [--arch sm_90] [--runs 50] [--models "resnet18 resnet50"]
#
# Builds the project, then for ResNet-18 and ResNet-50 (random weights, fixed
# seed) at batch 1 and 8: compiles a CPU binary and a CUDA binary
# (resnet-compile --target=cuda --gpu-arch=...), runs both on the same
# deterministic input, prints the max abs / relative error of the GPU output
# against the CPU one and the GPU latency (median/min over --runs).
# Exit status: 0 all within tolerance, 1 a mismatch or a failed step,
# 3 no usable CUDA device (runtime/cuda's code).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${RESNET_BUILD_DIR:-$ROOT/build-gpucheck}"
WORK="${GPU_CHECK_WORK:-$BUILD/gpu-check}"
PYTHON="${PYTHON:-/usr/bin/python3}"
MODELS="resnet18 resnet50"
RUNS=50
ARCH=""
# Relative to the largest |CPU output|: f32 sums in another order.
TOLERANCE="${GPU_CHECK_TOLERANCE:-1e-3}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --arch) ARCH="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --models) MODELS="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "error: unknown option '$1'" >&2; exit 1 ;;
  esac
done

if [[ -z "$ARCH" ]]; then
  # compute_cap "9.0" -> sm_90; sm_90 when nvidia-smi cannot tell.
  cap="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n1 | tr -d ' .' || true)"
  ARCH="sm_${cap:-90}"
fi
export CUDA_ROOT="${CUDA_ROOT:-/usr/local/cuda}"

echo "== build ($BUILD)"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" -j"$(nproc)" resnet-import resnet-compile resnet_cuda_runtime >/dev/null
BIN="$BUILD/bin"
if ! "$BIN/resnet-compile" --help 2>&1 | grep -q -- '--gpu-arch'; then
  echo "error: this resnet-compile has no --target=cuda/--gpu-arch yet" >&2
  exit 1
fi
mkdir -p "$WORK"

# Max abs error, and it relative to the largest |reference|; exit 1 past tol.
compare() {
  "$PYTHON" - "$1" "$2" "$TOLERANCE" <<'PY'
import sys
import numpy as np
ref, got, tol = np.load(sys.argv[1]), np.load(sys.argv[2]), float(sys.argv[3])
if ref.shape != got.shape:
    print(f"shape mismatch {ref.shape} vs {got.shape}"); sys.exit(1)
err = float(np.max(np.abs(ref.astype(np.float64) - got)))
rel = err / max(float(np.max(np.abs(ref))), 1e-30)
same_top1 = bool(np.all(ref.argmax(axis=-1) == got.argmax(axis=-1)))
print(f"max_abs_err={err:.3e} rel_err={rel:.3e} top1_equal={same_top1}",
      end=" ")
sys.exit(0 if rel <= tol and np.all(np.isfinite(got)) else 1)
PY
}

# "bench: median_ms=X min_ms=Y ..." -> "median_ms=X min_ms=Y"
latency() { grep -o 'median_ms=[0-9.]* min_ms=[0-9.]*' <<<"$1" || echo "(no timing)"; }

status=0
# All compiles at once, each to its own log: "<name>_{cpu,gpu}.log".
echo "== compile (CPU and --target=cuda --gpu-arch=$ARCH, in parallel)"
pids=()
for model in $MODELS; do
  "$BIN/resnet-import" --arch "$model" --seed 1 -o "$WORK/$model.mlir"
  for batch in 1 8; do
    name="${model}_b${batch}"
    rm -f "$WORK/${name}_cpu" "$WORK/${name}_gpu"
    timeout 900 "$BIN/resnet-compile" "$WORK/$model.mlir" --batch "$batch" \
      -o "$WORK/${name}_cpu" >"$WORK/${name}_cpu.log" 2>&1 &
    pids+=($!)
    timeout 1200 "$BIN/resnet-compile" "$WORK/$model.mlir" --batch "$batch" \
      --target=cuda --gpu-arch="$ARCH" -o "$WORK/${name}_gpu" \
      >"$WORK/${name}_gpu.log" 2>&1 &
    pids+=($!)
  done
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

printf '%-9s %-5s %s\n' model batch result
for model in $MODELS; do
  for batch in 1 8; do
    name="${model}_b${batch}"
    if [[ ! -x "$WORK/${name}_cpu" ]]; then
      printf '%-9s %-5s %s\n' "$model" "$batch" "FAIL (CPU compile, see ${name}_cpu.log)"; status=1; continue
    fi
    if [[ ! -x "$WORK/${name}_gpu" ]]; then
      printf '%-9s %-5s %s\n' "$model" "$batch" "FAIL (GPU compile, see ${name}_gpu.log)"; status=1; continue
    fi
    # Same seed -> same random input for both binaries.
    timeout 120 "$WORK/${name}_cpu" --seed 7 --output "$WORK/${name}_cpu.npy" >/dev/null
    set +e
    # The first run loads the kernels (PTX is JIT-compiled here if no ptxas).
    timeout 600 "$WORK/${name}_gpu" --seed 7 --output "$WORK/${name}_gpu.npy" >/dev/null
    rc=$?
    set -e
    if [[ $rc -eq 3 ]]; then
      echo "error: no usable CUDA device (see the message above)" >&2; exit 3
    elif [[ $rc -ne 0 ]]; then
      printf '%-9s %-5s %s\n' "$model" "$batch" "FAIL (GPU run, exit $rc)"; status=1; continue
    fi
    if check="$(compare "$WORK/${name}_cpu.npy" "$WORK/${name}_gpu.npy")"; then
      verdict=ok
    else
      verdict=MISMATCH; status=1
    fi
    gpu_bench="$(timeout 600 "$WORK/${name}_gpu" --seed 7 --bench "$RUNS")"
    printf '%-9s %-5s %s %s gpu %s\n' "$model" "$batch" "$verdict" "$check" \
      "$(latency "$gpu_bench")"
  done
done
exit $status
