#!/usr/bin/env bash
# Renders a Verbatim HTML page (report.html, compare.html) in headless Chromium, as a person
# would open it, and saves a screenshot at laptop width.
#
#   scripts/check-report.sh out/survey-comments/report.html [shot.png]
#
# Fails when Chromium cannot be found or installed (Debian package `chromium`), when the page
# cannot be rendered, when the console reports an error (the pages carry no scripts, so any
# script error or blocked resource is a defect), or when the page asks for anything outside
# itself. Prints the screenshot's path.
set -euo pipefail

page="${1:?usage: scripts/check-report.sh PAGE.html [SHOT.png]}"
shot="${2:-${page%.html}.png}"
[ -f "$page" ] || { echo "check-report: no such file: $page" >&2; exit 1; }

find_browser() {
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    done
    return 1
}

if ! browser="$(find_browser)"; then
    browser="$("$(dirname "$0")/need-debian-tool.sh" chromium chromium)"
fi

abs="$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
log="$(mktemp)"
profile="$(mktemp -d)"
trap 'rm -rf "$log" "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile"
       --no-first-run --disable-extensions --enable-logging=stderr --v=0)

# 1366 px wide like a common laptop screen, tall enough to show the whole first screens.
"$browser" "${flags[@]}" --window-size=1366,3000 --screenshot="$shot" "file://$abs" 2>"$log" >/dev/null || {
    cat "$log" >&2; echo "check-report: chromium failed to render $page" >&2; exit 1; }
[ -s "$shot" ] || { echo "check-report: no screenshot written" >&2; exit 1; }

# Console messages from the page, and any request leaving the file.
if grep -E "CONSOLE\(|Uncaught|ERR_(BLOCKED|FILE_NOT_FOUND|NAME_NOT_RESOLVED|CONNECTION)" "$log" >&2; then
    echo "check-report: the page logged errors (above)" >&2
    exit 1
fi
dom="$("$browser" "${flags[@]}" --dump-dom "file://$abs" 2>/dev/null)"
if ! grep -q "</main>" <<<"$dom"; then
    echo "check-report: the rendered page has no <main> (truncated or broken markup)" >&2
    exit 1
fi
if grep -Eiq "<script|src=\"https?:|href=\"https?:" <<<"$dom"; then
    echo "check-report: the page loads scripts or remote resources" >&2
    exit 1
fi
echo "$shot"
