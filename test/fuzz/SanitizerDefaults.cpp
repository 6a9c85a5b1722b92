//===- SanitizerDefaults.cpp - ASan defaults of the fuzz targets ----------===//
//
// Linked into every fuzz target of a sanitized build, so that they run with
// the options lit gives the suites (test/lit_sanitizer.py) however they are
// started: by run-fuzzers.sh, or by hand to replay a finding.
//
//===----------------------------------------------------------------------===//

/// allow_user_poisoning=0: LLVM's BumpPtrAllocator (inline, in LLVM's
/// headers) poisons the unused rest of a slab that our instrumented code
/// starts, and unpoisons each allocation it makes; libMLIR's uninstrumented
/// copy then hands out memory from that slab without unpoisoning it, and ASan
/// reports a false use-after-poison in libMLIR (DenseArrayAttr::get copying
/// its elements after our TileAttr storage started a slab of the context's
/// uniquer: regress/mlir/tile-attr-starts-slab). ASAN_OPTIONS still wins.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
