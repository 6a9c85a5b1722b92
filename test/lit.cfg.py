# lit configuration of the resnet-mlir regression suite.
import os
import shutil

import lit.formats

config.name = "resnet-mlir"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.resnet_obj_root, "test")
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py", "lit.site.cfg.py.in"]

# Our tools first, then FileCheck/not/count from LLVM.
path = os.pathsep.join([config.resnet_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", os.environ["PATH"])])
config.environment["PATH"] = path

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%resnet_src", config.resnet_src_root))
# The build tree (link lines of the tools, for test/layering.test).
config.substitutions.append(("%resnet_obj_root", config.resnet_obj_root))
config.substitutions.append(("%resnet_test_inputs",
                             os.path.join(config.test_source_root, "Inputs")))
# Static libraries the build puts in <build>/lib (runtime/cuda's, ...).
config.substitutions.append(("%resnet_lib_dir",
                             os.path.join(config.resnet_obj_root, "lib")))

# Optional features: tests that need them say `REQUIRES:` and are reported as
# unsupported (skipped) where they are absent.
def python_has(module):
    import subprocess
    return subprocess.call([config.python_executable, "-c", "import " + module],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0

for module, feature in [("numpy", "numpy"), ("onnx", "python-onnx"),
                        ("torch", "torch"), ("torchvision", "torchvision"),
                        ("sklearn", "sklearn")]:
    if python_has(module):
        config.available_features.add(feature)
if config.ptxas and os.path.exists(config.ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas_cuda_root", os.path.dirname(
        os.path.dirname(config.ptxas))))
    config.substitutions.append(("%ptxas", config.ptxas))
# Hosts that run AVX-512 code: tests that compile for --target=x86-64-v4
# (a fixed target description, so a fixed choice of tiles) and run it.
def host_has_avx512():
    try:
        with open("/proc/cpuinfo") as f:
            return any(line.startswith("flags") and " avx512f" in line
                       for line in f)
    except OSError:
        return False

if host_has_avx512():
    config.available_features.add("avx512")
# The linkers resnet-compile prefers to GNU ld where installed.
for linker in ("ld.gold", "ld.lld"):
    if shutil.which(linker):
        config.available_features.add(linker)

# Release builds of MLIR compile pass statistics out (LLVM_ENABLE_STATS off):
# tests that check -mlir-pass-statistics output need `pass-statistics`.
def mlir_has_pass_statistics():
    import subprocess
    opt = os.path.join(config.resnet_tools_dir, "resnet-opt")
    try:
        run = subprocess.run([opt, "--cse", "-mlir-pass-statistics",
                              "-o", os.devnull], input="",
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return "num-cse'd" in run.stderr

if mlir_has_pass_statistics():
    config.available_features.add("pass-statistics")

# Sanitizer builds (-DRESNET_SANITIZE=ON, tools/sanitize-check.sh): any
# report fails the test (lit_sanitizer.py).
import sys
sys.path.insert(0, os.path.dirname(__file__))
import lit_sanitizer
lit_sanitizer.configure(config, config.resnet_src_root,
                        getattr(config, "resnet_sanitize", ""))
# %cc: the C driver resnet-compile links with by default (`cc`; in a
# sanitizer build the build's own C compiler, which alone links its
# instrumented runtime archives). Tests that compile or link C use it.
cc = (config.c_compiler if "sanitizer" in config.available_features
      else "cc")
if shutil.which(cc):
    config.available_features.add("cc")
config.substitutions.append(("%cc", cc))
# Tests that link our runtime libraries with `cc` themselves add these.
config.substitutions.append(
    ("%sanitizer_link_flags",
     "-fsanitize=address,undefined"
     if "sanitizer" in config.available_features else ""))
# libFuzzer builds (-DRESNET_FUZZ=ON): test/fuzz runs real, short fuzz runs.
if getattr(config, "resnet_fuzz", "") in ("ON", "1", "TRUE"):
    config.available_features.add("libfuzzer")

# runtime/cuda's stand-in CUDA driver (test/unit/FakeCudaDriver.c): compiled
# CUDA models run their host code on it, kernels are no-ops.
fake_cuda = os.path.join(config.resnet_obj_root, "test", "unit",
                         "libFakeCudaDriver.so")
if os.path.exists(fake_cuda):
    config.available_features.add("fake-cuda")
    config.substitutions.append(("%fake_cuda_driver", fake_cuda))
