#!/usr/bin/env bash
# Times `git okr lint`, the whole process, on a repository of 1,000 OKR
# files of about 150 lines (`synth tree`, okr_bench::okr_tree: 8,000 key
# results, each judged by the wording scorer), in the same run as git
# reading the same files:
#   1. `git grep -c title -- okrs`: git reading every OKR file once;
#   2. `git okr lint`: parse, cross-file checks, every quality rule and the
#      wording scorer, findings as text: the target is under 1 s;
#   3. `git okr lint --format json`.
#
# Usage: bench/lint.sh [RUNS]   (default 10 runs of each command)
#
# Builds the release binary first, and finds it under $CARGO_TARGET_DIR
# when that is set. The repository is made once and kept in
# <target>/bench-lint-1000 (delete it to make it anew). Git runs without the
# user's or the system's settings. Uses hyperfine when it is installed;
# otherwise bash's clock, after one warm-up run of each. Prints each mean
# and the fastest run in milliseconds, and whether the target is met.
set -euo pipefail

runs=${1:-10}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/lint.sh [RUNS]" >&2
    exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target
bin=$target/release/git-okr

echo "building the release binary..." >&2
cargo build --release --quiet
cargo build --release --quiet -p okr-bench --example synth
[[ -x $bin ]] || { echo "lint.sh: no binary at $bin" >&2; exit 1; }

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
export GIT_AUTHOR_NAME="OKR Bench" GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME="OKR Bench" GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE="2026-10-05T10:00:00+00:00" GIT_COMMITTER_DATE="2026-10-05T10:00:00+00:00"

repo=$target/bench-lint-1000
if [[ ! -d $repo/.git ]]; then
    echo "generating 1,000 OKR files into $repo..." >&2
    rm -rf "$repo" "$repo.new"
    "$target/release/examples/synth" tree "$repo.new" 1000 150
    git -C "$repo.new" init --quiet --initial-branch=main
    git -C "$repo.new" add --all
    git -C "$repo.new" commit --quiet --no-verify -m "1,000 OKR files"
    mv "$repo.new" "$repo"
fi
cd "$repo"

files=$(git ls-files -- 'okrs/*.toml' | wc -l)
krs=$(git grep -h -c 'key_results]]' -- okrs | awk '{ n += $1 } END { print n }')
kib=$(($(git ls-files -z -- 'okrs/*.toml' | xargs -0 cat | wc -c) / 1024))
# The lint must run clean of errors: a bench of a failing run measures
# nothing.
"$bin" lint >/dev/null 2>"$repo/.git/lint.err" || {
    echo "lint.sh: git okr lint fails on the generated files:" >&2
    head -20 "$repo/.git/lint.err" >&2
    exit 1
}

echo "git okr lint: $files OKR files ($kib KiB, $krs key results); $runs runs each"
echo "binary: $bin"

names=("git grep -c title -- okrs" "git okr lint" "git okr lint --format json")
commands=(
    "git grep -c title -- okrs"
    "$(printf '%q' "$bin") lint"
    "$(printf '%q' "$bin") lint --format json"
)

declare -a mean min
stamp() { now=${EPOCHREALTIME/[.,]/}; }
ms() { printf '%d.%02d' $(($1 / 1000)) $(($1 % 1000 / 10)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in "${!names[@]}"; do
    if command -v hyperfine >/dev/null; then
        hyperfine --shell=none --style basic --runs "$runs" --warmup 1 \
            --export-json "$work/$i.json" --command-name "${names[i]}" "${commands[i]}" >&2
        read -r "mean[i]" "min[i]" < <(tr -d ' \n' <"$work/$i.json" |
            awk '{ match($0, /"mean":[0-9.e+-]+/); mean = substr($0, RSTART + 7, RLENGTH - 7)
                   match($0, /"min":[0-9.e+-]+/); min = substr($0, RSTART + 6, RLENGTH - 6)
                   printf "%d %d\n", mean * 1e6, min * 1e6 }')
    else
        read -r -a argv <<<"${commands[i]}"
        "${argv[@]}" >/dev/null 2>&1 || true
        total=0
        min[i]=0
        for ((r = 0; r < runs; r++)); do
            stamp
            start=$now
            "${argv[@]}" >/dev/null 2>&1 || true
            stamp
            took=$((now - start))
            total=$((total + took))
            if ((min[i] == 0 || took < min[i])); then min[i]=$took; fi
        done
        mean[i]=$((total / runs))
    fi
done

echo
printf '%-32s %10s %10s\n' "command" "mean ms" "min ms"
for i in "${!names[@]}"; do
    printf '%-32s %10s %10s\n' "${names[i]}" "$(ms "${mean[i]}")" "$(ms "${min[i]}")"
done
echo
if ((mean[1] < 1000000)); then verdict=met; else verdict="NOT met"; fi
echo "git okr lint: $(ms "${mean[1]}") ms for $files files, target < 1000 ms: $verdict"
