#!/bin/sh
# check-qemu.sh - run the kernel on QEMU with deterministic time (-icount) and compare its
# console output and exit status with the expect-output / expect-exit header of kernel.s.
# Usage: samples/kernel/check-qemu.sh [icount shift, default 0]. Exit status 0 = match.
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
KERNEL_BUILD_DIR=$out "$here/run-qemu.sh" -icount "shift=${1:-0},sleep=off" > "$out/actual" 2>/dev/null
status=$?
# the samples convention: "# | text" is one output line, a bare "# |" an empty one
sed -n '/^# expect-output:/,/^[^#]/{/^# |/{s/^# |//;s/^ //;p}}' "$here/kernel.s" > "$out/expected"
want=$(sed -n 's/^# expect-exit: *//p' "$here/kernel.s")
if ! diff -u "$out/expected" "$out/actual"; then
    echo "check-qemu: console output differs from the header of kernel.s" >&2
    exit 1
fi
if [ "$status" != "$want" ]; then
    echo "check-qemu: exit status $status, header expects $want" >&2
    exit 1
fi
echo "check-qemu: output and exit status $status match kernel.s"
