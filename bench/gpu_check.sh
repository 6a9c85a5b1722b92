#!/usr/bin/env bash
# GPU check, for a machine with an NVIDIA GPU, the CUDA driver and (for cubin)
# the CUDA toolkit; under 5 minutes on a 16-core machine. The weights are
# not in the PTX (device globals filled at load), so a ResNet-50 CUDA
# compile is about 10 s of CPU time (0.67 MB of PTX, 71 kernels in one
# module, one ptxas run); the CPU compiles it is checked against take
# longer. Each GPU binary comes with its --report (NAME_gpu.json: per
# kernel the tiles, outputs per thread, registers, spills, occupancy), to
# set against the measured times.
#
#   bench/gpu_check.sh [--arch sm_90] [--runs 50] [--models "resnet18 resnet50"]
#
# Builds the project, then for ResNet-18 and ResNet-50 (random weights, fixed
# seed) at batch 1 and 8: compiles a CPU binary and a CUDA binary
# (resnet-compile --target=cuda --gpu-arch=..., the architecture from
# nvidia-smi's compute capability unless --arch), runs both on the same
# deterministic input, prints the max abs / relative error of the GPU output
# against the CPU one (and the CPU one against resnet-run: ResNet-18, batch 1),
# the GPU latency (median/min over --runs) and, when torch with CUDA is
# installed, PyTorch's eager latency on the same architecture.
# Exit status: 0 all within tolerance, 1 a mismatch or a failed step,
# 3 no usable CUDA device (runtime/cuda's code; 4 is a failed CUDA call).
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
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
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
ninja -C "$BUILD" -j"$(nproc)" resnet-import resnet-compile resnet-run resnet_cuda_runtime >/dev/null
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

# PyTorch eager on CUDA, same architecture (random weights): "torch_ms=X",
# or nothing when torch/torchvision with CUDA is not installed.
torch_latency() {
  "$PYTHON" - "$1" "$2" "$RUNS" <<'PY' 2>/dev/null || true
import sys, time
try:
    import torch, torchvision
except ImportError:
    sys.exit(0)
if not torch.cuda.is_available():
    sys.exit(0)
arch, batch, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
model = getattr(torchvision.models, arch)().cuda().eval()
x = torch.randn(batch, 3, 224, 224, device="cuda")
with torch.no_grad():
    for _ in range(5):
        model(x)
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        t = time.perf_counter(); model(x); torch.cuda.synchronize()
        times.append((time.perf_counter() - t) * 1e3)
times.sort()
print(f"torch_ms={times[len(times) // 2]:.3f}")
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
    timeout 240 "$BIN/resnet-compile" "$WORK/$model.mlir" --batch "$batch" \
      --target=cuda --gpu-arch="$ARCH" -o "$WORK/${name}_gpu" \
      --report "$WORK/${name}_gpu.json" >"$WORK/${name}_gpu.log" 2>&1 &
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
    # One random input for both binaries (and the reference).
    input="$WORK/x_b${batch}.npy"
    "$PYTHON" -c "import numpy as np, sys; np.save(sys.argv[1], np.random.default_rng(7).standard_normal(($batch, 3, 224, 224)).astype(np.float32))" "$input"
    timeout 120 "$WORK/${name}_cpu" --input "$input" --output "$WORK/${name}_cpu.npy" >/dev/null
    # The reference interpreter is slow: ResNet-18 at batch 1 only.
    if [[ $batch -eq 1 && $model == resnet18 ]] && ! timeout 240 "$BIN/resnet-run" "$WORK/$model.mlir" --input "$input" \
         --compare "$WORK/${name}_cpu.npy" --rtol 1e-3 --atol 1e-4 >"$WORK/${name}_ref.log" 2>&1; then
      printf '%-9s %-5s %s\n' "$model" "$batch" "FAIL (CPU binary vs resnet-run, see ${name}_ref.log)"; status=1; continue
    fi
    set +e
    # The first run loads the kernels (PTX is JIT-compiled here if no ptxas).
    timeout 600 "$WORK/${name}_gpu" --input "$input" --output "$WORK/${name}_gpu.npy" >/dev/null
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
    printf '%-9s %-5s %s %s gpu %s %s\n' "$model" "$batch" "$verdict" "$check" \
      "$(latency "$gpu_bench")" "$(torch_latency "$model" "$batch")"
  done
done
exit $status
