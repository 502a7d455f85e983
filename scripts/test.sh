#!/usr/bin/env bash
# The one test command (README "Set-up", and what .ci/run runs on a clean clone):
# installs what the tests need on a fresh machine, then runs the whole suite.
#   - Chromium for the browser tests (tests/serve/test_page.py): Debian's `chromium`
#     package when none is installed (Playwright's own browser download does not work
#     behind a closed network); ADVOLINT_CHROMIUM=/path/to/chromium uses another one.
#   - Java (Debian's default-jre-headless) when none is installed, for the PySpark recipe's test.
#   - advolint with its test extra (pytest, Playwright's Python package, httpx,
#     language_tool_python, the serve stack, Dask and PySpark).
# Extra arguments go to pytest: scripts/test.sh tests/serve -x
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ADVOLINT_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "scripts/test.sh: the browser tests need Chromium, and this machine has no apt-get to install it:" \
             "install Chromium yourself and set ADVOLINT_CHROMIUM=/path/to/chromium, then run this again" >&2
        exit 2
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "scripts/test.sh: installing Debian's chromium for the browser tests (apt-get)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# Java for the PySpark recipe's test (tests/test_scale.py; PySpark 4 needs Java 17 or newer).
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if { ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] 2>/dev/null; } \
        && command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "scripts/test.sh: installing Debian's Java runtime for the PySpark test (apt-get)" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-jre-headless >/dev/null
fi

python -m pip install --quiet -e ".[test]"
python -m pytest -q "$@"
