#!/usr/bin/env python3
"""Runs every curl example of README.md (the ```console blocks between the examples markers)
against a fresh `gazette serve --demo` on a free port of 127.0.0.1, and compares each output
with the one written under it in the README. `--update` writes the real outputs instead.

usage: readme_examples.py GAZETTE_BINARY README [--update]
"""
import re, subprocess, sys, time

binary, readme_path = sys.argv[1], sys.argv[2]
update = "--update" in sys.argv[3:]
text = open(readme_path, encoding="utf-8").read()
start, end = text.index("<!-- examples:start -->"), text.index("<!-- examples:end -->")
section = text[start:end]
blocks = list(re.finditer(r"```console\n\$ (.*?)\n(.*?)```", section, re.S))
if not blocks: sys.exit("no examples found")

server = subprocess.Popen([binary, "serve", "--demo", "--host", "127.0.0.1", "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m: sys.exit(f"server did not start: {line!r}")
    port = m.group(1)
    failures, new_section, last = 0, "", 0
    for block in blocks:
        command, expected = block.group(1), block.group(2)
        run = command.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
        out = subprocess.run(["bash", "-c", run], capture_output=True, text=True, timeout=20).stdout
        out = out.replace(f"127.0.0.1:{port}", "127.0.0.1:8080")
        if not out.endswith("\n"): out += "\n"
        if out != expected:
            if not update:
                failures += 1
                print(f"DIFFERS: $ {command}\n--- README\n{expected}--- actual\n{out}")
        new_section += section[last:block.start()] + f"```console\n$ {command}\n{out}```"
        last = block.end()
    new_section += section[last:]
    if update:
        open(readme_path, "w", encoding="utf-8").write(text[:start] + new_section + text[end:])
        print(f"readme-examples: wrote {len(blocks)} outputs")
    else:
        print(f"{len(blocks) - failures} passed, {failures} failed")
        sys.exit(1 if failures else 0)
finally:
    server.terminate(); server.wait(timeout=10)
