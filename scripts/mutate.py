#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Apply or list deliberate bugs in mm/hmm.c, to check the KUnit suite bites.

Usage: mutate.py FILE NAME   rewrite FILE with mutation NAME
       mutate.py --list      list the mutations

scripts/mutate.sh runs the suite once per mutation and reports which cases
(or which lockdep/KASAN report) caught it.
"""
import sys

MUTATIONS = {
    # ->release() called with mirrors_sem held (upstream's v5.3 "fix").
    'release-under-lock': [
        ('\t\thmm->releasing = mirror;\n\t\tup_write(&hmm->mirrors_sem);\n',
         '\t\thmm->releasing = mirror;\n'),
        ('\t\tdown_write(&hmm->mirrors_sem);\n\t\thmm->releasing = NULL;\n',
         '\t\thmm->releasing = NULL;\n'),
    ],
    # The mirror stays on hmm->mirrors while its ->release() runs.
    'release-before-unlink': [
        ('\tlist_splice_init(&hmm->mirrors, &hmm->pending);\n', ''),
        ('list_first_entry_or_null(&hmm->pending,', 'list_first_entry_or_null(&hmm->mirrors,'),
        ('\t\tlist_del_init(&mirror->list);\n\t\thmm->releasing = mirror;\n',
         '\t\thmm->releasing = mirror;\n'),
        ('\t\tdown_write(&hmm->mirrors_sem);\n\t\thmm->releasing = NULL;\n',
         '\t\tdown_write(&hmm->mirrors_sem);\n\t\tlist_del_init(&mirror->list);\n'
         '\t\thmm->releasing = NULL;\n'),
    ],
    # hmm_mirror_unregister() returns while the mirror's ->release() runs
    # (upstream's v4.20 use-after-free).
    'unregister-no-wait': [
        ('\t\twait = true;\n', '\t\twait = false;\n'),
    ],
}


def main():
    if sys.argv[1:] == ['--list']:
        print('\n'.join(MUTATIONS))
        return 0
    path, name = sys.argv[1:3]
    text = open(path).read()
    for old, new in MUTATIONS[name]:
        if old not in text:
            print('mutation %s: pattern not found in %s:\n%s' % (name, path, old))
            return 1
        text = text.replace(old, new, 1)
    open(path, 'w').write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
