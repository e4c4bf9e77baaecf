#!/bin/sh
# run-qemu.sh - build samples/hyper with the GNU tools and run it on QEMU's virt machine
# with the H extension. Usage: samples/hyper/run-qemu.sh [extra qemu options, e.g.
# -icount shift=0]. The exit status is the guest kernel's (its SBI shutdown reason).
#
# vmsh assembles the kernel that guest.s names with .incbin; GNU as includes bytes only,
# so here the kernel is built first (its own build: as, ld with kernel.ld), flattened by
# objcopy, and a copy of guest.s in the build folder points .incbin at that.
set -e
here=$(cd "$(dirname "$0")" && pwd)
kernel=$(cd "$here/../kernel" && pwd)
out=${HYPER_BUILD_DIR:-$(mktemp -d)}
riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mno-relax \
    -I "$kernel" "$kernel/kernel.s" -o "$out/kernel.o"
riscv64-unknown-elf-ld -m elf32lriscv --no-warn-rwx-segments -T "$kernel/kernel.ld" "$out/kernel.o" -o "$out/kernel.elf"
riscv64-unknown-elf-objcopy -O binary "$out/kernel.elf" "$out/kernel.bin"
sed 's|^\( *\.incbin *\)"\.\./kernel/kernel\.s"|\1"'"$out"'/kernel.bin"|' "$here/guest.s" > "$out/guest.s"
# GNU as looks for includes in the working folder first: assemble from the build folder,
# so its guest.s is found before ours
cd "$out"
riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei_h -mabi=ilp32 -mno-relax \
    -I "$out" -I "$here" "$here/hyper.s" -o "$out/hyper.o"
riscv64-unknown-elf-ld -m elf32lriscv --no-warn-rwx-segments -T "$kernel/kernel.ld" "$out/hyper.o" -o "$out/hyper.elf"
exec timeout 20 qemu-system-riscv32 -M virt -cpu rv32,h=true -bios none -nographic -monitor none \
    -kernel "$out/hyper.elf" "$@"
