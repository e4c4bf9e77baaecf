/**
 * The assembler (GNU as syntax: directives, macros, conditionals, pseudo-instructions,
 * {@code .option arch}) and the disassembler (objdump's forms, with and without aliases),
 * both driven by the instruction table; they produce and read {@link vmsh.image.Image}s. It
 * may import isa and image only: it knows no machine.
 */
package vmsh.asm;
