#!/usr/bin/env bash
# Times `git okr report`, the whole process, against git reading the same
# history in the same run, on a repository of SETS OKR sets (default 200)
# and COMMITS commits (default 100,000) on a linear `main`: about half of
# them check-ins spread over the sets, the rest changes to unrelated source
# files, and now and then a set's definition changed with its version
# bumped (`synth report-repo`, okr_bench::write_report_repository).
#
# Usage: bench/report.sh [COMMITS] [SETS] [RUNS]   (default 100000 200 3)
#
# The repository is made once for each COMMITS and SETS and kept in
# <target>/bench-report-COMMITS-SETS (delete it to make it anew), packed
# with `git repack -adf`, as after a clone. `git okr report` keeps no cache:
# every run reads the whole history.
#
# Three measurements, each the mean of RUNS runs:
#   1. `git log -p --format=%H -- okrs/`: git reading every version of every
#      OKR file, the floor for any tool that charts every check-in;
#   2. `git okr report --html DIR`: the site (a page and a history page per
#      set, a chart per key result), written;
#   3. `git okr report --markdown`: the review document, printed.
set -euo pipefail

commits=${1:-100000}
sets=${2:-200}
runs=${3:-3}
if ! [[ $commits =~ ^[1-9][0-9]*$ && $sets =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/report.sh [COMMITS] [SETS] [RUNS]" >&2
    exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target
bin=$target/release/git-okr

echo "building the release binary..." >&2
cargo build --release --quiet
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

repo=$target/bench-report-$commits-$sets
if [[ ! -f $repo/.git/bench-done ]]; then
    echo "generating $commits commits of $sets sets into $repo..." >&2
    rm -rf "$repo" "$repo.new"
    trap 'rm -rf "$repo.new"' EXIT
    cargo build --release --quiet -p okr-bench --example synth
    start=$SECONDS
    "$target/release/examples/synth" report-repo "$repo.new" "$commits" "$sets"
    git -C "$repo.new" repack -adfq
    touch "$repo.new/.git/bench-done"
    mv "$repo.new" "$repo"
    echo "generated and packed in $((SECONDS - start)) s" >&2
fi
cd "$repo"
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
"$bin" report --html "$site/out" --as-of 2026-12-31 >&2
pages=$(find "$site/out" -name '*.html' | wc -l)
charts=$(cat "$site"/out/sets/*/*.html | grep -o 'class="kr-chart' | wc -l)
points=$(cat "$site"/out/sets/*/*.html | grep -o '<circle class="hit"' | wc -l)
echo "git okr report: $commits commits, $sets sets; the site has $pages pages, $charts charts and $points points; $runs runs each"

names=("git log -p -- okrs/" "git okr report --html" "git okr report --markdown")
commands=(
    "git --no-pager log -p --format=%H -- okrs/ >/dev/null"
    "$bin report --html $site/out --as-of 2026-12-31 >/dev/null"
    "$bin report --markdown --since 2026-12-01 --as-of 2026-12-31 >/dev/null"
)
declare -a total
for i in 0 1 2; do total[i]=0; done
for ((r = 0; r < runs; r++)); do
    for i in 0 1 2; do
        start=$(date +%s%N)
        eval "${commands[$i]}"
        total[i]=$((total[i] + ($(date +%s%N) - start) / 1000000))
    done
done
for i in 0 1 2; do
    printf '%-28s %6d ms mean\n' "${names[$i]}" $((total[i] / runs))
done
awk -v a="${total[1]}" -v b="${total[0]}" 'BEGIN { printf "report --html / git log -p: %.2fx\n", a / b }'
