"""Checks that every lit test's REQUIRES lists the optional Python modules
it imports, so a machine without one skips the test instead of failing it.

usage: check_requires.py TEST_ROOT SRC_ROOT
For each .test/.mlir file, the Python it runs is the scripts its RUN lines
name (%S/..., %resnet_src/..., %resnet_test_inputs/...) plus inline
`%python -c` code, except under `%if FEATURE %{ %}`; a script's imports
include the module-level imports of the local modules it imports, and
exclude imports guarded by `except ImportError`. Prints one
line per missing feature and exits 1 if there is any.
"""
import ast
import os
import re
import sys

FEATURES = {"numpy": "numpy", "onnx": "python-onnx", "torch": "torch",
            "torchvision": "torchvision", "sklearn": "sklearn"}
SCRIPT = re.compile(r"%(S|resnet_src|resnet_test_inputs)(/[^\s;|'\"<>()]*\.py)")
INLINE = re.compile(r"%python -c (\"(?:[^\"\\]|\\.)*\"|'[^']*')")
INLINE_IMPORT = re.compile(r"(?:^|[;\s])(?:import|from)\s+([A-Za-z_]\w*)")


def guarded(node, parents):
    """Is `node` inside a try whose handlers catch ImportError?"""
    for parent in parents:
        if isinstance(parent, ast.Try) and any(
                h.type is None or "ImportError" in ast.dump(h.type) or
                "ModuleNotFoundError" in ast.dump(h.type)
                for h in parent.handlers):
            return True
    return False


def script_imports(path, seen, main=True):
    """Top-level module names `path` imports, following local modules. In a
    script everything counts; in a module it imports, the imports inside
    functions are lazy (run only if the script calls them) and do not."""
    if path in seen or not os.path.isfile(path):
        return set()
    seen.add(path)
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    names = set()

    def visit(node, parents):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and \
                not guarded(node, parents):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        if not main and isinstance(node, (ast.FunctionDef,
                                          ast.AsyncFunctionDef)):
            return
        for child in ast.iter_child_nodes(node):
            visit(child, parents + [node])

    visit(tree, [])
    result = set(names)
    for name in names:
        local = os.path.join(os.path.dirname(path), name + ".py")
        result |= script_imports(local, seen, main=False)
    return result


def run_lines(text):
    """The RUN lines of a test, continuations joined."""
    lines, current = [], ""
    for line in text.splitlines():
        m = re.search(r"RUN:(.*)$", line)
        if not m:
            continue
        part = m.group(1).rstrip()
        if part.endswith("\\"):
            current += part[:-1] + " "
        else:
            lines.append(current + part)
            current = ""
    return lines


def requires(text):
    features = set()
    for m in re.finditer(r"REQUIRES:(.*)$", text, re.M):
        features |= {f.strip() for f in re.split(r"[,&|()!]", m.group(1))}
    return features


def main(test_root, src_root):
    missing = []
    for dirpath, dirnames, filenames in os.walk(test_root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("Inputs", "unit"))
        for name in sorted(filenames):
            if not name.endswith((".test", ".mlir")):
                continue
            path = os.path.join(dirpath, name)
            text = open(path, encoding="utf-8").read()
            modules = set()
            optional = set()
            for line in run_lines(text):
                # `%if numpy %{ ... %}` runs only where the feature is.
                optional |= set(re.findall(r"%if\s+([\w-]+)\s*%\{", line))
                for kind, rest in SCRIPT.findall(line):
                    base = {"S": dirpath, "resnet_src": src_root,
                            "resnet_test_inputs":
                                os.path.join(test_root, "Inputs")}[kind]
                    script = os.path.normpath(base + rest)
                    modules |= script_imports(script, set())
                for code in INLINE.findall(line):
                    modules |= set(INLINE_IMPORT.findall(code[1:-1]))
            need = {FEATURES[m] for m in modules if m in FEATURES}
            for feature in sorted(need - requires(text) - optional):
                missing.append("%s: imports %s but REQUIRES lacks '%s'" % (
                    os.path.relpath(path, test_root),
                    [m for m in FEATURES if FEATURES[m] == feature][0],
                    feature))
    for line in missing:
        print(line)
    print("requirements checked: %d missing" % len(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
