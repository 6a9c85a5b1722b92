"""Checks the kernels of a CUDA --report (resnet-compile --target=cuda).

Prints one line per kernel that reduces (conv, matmul, pool), then a
summary that the test checks: every conv and matmul kernel has at least
`--min-outputs` outputs per thread, FMAs in its innermost FMA loop, no
div/rem there and no FMA operand loaded from global memory there (its
weights and inputs come from shared memory; global loads that fill the
next K-slice's buffer are allowed), every kernel 0 spill bytes (when
ptxas ran).

usage: check-kernel-report.py REPORT.json [--min-outputs 16]
"""
import json
import sys


def main():
    path = sys.argv[1]
    min_outputs = 16
    if '--min-outputs' in sys.argv:
        min_outputs = int(sys.argv[sys.argv.index('--min-outputs') + 1])
    with open(path) as f:
        report = json.load(f)
    kernels = report.get('kernels', [])
    failures = []
    counted = 0
    for k in kernels:
        name = k['name']
        if k['spill_bytes'] > 0:
            failures.append('%s spills %d bytes' % (name, k['spill_bytes']))
        if not any(kind in name for kind in ('_conv_', '_matmul_', '_pool_')):
            continue
        print('%s: %d outputs/thread, %d threads, %d registers, %d spill '
              'bytes, %d B shared, occupancy %.2f, loop: %d fma / %d ld.shared '
              '(%d v4) / %d ld.global (%d into FMAs), %d div/rem, K-slices %s' % (
                  name, k['outputs_per_thread'], k['threads_per_block'],
                  k['registers'], k['spill_bytes'], k['shared_bytes'],
                  k['occupancy'], k['loop_fmas'], k['loop_shared_loads'],
                  k['loop_shared_vector_loads'], k['loop_global_loads'],
                  k['loop_global_fma_loads'], k['loop_div_rem'],
                  k['k_slices'] or 'none'))
        if '_pool_' in name:
            continue
        counted += 1
        if k['outputs_per_thread'] < min_outputs:
            failures.append('%s: %d outputs per thread' %
                            (name, k['outputs_per_thread']))
        if k['loop_fmas'] == 0:
            failures.append('%s: no FMA loop' % name)
        if k['loop_global_fma_loads'] != 0:
            failures.append('%s: %d FMA operands loaded from global memory '
                            'in the FMA loop' % (name,
                                                 k['loop_global_fma_loads']))
        if k['loop_div_rem'] != 0:
            failures.append('%s: div/rem in the FMA loop' % name)
    for failure in failures:
        print('FAIL: ' + failure)
    print('conv/matmul kernels: %d, failures: %d' % (counted, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
