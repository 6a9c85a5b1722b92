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
    config.environment["ASAN_OPTIONS"] = _options(
        "ASAN_OPTIONS", ["detect_leaks=1", "abort_on_error=1",
                         "halt_on_error=1"])
    config.environment["LSAN_OPTIONS"] = _options(
        "LSAN_OPTIONS", ["suppressions=" + os.path.join(
            src_root, "tools", "lsan.supp"), "print_suppressions=0"])
    config.environment["UBSAN_OPTIONS"] = _options(
        "UBSAN_OPTIONS", ["print_stacktrace=1", "halt_on_error=1",
                          "abort_on_error=1"])
