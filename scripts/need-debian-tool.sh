#!/usr/bin/env bash
# Makes sure a command is on PATH, installing its Debian package when it is missing.
#
#   scripts/need-debian-tool.sh COMMAND PACKAGE
#
# Used for the tools that checks call out to: `xmllint` (libxml2-utils, validates project.qde
# against the QDA-XML schema in the tests) and `chromium` (renders report.html). Prints the
# command's path; fails when it cannot be installed.
set -euo pipefail

tool="${1:?usage: scripts/need-debian-tool.sh COMMAND PACKAGE}"
package="${2:?usage: scripts/need-debian-tool.sh COMMAND PACKAGE}"

if ! command -v "$tool" >/dev/null 2>&1; then
    echo "need-debian-tool: installing Debian $package for $tool" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >&2
fi
command -v "$tool" || { echo "need-debian-tool: $tool could not be installed" >&2; exit 1; }
