#!/usr/bin/env bash
# Runs this repository's hooks for the pre-commit framework
# (.pre-commit-hooks.yaml) for real, through `pre-commit try-repo`, in a
# temporary git repository: `okr-lint` against a good and a bad OKR file,
# `okr-commit-msg` against a good and a bad commit message, checking each
# exit status and the lines that matter in the output.
#
# Usage: tests/precommit/run.sh
#
# pre-commit: $PRE_COMMIT when set, else `pre-commit` on PATH, else one
# installed from PyPI (version $version below) into a virtualenv under the
# target folder ($CARGO_TARGET_DIR, or target/), kept for the next run.
#
# What is tried is this working tree as it is, committed or not: its files
# (tracked, and untracked unless ignored) are copied into a scratch
# repository and committed there, and try-repo clones that. For every
# try-repo run pre-commit builds git-okr from its clone with `cargo install
# --path .` (release profile) in a fresh store; CARGO_TARGET_DIR is pointed
# at <target>/precommit-cargo so that the runs share one build folder: the
# first run builds the dependencies, the later ones (and later CI runs that
# keep the folder) only git-okr's own crates, whose sources are new files
# in each clone. That build is made without optimisation (opt-level 0, no
# LTO, through cargo's CARGO_PROFILE_RELEASE_* settings, which pre-commit's
# `cargo install` obeys): what is tested is how the hooks behave, and a
# build of that kind costs a fraction of an optimised one on CI's 2 cores.
set -euo pipefail

version=4.7.0

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=${CARGO_TARGET_DIR:-target}
[[ $target == /* ]] || target=$top/$target

say() { echo "precommit: $*" >&2; }
fail() {
    echo "precommit: FAILED: $*" >&2
    exit 1
}

# pre-commit itself.
if [[ -n ${PRE_COMMIT:-} ]]; then
    pre_commit=$PRE_COMMIT
elif command -v pre-commit >/dev/null 2>&1; then
    pre_commit=$(command -v pre-commit)
else
    venv=$target/precommit-venv
    if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -qF " $version"; then
        say "installing pre-commit $version from PyPI into $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$version"
    fi
    pre_commit=$venv/bin/pre-commit
fi
say "using $("$pre_commit" --version) ($pre_commit)"

# Hermetic git, for the scratch repositories and for pre-commit's clones.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
export GIT_AUTHOR_NAME="OKR Test" GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME="OKR Test" GIT_COMMITTER_EMAIL=test@example.com
export GIT_AUTHOR_DATE="2026-10-05T10:00:00+00:00" GIT_COMMITTER_DATE="2026-10-05T10:00:00+00:00"
# pre-commit's store (where try-repo would keep nothing anyway) and the
# shared build folder of its `cargo install`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache
export CARGO_TARGET_DIR=$target/precommit-cargo
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export PRE_COMMIT_COLOR=never NO_COLOR=1

# This working tree, as a repository of its own.
source=$work/source
mkdir -p "$source"
(
    cd "$top"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' path; do
            # Deleted, but not yet staged as deleted.
            [[ -e $path || -L $path ]] || continue
            printf '%s\0' "$path"
        done |
        xargs -0 cp --parents -P -t "$source"
)
git -C "$source" init --quiet --initial-branch=main
git -C "$source" add --all
git -C "$source" commit --quiet --no-verify -m "the working tree under test"
[[ -f $source/.pre-commit-hooks.yaml ]] || fail "no .pre-commit-hooks.yaml at $top"

# The repository the hooks run in: the bundled OKR files, committed.
repo=$work/repo
mkdir -p "$repo"
cp -R "$top/okrs" "$repo/okrs"
cd "$repo"
git init --quiet --initial-branch=main
git add --all
git commit --quiet --no-verify -m "OKRs for 2026-Q4"

# Runs `pre-commit try-repo SOURCE ARGS...`, its output in $work/out and its
# exit status in $status.
try() {
    local start=$SECONDS
    status=0
    "$pre_commit" try-repo "$source" "$@" >"$work/out" 2>&1 || status=$?
    say "  try-repo $* -> exit $status in $((SECONDS - start)) s"
}

# Fails unless the last try-repo exited with $1 and its output has each
# fixed string given after it.
expect() {
    local want=$1 what=$2
    shift 2
    local ok=1 line
    [[ $status == "$want" ]] || ok=0
    for line in "$@"; do
        grep -qF -- "$line" "$work/out" || ok=0
    done
    if ((ok == 0)); then
        sed 's/^/    | /' "$work/out" >&2
        fail "$what: expected exit $want and the lines: $*"
    fi
    say "ok: $what"
}

total=$SECONDS
say "okr-lint, a good OKR file (a check-in's edit of \`current\`)"
file=okrs/2026-Q4/platform.toml
sed -i '0,/^current = 9.5$/s//current = 9/' "$file"
git diff --quiet -- "$file" && fail "the edit of $file changed nothing"
git add "$file"
try okr-lint --files "$file"
expect 0 "okr-lint passes a good OKR file" "lint OKR files (git-okr)" "Passed"
git commit --quiet --no-verify -m "check-in"

say "okr-lint, a bad OKR file (a misspelt key)"
file=okrs/2026-Q4/checkout.toml
sed -i '0,/^target = /s//tagret = /' "$file"
git add "$file"
try okr-lint --files "$file"
expect 1 "okr-lint fails a bad OKR file" \
    "lint OKR files (git-okr)" "Failed" "error[unknown-key]" "$file" "did you mean \`target\`?"
git checkout --quiet HEAD -- "$file"

say "okr-commit-msg, a good message"
cat >"$work/good-msg" <<'EOF'
checkin(platform/ci-pipeline-time): 9.5 → 9 minutes

OKR-Checkin: platform/paved-road/ci-pipeline-time
OKR-Value: 9
OKR-Confidence: 0.8
EOF
try okr-commit-msg --hook-stage commit-msg --commit-msg-filename "$work/good-msg"
expect 0 "okr-commit-msg passes good trailers" "check OKR trailers (git-okr)" "Passed"

say "okr-commit-msg, a bad message"
cat >"$work/bad-msg" <<'EOF'
checkin(platform/no-such-kr): 9.5 → 9 minutes

OKR-Checkin: platform/paved-road/no-such-kr
OKR-Value: nine
EOF
try okr-commit-msg --hook-stage commit-msg --commit-msg-filename "$work/bad-msg"
expect 1 "okr-commit-msg fails bad trailers" \
    "check OKR trailers (git-okr)" "Failed" "bad-msg:3: error:" "the commit is blocked"

say "all passed in $((SECONDS - total)) s"
