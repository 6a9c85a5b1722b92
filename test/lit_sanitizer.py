"""Sanitizer options for the lit suites of a -DRESNET_SANITIZE=ON build.

Shared by test/lit.cfg.py and test/unit/lit.cfg.py. Every ASan, LSan or
UBSan report aborts the process (SIGABRT), so it fails the test even where
the test expects a non-zero exit (`not` fails on a signal). Leaks are
checked; tools/lsan.supp lists what libLLVM and libMLIR (not instrumented:
they come prebuilt) keep allocated until exit on purpose. The caller's
ASAN_OPTIONS, LSAN_OPTIONS and UBSAN_OPTIONS come after these and win.
"""
import os


def _options(name, defaults):
    caller = os.environ.get(name, "")
    return ":".join(defaults + ([caller] if caller else []))


def configure(config, src_root, enabled):
    """Adds the `sanitizer` feature and the options when `enabled`."""
    if enabled not in ("ON", "1", "TRUE"):
        return
    config.available_features.add("sanitizer")
    # allow_user_poisoning=0: LLVM's BumpPtrAllocator (inline, in LLVM's
    # headers) poisons the unused rest of a new slab when our instrumented
    # code allocates it, and unpoisons each allocation; libMLIR's
    # uninstrumented copy of the same code then hands out memory from that
    # slab without unpoisoning it, and ASan reports a false
    # use-after-poison in libMLIR (e.g. DenseArrayAttr::get after our
    # TileAttr storage started a slab in the context's uniquer).
    config.environment["ASAN_OPTIONS"] = _options(
        "ASAN_OPTIONS", ["detect_leaks=1", "abort_on_error=1",
                         "halt_on_error=1", "allow_user_poisoning=0"])
    config.environment["LSAN_OPTIONS"] = _options(
        "LSAN_OPTIONS", ["suppressions=" + os.path.join(
            src_root, "tools", "lsan.supp"), "print_suppressions=0"])
    config.environment["UBSAN_OPTIONS"] = _options(
        "UBSAN_OPTIONS", ["print_stacktrace=1", "halt_on_error=1",
                          "abort_on_error=1"])
