"""Writes deeply nested MLIR text to stdout.

usage: deep.py regions N    N nested scf.execute_region ops
       deep.py attributes N an attribute nested N array levels deep
       deep.py types N      a type nested N tuple levels deep
"""
import sys

kind, n = sys.argv[1], int(sys.argv[2])
if kind == "regions":
    print("func.func @main(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {")
    print("scf.execute_region {\n" * n, end="")
    print("scf.yield\n}\n" * n, end="")
    print("return %x : tensor<1x10xf32>\n}")
elif kind == "attributes":
    print("func.func @main() attributes {a = %s%s} {\n  return\n}"
          % ("[" * n, "]" * n))
elif kind == "types":
    print("func.func private @f(%s%s)" % ("tuple<" * n, "f32" + ">" * n))
else:
    sys.exit("unknown kind " + kind)
