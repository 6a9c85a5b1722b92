# Sourced by bench.sh and zoo.sh: sets $python to $PYTHON, else the first of
# python3, /usr/bin/python3 that has numpy and onnx (Debian's python3 has
# both), or stops with an error.
python=${PYTHON:-}
if [[ -z $python ]]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c "import numpy, onnx" 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
[[ -n $python ]] || { echo "bench: error: no python3 with numpy and onnx (set PYTHON)" >&2; exit 1; }
