#!/usr/bin/env bash
# The HTML report in a real browser: builds git-okr, plays the demo quarter
# (`git okr demo`), renders its report in headless Chromium and checks it:
#   - screenshots of the index and of a set page, at 1280 px and at a
#     phone's 390 px, are not blank (tests/browser/check.py png);
#   - the DOM Chromium parsed (--dump-dom) lists every set of the demo on
#     the index, and a set page has one chart per key result, each check-in
#     a point with a tooltip.
# The screenshots and DOMs are kept under <target>/browser/ as CI
# artifacts. docs/report.png, the README's picture, is the top of the set
# page: `UPDATE_SCREENSHOT=1 bash tests/browser/run.sh` makes it anew.
#
# Needs Chromium (Debian's `chromium`, installed here with apt-get when
# missing and running as root) and python3.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target

browser=
for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [[ -z $browser ]]; then
    if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
        echo "browser: installing Debian's chromium..." >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        browser=$(command -v chromium)
    else
        echo "browser: Chromium is not installed (apt-get install chromium)" >&2
        exit 1
    fi
fi
echo "browser: $("$browser" --version 2>/dev/null | head -n 1)" >&2

cargo build --quiet
bin=$target/debug/git-okr
out=$target/browser
rm -rf "$out"
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# The demo, in a hermetic git environment.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
"$bin" --color never demo "$out/demo" >"$out/demo.txt"
report=$out/demo/report
[[ -f $report/index.html ]] || { echo "browser: the demo wrote no report" >&2; exit 1; }

# The demo's sets and key results, from git-okr itself (all of them:
# the demo quarter ends graded, its sets closed).
status=$(cd "$out/demo" && "$bin" status --all --format json)
mapfile -t sets < <(python3 -c '
import json, sys
for s in json.loads(sys.argv[1])["sets"]:
    print(s["period"] + ":" + s["team"])' "$status")
# The set page to look at: the set with the most key results.
read -r period team count < <(python3 -c '
import json, sys
sets = json.loads(sys.argv[1])["sets"]
best = max(sets, key=lambda s: sum(len(o["key_results"]) for o in s["objectives"]))
print(best["period"], best["team"], sum(len(o["key_results"]) for o in best["objectives"]))' "$status")
page=$(grep -o "href=\"sets/[^\"]*/$team.html\"" "$report/index.html" | head -n 1 | cut -d'"' -f2)
[[ -n $page ]] || { echo "browser: the index links no page for $team" >&2; exit 1; }
echo "browser: ${#sets[@]} sets; looking at $page ($count key results)" >&2

chrome() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --no-first-run --disable-quic \
        --disable-component-update --disable-sync --disable-dev-shm-usage \
        --hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}
chrome --window-size=1280,1600 --screenshot="$out/index.png" "file://$report/index.html"
chrome --window-size=1280,2000 --screenshot="$out/set.png" "file://$report/$page"
chrome --window-size=390,1600 --screenshot="$out/set-phone.png" "file://$report/$page"
chrome --dump-dom "file://$report/index.html" >"$out/index.dom.html"
chrome --dump-dom "file://$report/$page" >"$out/set.dom.html"

check=tests/browser/check.py
for png in index set set-phone; do python3 "$check" png "$out/$png.png"; done
python3 "$check" index "$out/index.dom.html" "${sets[@]}"
python3 "$check" charts "$out/set.dom.html" "$count"

if [[ ${UPDATE_SCREENSHOT:-} == 1 ]]; then
    chrome --window-size=1280,1000 --screenshot="$out/readme.png" "file://$report/$page"
    python3 "$check" png "$out/readme.png"
    cp "$out/readme.png" docs/report.png
    echo "browser: docs/report.png updated" >&2
fi
echo "browser: ok; screenshots and DOMs in $out" >&2
