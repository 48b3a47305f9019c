#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fill a format-patch cover letter with a kept subject and blurb.

Usage: cover.py OLD_COVER NEW_COVER

Takes the subject and the text (up to the shortlog) of OLD_COVER, if it
exists, and puts them in place of git format-patch's "*** SUBJECT HERE ***"
and "*** BLURB HERE ***" in NEW_COVER, in place.
"""
import re
import sys

SHORTLOG = re.compile(r'^\S.* \(\d+\):$')


def subject_and_blurb(text):
    subject = 'mm/hmm: HMM mirror registry'
    m = re.search(r'^Subject: \[PATCH[^\]]*\] *(.*)$', text, re.M)
    if m:
        subject = m.group(1)
    body = text.split('\n\n', 1)[1] if '\n\n' in text else ''
    blurb = []
    for line in body.split('\n'):
        if SHORTLOG.match(line):
            break
        blurb.append(line)
    return subject, '\n'.join(blurb).rstrip('\n') or '*** BLURB HERE ***'


def fill(new_text, subject, blurb):
    new_text = new_text.replace('*** SUBJECT HERE ***', subject, 1)
    return new_text.replace('*** BLURB HERE ***', blurb, 1)


def main(argv):
    old, new = argv[1:3]
    try:
        subject, blurb = subject_and_blurb(open(old).read())
    except FileNotFoundError:
        subject, blurb = 'mm/hmm: HMM mirror registry', '*** BLURB HERE ***'
    text = open(new).read()
    open(new, 'w').write(fill(text, subject, blurb))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
