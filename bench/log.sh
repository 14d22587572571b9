#!/usr/bin/env bash
# Times `git okr log --format json`, the whole process, against `git log -p
# -- okrs/` in the same run, on a repository whose `main` has a long linear
# history: COMMITS commits, about half of them check-ins to 20 OKR files of 5
# to 7 KB, the others changes to 200 unrelated source files, and about one in
# 500 a change to a set's definition (`synth history-repo`,
# okr_bench::write_history_repository).
#
# Usage: bench/log.sh [COMMITS] [RUNS]   (default 100000 commits, 5 runs)
#
# Builds the release binary first (`cargo build --release`), and finds it
# under $CARGO_TARGET_DIR when that is set; stops at once, saying so, if the
# binary has no `log` command (`git okr log --help` fails).
#
# The repository is made once for each COMMITS and kept in
# <target>/bench-history-COMMITS; delete that folder to make it anew. It is
# generated in a temporary folder beside it and moved into place only once
# complete, then packed with `git repack -adf`: one pack with deltas computed
# afresh, as a clone receives them (the deltas `git fast-import` makes are
# against whichever blob it stored last, mostly another file, and leave the
# pack three times larger). No commit-graph is written, as after a clone.
#
# Three measurements, each the mean of RUNS runs:
#   1. `git log -p --format=%H -- okrs/`: git itself reading every version of
#      every OKR file, the floor for any tool that reads them all;
#   2. cold: `git okr log --format json` without its cache, which it keeps in
#      `.git/okr/`: that folder is deleted before each run;
#   3. warm: the same with the cache filled by an earlier run and 5 commits
#      made since. Before each warm run (untimed): `main` is reset to the
#      generated tip, `git okr log` runs once to bring the cache to that tip,
#      then 5 check-in commits are added on top, each editing the `current =`
#      line of the first key result of one OKR file with sed, committed with
#      fixed dates that differ from one run to the next, so that every timed
#      run meets 5 commits its cache has never seen. Only the run after that
#      is timed. `main` is reset to the generated tip afterwards.
# It prints each mean in milliseconds, and the cold run as a multiple of `git
# log -p`.
#
# Uses hyperfine when it is installed (the cache handling as its --prepare
# commands); otherwise times each run with bash's clock, round by round (git
# log, cold, warm), after one warm-up run of `git log -p`, and prints the mean
# and the fastest run.
set -euo pipefail

commits=${1:-100000}
runs=${2:-5}
if ! [[ $commits =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/log.sh [COMMITS] [RUNS]" >&2
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
[[ -x $bin ]] || { echo "log.sh: no binary at $bin" >&2; exit 1; }
if ! "$bin" log --help >/dev/null 2>&1; then
    echo "log.sh: $bin has no \`log\` command (\`git okr log --help\` fails):" \
        "this benchmark needs a git-okr that has \`git okr log\`" >&2
    exit 1
fi

# Nothing from the user's or the system's git settings, in git or git-okr.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

work=$(mktemp -d)
repo=$target/bench-history-$commits
# The generated tip, written last: a folder without it is incomplete.
base_file=$repo/.git/bench-base
cleanup() {
    # Leave the kept repository as it was made: `main` at the generated tip.
    if [[ -f $base_file ]]; then
        git -C "$repo" reset --quiet --hard "$(<"$base_file")" || true
    fi
    rm -rf "$work" "$repo.new"
}
trap cleanup EXIT

if [[ ! -f $base_file ]]; then
    echo "generating $commits commits into $repo..." >&2
    rm -rf "$repo" "$repo.new"
    cargo build --release --quiet -p okr-bench --example synth
    start=$SECONDS
    "$target/release/examples/synth" history-repo "$repo.new" "$commits"
    generated=$((SECONDS - start))
    git -C "$repo.new" repack -adfq
    git -C "$repo.new" rev-parse main >"$repo.new/.git/bench-base"
    mv "$repo.new" "$repo"
    echo "generated in ${generated} s, packed in $((SECONDS - start - generated)) s" >&2
fi
base=$(<"$base_file")
cd "$repo"
git reset --quiet --hard "$base"
cache=$(git rev-parse --path-format=absolute --git-common-dir)/okr

# The repository is what it should be, and the command reads it.
count=$(git rev-list --count main)
if ((count != commits)); then
    echo "log.sh: $repo has $count commits, not $commits: delete it to make it anew" >&2
    exit 1
fi
okr_commits=$(git rev-list --count main -- okrs/)
okr_bytes=$(git rev-list --objects main | git cat-file --batch-check='%(objecttype) %(objectsize) %(rest)' |
    awk '$1 == "blob" && $3 ~ /^okrs\// { sum += $2 } END { print sum + 0 }')
pack_kib=$(du -sk .git/objects | cut -f1)
rm -rf "$cache"
"$bin" log --format json >"$work/log.json"
first=$(head -c 1 "$work/log.json")
if [[ $first != "[" && $first != "{" ]]; then
    echo "log.sh: \`git okr log --format json\` does not print JSON" >&2
    exit 1
fi

# Before one timed warm run: `main` back at the generated tip, the cache
# brought to it, then 5 new check-in commits; each call makes other commits
# (the dates move on by an hour a call).
cat >"$work/warm-prepare" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
cd "$LOG_REPO"
git reset --quiet --hard "$LOG_BASE"
"$LOG_BIN" log --format json >/dev/null
call=$(($(cat "$LOG_CALLS" 2>/dev/null || echo 0) + 1))
echo "$call" >"$LOG_CALLS"
when=$(git log -1 --format=%ct "$LOG_BASE")
for j in 0 1 2 3 4; do
    file=okrs/2026-Q4/team-0$j.toml
    # The first key result of the file: its objective, id, unit, value and
    # confidence, and a new value between its baseline and target.
    IFS=$'\t' read -r objective id unit old new confidence < <(
        awk -v seed=$((call * 5 + j)) '
            function text(line) { sub(/^[a-z_]+ = "/, "", line); sub(/"$/, "", line); return line }
            /^\[\[objectives\]\]/ { objective_table = 1; next }
            /^\[\[objectives\.key_results\]\]/ { if (kr_table) exit; kr_table = 1; objective_table = 0; next }
            objective_table && /^id = / { objective = text($0) }
            kr_table && /^id = / { id = text($0) }
            kr_table && /^unit = / { unit = text($0) }
            kr_table && /^baseline = / { baseline = $3 }
            kr_table && /^target = / { target = $3 }
            kr_table && /^current = / { current = $3 }
            kr_table && /^confidence = / { confidence = $3 }
            END {
                for (k = 0; k < 9; k++) {
                    value = sprintf("%.3f", baseline + (target - baseline) * ((seed + k) % 9 + 1) / 10)
                    sub(/0+$/, "", value)
                    sub(/\.$/, "", value)
                    if (value != current) break
                }
                printf "%s\t%s\t%s\t%s\t%s\t%s\n", objective, id, unit, current, value, confidence
            }' "$file"
    )
    sed -i "0,/^current = /s/^current = .*/current = $new/" "$file"
    date="$((when + call * 3600 + j * 60)) +0000"
    GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date git -c gc.auto=0 commit --quiet --no-verify -a -F - <<MESSAGE
checkin(team-0$j/$id): $old → $new $unit

Warm-cache run $call of bench/log.sh.

OKR-Checkin: team-0$j/$objective/$id
OKR-Value: $new
OKR-Confidence: $confidence
MESSAGE
done
EOF
export LOG_REPO=$repo LOG_BASE=$base LOG_BIN=$bin LOG_CALLS=$work/warm-calls
export GIT_AUTHOR_NAME="OKR Bench" GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME="OKR Bench" GIT_COMMITTER_EMAIL=bench@example.com

echo "git okr log: $commits commits, $okr_commits of them change okrs/ ($((okr_bytes / 1000000)) MB of OKR file versions); objects $((pack_kib / 1024)) MiB; $runs runs each"
echo "binary: $bin"

names=(
    "git log -p --format=%H -- okrs/"
    "git okr log --format json (cold)"
    "git okr log --format json (warm)"
)

# Runs command $1 of `names`, its output thrown away.
run() {
    case $1 in
        0) git --no-pager log -p --format=%H -- okrs/ ;;
        *) "$bin" log --format json ;;
    esac >/dev/null
}

# Readies the repository and the cache for a run of command $1 of `names`.
prepare() {
    case $1 in
        0) ;;
        1) rm -rf "$cache" ;;
        2) bash "$work/warm-prepare" ;;
    esac
}

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

declare -a mean min

# Times every command of `names` $runs times, setting `mean` and `min` (in
# microseconds).
measure() {
    local i
    if command -v hyperfine >/dev/null; then
        local quoted_bin quoted_cache prepare_warm
        quoted_bin=$(printf '%q' "$bin")
        quoted_cache=$(printf '%q' "$cache")
        prepare_warm="bash $(printf '%q' "$work/warm-prepare")"
        local -a commands=(
            "git --no-pager log -p --format=%H -- okrs/"
            "$quoted_bin log --format json"
            "$quoted_bin log --format json"
        )
        local -a prepares=("true" "rm -rf $quoted_cache" "$prepare_warm")
        local -a warmups=(1 0 0)
        for i in "${!names[@]}"; do
            echo
            hyperfine --shell=none --style basic --runs "$runs" --warmup "${warmups[i]}" \
                --prepare "${prepares[i]}" --export-csv "$work/$i.csv" \
                --command-name "${names[i]}" "${commands[i]}"
            git reset --quiet --hard "$base"
            # command,mean,stddev,median,user,system,min,max, in seconds
            read -r "mean[i]" "min[i]" < <(awk -F, 'NR == 2 { printf "%d %d\n", $2 * 1e6, $7 * 1e6 }' "$work/$i.csv")
        done
        return
    fi
    local round start took
    local -a total
    run 0 # warm-up
    for i in "${!names[@]}"; do
        total[i]=0
        min[i]=0
    done
    # Round by round, each command in turn, so that a slow spell of the
    # machine falls on all of them.
    for ((round = 0; round < runs; round++)); do
        for i in "${!names[@]}"; do
            prepare "$i"
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
        git reset --quiet --hard "$base"
    done
    for i in "${!names[@]}"; do
        mean[i]=$((total[i] / runs))
    done
}

measure
rm -rf "$cache"

echo
printf '%-36s %12s %12s\n' "command" "mean ms" "min ms"
for i in "${!names[@]}"; do
    printf '%-36s %12s %12s\n' "${names[$i]}" "$(ms "${mean[i]}")" "$(ms "${min[i]}")"
done
ratio=$((mean[1] * 100 / (mean[0] > 0 ? mean[0] : 1)))
printf 'cold is %d.%02d times git log -p; warm (5 new commits): %s ms\n' \
    $((ratio / 100)) $((ratio % 100)) "$(ms "${mean[2]}")"
