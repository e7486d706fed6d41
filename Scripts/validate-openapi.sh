#!/usr/bin/env bash
# Validates the OpenAPI document embedded in Sources/GazetteAPI/OpenAPIDocument.swift with
# openapi-spec-validator (pip install openapi-spec-validator).
#
# The JSON is taken from between the `#"""` and `"""#` delimiters of the raw string literal,
# with the closing delimiter's indentation removed from every line, as Swift does.
# Usage: Scripts/validate-openapi.sh [--print]   (--print writes the extracted JSON to stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "${1:-}" <<'PY'
import json, re, sys

source = open("Sources/GazetteAPI/OpenAPIDocument.swift", encoding="utf-8").read()
match = re.search(r'#"""\n(.*?)\n([ \t]*)"""#', source, re.S)
if not match:
    sys.exit("no #\"\"\" … \"\"\"# literal in OpenAPIDocument.swift")
if "\\#" in match.group(1):
    sys.exit("the literal uses a raw-string escape (\\#); this script does not interpret those")
indent = match.group(2)
lines = []
for number, line in enumerate(match.group(1).split("\n"), 1):
    if line and not line.startswith(indent):
        sys.exit(f"line {number} of the literal is indented less than its closing delimiter")
    lines.append(line[len(indent):])
text = "\n".join(lines)
if sys.argv[1] == "--print":
    print(text)
    sys.exit(0)

from openapi_spec_validator import validate
document = json.loads(text)
validate(document)
operations = sum(1 for item in document["paths"].values() for key in item if key != "parameters")
print(f"OpenAPI {document['openapi']}: valid ({len(document['paths'])} paths, {operations} operations)")
PY
