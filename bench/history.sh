#!/usr/bin/env bash
# Times `git okr history team-00`, the whole process, against git reading
# the same file's history in the same run, on a repository whose `main` has
# a long linear history in which one set is much busier than the others:
# COMMITS commits, about half of them check-ins to 20 OKR files, a tenth of
# those to `team-00`, and a definition change of `team-00` (an iteration,
# its version bumped) every 2,000 commits (`synth focused-history-repo`,
# okr_bench::write_focused_history_repository). At 100,000 commits that is
# about 60 iterations and 5,000 check-ins of the set.
#
# Usage: bench/history.sh [COMMITS] [RUNS]   (default 100000 commits, 5 runs)
#
# `git okr history` keeps no cache: every run is cold as far as git-okr is
# concerned (the operating system's page cache is warm, as it is for git).
# The repository is made once for each COMMITS and kept in
# <target>/bench-focused-history-COMMITS (delete it to make it anew), then
# packed with `git repack -adf` and no commit-graph, as after a clone.
#
# Three measurements, each the mean of RUNS runs:
#   1. `git log --format=%H -- FILE`: git finding the commits that changed
#      the set's file, the floor for any tool that walks the history;
#   2. `git log -p --format=%H -- FILE`: git reading every version of it;
#   3. `git okr history team-00`: the iterations with their semantic diffs,
#      and the check-ins summarised.
# Uses hyperfine when it is installed; otherwise bash's clock, round by
# round, after one warm-up run of each.
set -euo pipefail

commits=${1:-100000}
runs=${2:-5}
if ! [[ $commits =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/history.sh [COMMITS] [RUNS]" >&2
    exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target
bin=$target/release/git-okr

echo "building the release binary..." >&2
cargo build --release --quiet
if ! "$bin" history --help >/dev/null 2>&1; then
    echo "history.sh: $bin has no \`history\` command" >&2
    exit 1
fi

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

repo=$target/bench-focused-history-$commits
done_file=$repo/.git/bench-base
trap 'rm -rf "$repo.new"' EXIT
if [[ ! -f $done_file ]]; then
    echo "generating $commits commits into $repo..." >&2
    rm -rf "$repo" "$repo.new"
    cargo build --release --quiet -p okr-bench --example synth
    start=$SECONDS
    "$target/release/examples/synth" focused-history-repo "$repo.new" "$commits"
    git -C "$repo.new" repack -adfq
    git -C "$repo.new" rev-parse main >"$repo.new/.git/bench-base"
    mv "$repo.new" "$repo"
    echo "generated and packed in $((SECONDS - start)) s" >&2
fi
cd "$repo"
git reset --quiet --hard "$(<"$done_file")"

file=okrs/2026-Q4/team-00.toml
count=$(git rev-list --count main)
if ((count != commits)); then
    echo "history.sh: $repo has $count commits, not $commits: delete it to make it anew" >&2
    exit 1
fi
"$bin" history team-00 >"$repo/.git/history.txt"
iterations=$(grep -c '^v[0-9]' "$repo/.git/history.txt" || true)
check_ins=$(grep -Eo '^[0-9]+ check-in commits' "$repo/.git/history.txt" | cut -d' ' -f1)
file_commits=$(git rev-list --count main -- "$file")
echo "git okr history team-00: $commits commits, $file_commits of them change $file;" \
    "the history shows $iterations iterations and ${check_ins:-0} check-in commits; $runs runs each"
echo "binary: $bin"

names=(
    "git log --format=%H -- $file"
    "git log -p --format=%H -- $file"
    "git okr history team-00"
)
commands=(
    "git --no-pager log --format=%H -- $file"
    "git --no-pager log -p --format=%H -- $file"
    "$bin history team-00"
)

if command -v hyperfine >/dev/null; then
    export_file=$(mktemp)
    hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$export_file" \
        -n "${names[0]}" "${commands[0]}" \
        -n "${names[1]}" "${commands[1]}" \
        -n "${names[2]}" "${commands[2]}" >&2
    means=()
    while read -r mean; do means+=("$mean"); done < <(
        grep -Eo '"mean": [0-9.e+-]+' "$export_file" | cut -d' ' -f2
    )
    rm -f "$export_file"
    for i in 0 1 2; do
        printf '%-40s %8.0f ms\n' "${names[$i]}" "$(awk -v s="${means[$i]}" 'BEGIN { print s * 1000 }')"
    done
    awk -v a="${means[2]}" -v b="${means[1]}" 'BEGIN { printf "history / git log -p: %.2fx\n", a / b }'
    exit 0
fi

declare -a total fastest
for i in 0 1 2; do
    eval "${commands[$i]}" >/dev/null
    total[i]=0
    fastest[i]=
done
for ((r = 0; r < runs; r++)); do
    for i in 0 1 2; do
        start=$(date +%s%N)
        eval "${commands[$i]}" >/dev/null
        took=$((($(date +%s%N) - start) / 1000000))
        total[i]=$((total[i] + took))
        if [[ -z ${fastest[i]} ]] || ((took < fastest[i])); then fastest[i]=$took; fi
    done
done
for i in 0 1 2; do
    printf '%-40s %6d ms mean, %6d ms fastest\n' "${names[$i]}" $((total[i] / runs)) "${fastest[i]}"
done
awk -v a="${total[2]}" -v b="${total[1]}" 'BEGIN { printf "history / git log -p: %.2fx\n", a / b }'
