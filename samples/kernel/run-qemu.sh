#!/bin/sh
# run-qemu.sh - build samples/kernel with the GNU tools and run it on QEMU's virt machine.
# Usage: samples/kernel/run-qemu.sh [extra qemu options, e.g. -icount shift=0]
# The exit status is the kernel's (SBI SRST through the test finisher): 0 = all went well.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${KERNEL_BUILD_DIR:-$(mktemp -d)}
riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mno-relax \
    -I "$here" "$here/kernel.s" -o "$out/kernel.o"
riscv64-unknown-elf-ld -m elf32lriscv -T "$here/kernel.ld" "$out/kernel.o" -o "$out/kernel.elf"
exec timeout 20 qemu-system-riscv32 -M virt -bios none -nographic -monitor none \
    -kernel "$out/kernel.elf" "$@"
