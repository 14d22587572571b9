#!/usr/bin/env bash
# Times `git okr diff A B`, the whole process, against `git diff` in the same
# run, on a repository of 200 OKR files and 1,000 key results where B makes 50
# changes to A (`synth diff-repo`, okr_bench::write_diff_repository).
#
# Usage: bench/diff.sh [RUNS]     (default 50 runs of each command)
#
# Builds the release binary first (`cargo build --release`), and finds it
# under $CARGO_TARGET_DIR when that is set. Uses hyperfine when it is
# installed; otherwise times each run with bash's clock, the commands taking
# turns round by round after one warm-up run each, and prints the mean and the
# fastest run in milliseconds. It measures twice: with git's objects loose,
# as the commits left them, then packed (`git gc`), as after a clone.
set -euo pipefail

runs=${1:-50}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/diff.sh [RUNS]" >&2
    exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# Cargo reads a relative CARGO_TARGET_DIR from where it runs: here.
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target
bin=$target/release/git-okr

echo "building the release binary..." >&2
cargo build --release --quiet
[[ -x $bin ]] || { echo "diff.sh: no binary at $bin" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
cargo run --release --quiet -p okr-bench --example synth -- diff-repo "$repo"

# Nothing from the user's or the system's git settings, in git or git-okr.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "$repo"

# The repository is what it should be, and the command sees its 50 changes.
files=$(git ls-tree -r --name-only B -- okrs | grep -c '\.toml$')
changed=$(git diff --name-only A B | wc -l)
json=$("$bin" diff A B --format json)
if [[ $json != *'"changes": 50,'* ]]; then
    echo "diff.sh: \`git okr diff A B\` does not report 50 changes" >&2
    exit 1
fi

names=(
    "git okr diff A B"
    "git okr diff A B --format json"
    "git diff A B"
    "git diff --stat A B"
)

# Runs command $1 of `names`, its output thrown away.
run() {
    case $1 in
        0) "$bin" diff A B ;;
        1) "$bin" diff A B --format json ;;
        2) git --no-pager diff A B ;;
        3) git --no-pager diff --stat A B ;;
    esac >/dev/null
}

echo "git okr diff: $files OKR files, 1000 key results, 50 changes in $changed files from A to B; $runs runs each"
echo "binary: $bin"

# Sets `now` to the microseconds since the epoch: from bash's own clock when
# it has one (no process to start), else from date.
stamp() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        now=${EPOCHREALTIME/[.,]/}
    else
        now=$(($(date +%s%N) / 1000))
    fi
}

ms() { printf '%d.%02d' $(($1 / 1000)) $(($1 % 1000 / 10)); }

# Times every command of `names` $runs times and prints a table headed $1.
measure() {
    echo
    echo "$1"
    if command -v hyperfine >/dev/null; then
        local quoted
        quoted=$(printf '%q' "$bin")
        hyperfine --shell=none --warmup 3 --runs "$runs" --style basic \
            --command-name "${names[0]}" "$quoted diff A B" \
            --command-name "${names[1]}" "$quoted diff A B --format json" \
            --command-name "${names[2]}" "git --no-pager diff A B" \
            --command-name "${names[3]}" "git --no-pager diff --stat A B"
        return
    fi
    local i round start took
    local -a total min
    for i in "${!names[@]}"; do
        run "$i" # warm-up
        total[i]=0
        min[i]=0
    done
    # Round by round, each command in turn, so that a slow spell of the
    # machine falls on all of them.
    for ((round = 0; round < runs; round++)); do
        for i in "${!names[@]}"; do
            stamp
            start=$now
            run "$i"
            stamp
            took=$((now - start))
            total[i]=$((total[i] + took))
            if ((min[i] == 0 || took < min[i])); then
                min[i]=$took
            fi
        done
    done
    printf '%-32s %10s %10s\n' "command" "mean ms" "min ms"
    for i in "${!names[@]}"; do
        printf '%-32s %10s %10s\n' "${names[$i]}" "$(ms $((total[i] / runs)))" "$(ms "${min[i]}")"
    done
}

measure "objects loose, as the two commits left them:"
git gc --quiet
measure "objects packed, as after a clone or \`git gc\`:"
