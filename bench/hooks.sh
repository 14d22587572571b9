#!/usr/bin/env bash
# Times git-okr's pre-commit hook, the whole process, on a repository with
# 200 OKR files of about 150 lines (`synth tree`, okr_bench::okr_tree), in
# the same run as references that cost next to nothing:
#   1. `true`: starting a process;
#   2. `git diff --cached --name-only`: git comparing the index with HEAD,
#      what the hook must do at least;
#   3. `git-okr hook pre-commit`, with no OKR file staged (a change to a
#      file outside okrs/ is): the target is under 10 ms;
#   4. `git-okr hook pre-commit`, with one OKR file staged (a check-in's
#      edit of `current`): the target is under 50 ms;
#   5. the installed shim (.git/hooks/pre-commit, /bin/sh) with one OKR file
#      staged: what git runs, git-okr found on PATH;
#   6. `git commit` of the one staged OKR file, with git-okr's hooks
#      (pre-commit, commit-msg) installed, and with --no-verify.
#
# Usage: bench/hooks.sh [RUNS]   (default 30 runs of each command)
#
# Builds the release binary first (`cargo build --release`), and finds it
# under $CARGO_TARGET_DIR when that is set. The repository is made once and
# kept in <target>/bench-hooks (delete it to make it anew). Git runs without
# the user's or the system's settings. Uses hyperfine when it is installed
# (the staging as its --prepare commands, untimed); otherwise bash's clock,
# after one warm-up run of each. Prints each mean and the fastest run in
# milliseconds, and whether the targets are met.
set -euo pipefail

runs=${1:-30}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/hooks.sh [RUNS]" >&2
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
[[ -x $bin ]] || { echo "hooks.sh: no binary at $bin" >&2; exit 1; }
if ! "$bin" hook pre-commit --help >/dev/null 2>&1; then
    echo "hooks.sh: $bin has no \`hook pre-commit\` command" >&2
    exit 1
fi

# Nothing from the user's or the system's git settings, in git or git-okr.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE OKR_SKIP
export GIT_AUTHOR_NAME="OKR Bench" GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME="OKR Bench" GIT_COMMITTER_EMAIL=bench@example.com
export GIT_AUTHOR_DATE="2026-10-05T10:00:00+00:00" GIT_COMMITTER_DATE="2026-10-05T10:00:00+00:00"
# The shim finds this build as `git-okr`.
export PATH=$target/release:$PATH

repo=$target/bench-hooks
base_file=$repo/.git/bench-base
work=$(mktemp -d)
cleanup() {
    if [[ -f $base_file ]]; then
        git -C "$repo" reset --quiet --hard "$(<"$base_file")" || true
    fi
    rm -rf "$work" "$repo.new"
}
trap cleanup EXIT

if [[ ! -f $base_file ]]; then
    echo "generating 200 OKR files into $repo..." >&2
    rm -rf "$repo" "$repo.new"
    cargo build --release --quiet -p okr-bench --example synth
    "$target/release/examples/synth" tree "$repo.new" 200 150
    (
        cd "$repo.new"
        # Some files that are not OKRs, as in any repository.
        mkdir -p src
        for i in $(seq 1 50); do
            printf 'fn f%d() -> u32 { %d }\n' "$i" "$i" >"src/m$i.rs"
        done
        echo "# A repository with OKRs" >README.md
        git init --quiet --initial-branch=main
        git add --all
        git commit --quiet --no-verify -m "200 OKR files"
        git rev-parse main >.git/bench-base
    )
    mv "$repo.new" "$repo"
fi
base=$(<"$base_file")
cd "$repo"
git reset --quiet --hard "$base"
"$bin" hooks uninstall >/dev/null

okr_files=$(git ls-files -- 'okrs/*.toml' | wc -l)
okr_kib=$(git ls-files -z -- 'okrs/*.toml' | xargs -0 cat | wc -c)
okr_kib=$((okr_kib / 1024))
file=okrs/2026-Q1/team-7.toml

# Readies the index: $1 `none` stages a change to README.md, `one` a new
# `current` of the first key result of $file, each from the base commit.
cat >"$work/stage" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
git reset --quiet --hard "$BENCH_BASE"
case $1 in
none)
    echo "Another line." >>README.md
    git add README.md ;;
one)
    old=$(grep -m 1 '^current = ' "$BENCH_FILE" | cut -d' ' -f3)
    new=$(awk -v v="$old" 'BEGIN { print v + 1 }')
    sed -i "0,/^current = .*/s//current = $new/" "$BENCH_FILE"
    git add "$BENCH_FILE" ;;
esac
EOF
export BENCH_BASE=$base BENCH_FILE=$file

# The staged state and the hook's verdict are what they should be.
bash "$work/stage" none
[[ -z $("$bin" hook pre-commit 2>&1) ]] || { echo "hooks.sh: the hook is not quiet with nothing staged" >&2; exit 1; }
bash "$work/stage" one
[[ $(git diff --cached --name-only) == "$file" ]] || { echo "hooks.sh: $file is not staged" >&2; exit 1; }
"$bin" hook pre-commit 2>"$work/hook.err" || {
    echo "hooks.sh: the hook fails on a check-in's edit:" >&2
    cat "$work/hook.err" >&2
    exit 1
}
"$bin" hooks install pre-commit commit-msg >/dev/null
hook_path=$(git rev-parse --git-path hooks)/pre-commit

echo "git okr hook pre-commit: $okr_files OKR files ($okr_kib KiB) in the index; $runs runs each"
echo "binary: $bin"

names=(
    "true (process start)"
    "git diff --cached --name-only"
    "git-okr hook pre-commit, none staged"
    "git-okr hook pre-commit, one staged"
    "shim .git/hooks/pre-commit, one staged"
    "git commit, hooks installed"
    "git commit --no-verify"
)
commands=(
    "true"
    "git diff --cached --name-only"
    "$(printf '%q' "$bin") hook pre-commit"
    "$(printf '%q' "$bin") hook pre-commit"
    "$(printf '%q' "$hook_path")"
    "git commit --quiet -m bench"
    "git commit --quiet --no-verify -m bench"
)
# The index before each group of runs, and before each run (commits: HEAD
# back at the base, the index as staged).
states=(one one none one one one one)
prepares=(
    "true" "true" "true" "true" "true"
    "git reset --quiet --soft $base"
    "git reset --quiet --soft $base"
)

declare -a mean min

stamp() { now=${EPOCHREALTIME/[.,]/}; }
ms() {
    local us=$1 sign=
    if ((us < 0)); then sign=- us=$((-us)); fi
    printf '%s%d.%02d' "$sign" $((us / 1000)) $((us % 1000 / 10))
}

for i in "${!names[@]}"; do
    bash "$work/stage" "${states[i]}"
    if command -v hyperfine >/dev/null; then
        hyperfine --shell=none --style basic --runs "$runs" --warmup 3 \
            --prepare "${prepares[i]}" --export-json "$work/$i.json" \
            --command-name "${names[i]}" "${commands[i]}" >&2
        # The mean and the fastest run, in seconds.
        read -r "mean[i]" "min[i]" < <(tr -d ' \n' <"$work/$i.json" |
            awk '{ match($0, /"mean":[0-9.e+-]+/); mean = substr($0, RSTART + 7, RLENGTH - 7)
                   match($0, /"min":[0-9.e+-]+/); min = substr($0, RSTART + 6, RLENGTH - 6)
                   printf "%d %d\n", mean * 1e6, min * 1e6 }')
    else
        total=0
        min[i]=0
        read -r -a argv <<<"${commands[i]}"
        "${argv[@]}" >/dev/null 2>&1 || true
        for ((r = 0; r < runs; r++)); do
            eval "${prepares[i]}"
            stamp
            start=$now
            "${argv[@]}" >/dev/null 2>&1
            stamp
            took=$((now - start))
            total=$((total + took))
            if ((min[i] == 0 || took < min[i])); then min[i]=$took; fi
        done
        mean[i]=$((total / runs))
    fi
done
"$bin" hooks uninstall >/dev/null

echo
printf '%-42s %10s %10s\n' "command" "mean ms" "min ms"
for i in "${!names[@]}"; do
    printf '%-42s %10s %10s\n' "${names[i]}" "$(ms "${mean[i]}")" "$(ms "${min[i]}")"
done
verdict() { if (($1 < $2 * 1000)); then echo "met"; else echo "NOT met"; fi; }
echo
echo "none staged: $(ms "${mean[2]}") ms, target < 10 ms: $(verdict "${mean[2]}" 10)"
echo "one staged:  $(ms "${mean[3]}") ms, target < 50 ms: $(verdict "${mean[3]}" 50)"
echo "the hooks add $(ms $((mean[5] - mean[6]))) ms to a git commit of one OKR file"
