# The GoogleTest executables under <build>/test/unit/bin, one lit test per case.
import lit.formats

config.name = "resnet-mlir-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = config.unit_bin_dir
config.test_exec_root = config.unit_bin_dir

# Sanitizer builds: any report fails the test (../lit_sanitizer.py).
import os
import sys
src_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(src_root, "test"))
import lit_sanitizer
lit_sanitizer.configure(config, src_root,
                        getattr(config, "resnet_sanitize", ""))
