"""Runs the command blocks of Markdown files, as a reader would.

    run_doc_blocks.py --src SRC --build BUILD FILE.md...

Every ```sh and ```python block runs (sh with bash -e, python with the
checkout's python/ on PYTHONPATH) in a fresh directory that holds links to
the checkout's top-level entries, with build/ linking to BUILD. A block may
be preceded by one HTML comment of directives, separated by ';':

    <!-- doc-test: skip REASON -->   not run here; REASON says where it is
                                     (e.g. CI runs it, or it needs torch)
    <!-- doc-test: here -->          the directory also holds the links to
                                     the Markdown file's own directory
    <!-- doc-test: images A.jpg B.png -->  synthetic images under those names
    <!-- doc-test: sub OLD NEW -->   run with OLD replaced by NEW (a smaller
                                     model, say); the change is printed
    <!-- doc-test: expect TEXT -->   the output must contain TEXT

Prints one line per block and a summary; exits 1 if any block failed.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e", "Inputs"))


def blocks(path):
    """(line, language, text, directives) for each fenced block."""
    lines = open(path).read().splitlines()
    i = 0
    while i < len(lines):
        match = re.match(r"^```(\w*)\s*$", lines[i])
        if not match:
            i += 1
            continue
        start, language = i, match.group(1)
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        directives = []
        if start > 0:
            comment = re.match(r"^<!-- doc-test: (.*) -->$", lines[start - 1])
            if comment:
                directives = [shlex.split(d) for d in comment.group(1).split(";")]
        yield start + 1, language, "\n".join(lines[start + 1:j]), directives
        i = j + 1


def write_images(names, directory):
    import numpy as np
    import images
    rng = np.random.default_rng(len(names))
    for name in names:
        path = os.path.join(directory, name)
        if name.endswith((".jpg", ".jpeg")):
            images.write_block_jpeg(path, rng.integers(0, 256, (40, 48),
                                                       dtype=np.uint8))
        else:
            images.write_png(path, rng.integers(0, 256, (300, 360, 3),
                                                dtype=np.uint8))


def prepare(work, src, build, markdown, here):
    for entry in os.listdir(src):
        if entry != "build" and not entry.startswith("."):
            os.symlink(os.path.join(src, entry), os.path.join(work, entry))
    os.symlink(build, os.path.join(work, "build"))
    if here:
        folder = os.path.dirname(os.path.abspath(markdown))
        for entry in os.listdir(folder):
            target = os.path.join(work, entry)
            if not os.path.lexists(target):
                os.symlink(os.path.join(folder, entry), target)


def run_block(markdown, line, language, text, directives, src, build):
    where = f"{os.path.relpath(markdown, src)}:{line}"
    options = {d[0]: d[1:] for d in directives if d}
    if "skip" in options:
        if not options["skip"]:
            print(f"{where}: FAILED: skip without a reason")
            return False
        print(f"{where}: skipped ({' '.join(options['skip'])})")
        return True
    for d in directives:
        if d and d[0] == "sub":
            if d[1] not in text:
                print(f"{where}: FAILED: sub: '{d[1]}' not in the block")
                return False
            text = text.replace(d[1], d[2])
            print(f"{where}: running with '{d[1]}' -> '{d[2]}'")
    with tempfile.TemporaryDirectory(prefix="doc-test-") as work:
        prepare(work, src, build, markdown, "here" in options)
        write_images(options.get("images", []), work)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.path.join(src, "python")
        if language == "python":
            command = [sys.executable, "-c", text]
        else:
            command = ["bash", "-e", "-o", "pipefail", "-c", text]
        result = subprocess.run(command, cwd=work, env=env, text=True,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
    expected = " ".join(options.get("expect", []))
    if result.returncode != 0 or expected not in result.stdout:
        why = (f"exit status {result.returncode}" if result.returncode
               else f"no '{expected}' in the output")
        print(f"{where}: FAILED ({why}):\n{text}\n--- output:\n{result.stdout}")
        return False
    print(f"{where}: ran")
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    ran = skipped = failed = 0
    for markdown in args.files:
        for line, language, text, directives in blocks(markdown):
            if language not in ("sh", "python"):
                continue
            ok = run_block(markdown, line, language, text, directives,
                           os.path.abspath(args.src),
                           os.path.abspath(args.build))
            skip = any(d and d[0] == "skip" for d in directives)
            failed += not ok
            ran += ok and not skip
            skipped += ok and skip
    print(f"doc blocks: {ran} ran, {skipped} skipped, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
