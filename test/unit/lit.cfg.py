# The GoogleTest executables under <build>/test/unit/bin, one lit test per case.
import lit.formats

config.name = "resnet-mlir-unit"
config.test_format = lit.formats.GoogleTest(".", "Tests")
config.test_source_root = config.unit_bin_dir
config.test_exec_root = config.unit_bin_dir
