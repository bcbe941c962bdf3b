#!/usr/bin/env bash
# Regenerates packages/contracts/src/gen from proto/ with buf + ts-proto (both from npm, offline).
# Generated code is never edited by hand; run this after any .proto change and commit the result.
set -euo pipefail
cd "$(dirname "$0")"
BUF=../node_modules/.bin/buf
"$BUF" lint
rm -rf ../packages/contracts/src/gen
"$BUF" generate
echo "generated into packages/contracts/src/gen"
