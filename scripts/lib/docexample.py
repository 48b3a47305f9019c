#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the driver example of Documentation/mm/hmm.rst into a module.

Usage: docexample.py HMM_RST OUT_DIR

The example is the first ".. code-block:: c" after the comment
".. The harness compiles the code block below against the series.".
OUT_DIR gets Kbuild and mydev_example.c: the includes, the block as
written, then definitions of the device functions the block only
declares (as empty static functions) and a module init that references
its functions, so that an external-module build (W=1) checks that the
example compiles and links against the series' exports.
"""
import re
import sys

MARK = '.. The harness compiles the code block below against the series.'

HEAD = '''// SPDX-License-Identifier: GPL-2.0
/* Generated from Documentation/mm/hmm.rst by scripts/lib/docexample.py. */
#include <linux/hmm.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/workqueue.h>

/* ---- the example, as in hmm.rst ---- */
'''

TAIL = '''
/* ---- the device code the example declares ---- */
static void mydev_unmap(struct mydev_ctx *ctx, unsigned long start,
			unsigned long end)
{
}

static void mydev_map(struct mydev_ctx *ctx, const struct hmm_range *range)
{
}

static void mydev_stop(struct mydev_ctx *ctx)
{
}

static void mydev_migrate_work(struct work_struct *work)
{
}

/* Reference the example's entry points; the module is built, never loaded. */
static void *const mydev_example_entry[] __used = {
	mydev_fault, mydev_bind, mydev_unbind,
};

static int __init mydev_example_init(void)
{
	return 0;
}
module_init(mydev_example_init);
MODULE_DESCRIPTION("Driver example of Documentation/mm/hmm.rst");
MODULE_LICENSE("GPL");
'''


def extract(text):
    lines = text.splitlines()
    try:
        i = lines.index(MARK)
    except ValueError:
        sys.exit('docexample: no "%s" in hmm.rst' % MARK)
    while i < len(lines) and not lines[i].startswith('.. code-block:: c'):
        i += 1
    if i == len(lines):
        sys.exit('docexample: no ".. code-block:: c" after the marker')
    block = []
    for line in lines[i + 1:]:
        if line and not line[0].isspace():
            break
        block.append(line)
    code = [re.sub(r'^(\t| {8}| {3})', '', b, count=1) for b in block]
    while code and not code[0].strip():
        code.pop(0)
    while code and not code[-1].strip():
        code.pop()
    if not code:
        sys.exit('docexample: the code block is empty')
    return '\n'.join(code) + '\n'


def main():
    rst, out = sys.argv[1:3]
    code = extract(open(rst).read())
    with open(out + '/mydev_example.c', 'w') as f:
        f.write(HEAD + code + TAIL)
    with open(out + '/Kbuild', 'w') as f:
        f.write('obj-m += mydev_example.o\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
