#!/usr/bin/env python3
"""The benchmark's peer: Python's email package on the same files. Prints the best of three
parse times in seconds (files are read into memory first, as the Swift side does)."""
import email
import email.policy
import os
import sys
import time

folder = sys.argv[1]
corpus = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as f:
        corpus.append(f.read())

def run():
    for data in corpus:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        if body is not None:
            body.get_content()

run()  # warm-up, like the Swift side
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    run()
    best = min(best, time.perf_counter() - start)
print(f"{best:.6f}")
