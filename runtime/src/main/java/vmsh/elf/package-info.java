/**
 * ELF32 RISC-V executables: reading one into an {@link vmsh.image.Image} (loadable segments,
 * symbols, the entry) and writing an image as an ELF that GNU objdump reads and QEMU runs.
 * It may import image only.
 */
package vmsh.elf;
