/**
 * A loadable program as a value: segments (data, .bss size, ELF flags), symbols and the
 * entry ({@link vmsh.image.Image}). The assembler and the ELF reader make one, the ELF
 * writer writes one, and machines and VMs load one. It imports nothing of vmsh.
 */
package vmsh.image;
