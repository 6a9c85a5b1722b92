"""ONNX's node conformance cases for the operators resnet-import accepts.

usage: onnx_conformance.py OUTDIR [--compile CASE ...] [--only]

Collects the cases of `onnx.backend.test.case.node` (the `expect` calls of
the operator modules the onnx package ships) for every operator a ResNet
uses, and writes each as a single-op model: the node's first input is the
graph input, every other input an initializer (resnet-import needs constant
weights). Each model is imported with resnet-import and run by resnet-run
(the reference interpreter); the --compile cases also through resnet-compile
and the binary (with --only, just those). The output is compared with ONNX's expected output (rtol
1e-4). A case is
  pass     imported, and every output matches;
  refused  resnet-import exits 1 with an error message (unsupported);
  wrong    imported, but an output differs or the run fails;
  crashed  any other exit (a signal, no message).
Prints one line per case that does not pass, then the summary line
  conformance: N cases, P pass, R refused, W wrong, C crashed
"""
import importlib
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

OPERATORS = {
    # op type: module of onnx.backend.test.case.node
    "Conv": "conv", "BatchNormalization": "batchnorm", "MaxPool": "maxpool",
    "AveragePool": "averagepool", "GlobalAveragePool": "globalaveragepool",
    "Relu": "relu", "Add": "add", "Sum": "sum", "Sub": "sub", "Mul": "mul",
    "Div": "div", "Gemm": "gemm", "MatMul": "matmul", "Flatten": "flatten",
    "Identity": "identity", "Dropout": "dropout", "Softmax": "softmax",
}
RTOL, ATOL = 1e-4, 1e-6


def collect_cases():
    """(name, model, inputs, outputs) of every single-node case of OPERATORS.
    Importing an operator's module runs its `expect` calls, which record the
    cases; only these modules are imported (others need newer NumPy)."""
    np.random.seed(0)
    import onnx.backend.test.case.node as node_cases
    node_cases._TargetOpType = None
    for module in sorted(set(OPERATORS.values())):
        importlib.import_module("onnx.backend.test.case.node." + module)
    for case in node_cases._NodeTestCases:
        nodes = case.model.graph.node
        if case.name.endswith("_expanded") or len(nodes) != 1 or \
                nodes[0].op_type not in OPERATORS:
            continue
        inputs, outputs = case.data_sets[0]
        yield case.name, case.model, list(inputs), list(outputs)


def opset_at_least_7(model):
    """resnet-import reads opsets 7-21. A case written at an older opset
    (the operator's first version, e.g. GlobalAveragePool's 1) moves to
    opset 7 when its operator is unchanged up to there."""
    op = model.graph.node[0].op_type
    opset = model.opset_import[0]
    if opset.version < 7 and \
            onnx.defs.get_schema(op, 7).since_version <= opset.version:
        opset.version = 7
    return model


def single_input_model(model, inputs):
    """The case's model with inputs 1.. as initializers."""
    graph = model.graph
    node = graph.node[0]
    present = [n for n in node.input if n]
    inits = [numpy_helper.from_array(np.asarray(a), n)
             for n, a in zip(present[1:], inputs[1:])]
    new_graph = helper.make_graph(list(graph.node), graph.name,
                                  [graph.input[0]], list(graph.output), inits)
    result = helper.make_model(new_graph,
                               opset_imports=list(model.opset_import))
    result.ir_version = model.ir_version
    return opset_at_least_7(result)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    return text.strip().splitlines()[-1] if text.strip() else "(no message)"


def compare(outputs, paths):
    for k, (want, path) in enumerate(zip(outputs, paths)):
        got = np.load(path)
        if got.shape != want.shape:
            return "output %d has shape %s, expected %s" % (
                k, got.shape, want.shape)
        if not np.allclose(got, want, rtol=RTOL, atol=ATOL):
            return "output %d differs by %g" % (
                k, float(np.max(np.abs(got - want))))
    return None


def check_case(outdir, name, model, inputs, outputs, compile_it):
    """Returns (status, detail)."""
    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    onnx_path, mlir_path = os.path.join(d, "model.onnx"), \
        os.path.join(d, "model.mlir")
    onnx.save(single_input_model(model, inputs), onnx_path)
    np.save(os.path.join(d, "input.npy"), np.asarray(inputs[0]))
    code, text = run(["resnet-import", onnx_path, "-o", mlir_path])
    if code == 1 and "error:" in text:
        return "refused", first_error(text)
    if code != 0:
        return "crashed", "resnet-import exit %d: %s" % (code, text[-300:])
    outs = [os.path.join(d, "out%d.npy" % k) for k in range(len(outputs))]
    cmd = ["resnet-run", mlir_path, "--input", os.path.join(d, "input.npy")]
    for path in outs:
        cmd += ["--output", path]
    code, text = run(cmd)
    if code != 0:
        return ("wrong" if code == 1 else "crashed"), \
            "resnet-run exit %d: %s" % (code, first_error(text))
    problem = compare(outputs, outs)
    if problem:
        return "wrong", "resnet-run " + problem
    if compile_it:
        exe = os.path.join(d, "model")
        code, text = run(["resnet-compile", mlir_path, "-o", exe])
        if code != 0:
            return "wrong", "resnet-compile exit %d: %s" % (
                code, first_error(text))
        code, text = run([exe, "--input", os.path.join(d, "input.npy"),
                          "--output", outs[0]])
        if code != 0:
            return "wrong", "binary exit %d: %s" % (code, text[-300:])
        problem = compare(outputs[:1], outs[:1])
        if problem:
            return "wrong", "compiled " + problem
        return "pass", "compiled"
    return "pass", ""


def main():
    outdir, args = sys.argv[1], sys.argv[2:]
    only = "--only" in args
    to_compile = set(a for a in args[1:] if a != "--only") \
        if args[:1] == ["--compile"] else set()
    counts = {"pass": 0, "refused": 0, "wrong": 0, "crashed": 0}
    for name, model, inputs, outputs in collect_cases():
        if only and name not in to_compile:
            continue
        status, detail = check_case(outdir, name, model, inputs, outputs,
                                    name in to_compile)
        counts[status] += 1
        if status != "pass" or detail:
            print("%s: %s: %s" % (name, status, detail))
    print("conformance: %d cases, %d pass, %d refused, %d wrong, %d crashed"
          % (sum(counts.values()), counts["pass"], counts["refused"],
             counts["wrong"], counts["crashed"]))


if __name__ == "__main__":
    main()
