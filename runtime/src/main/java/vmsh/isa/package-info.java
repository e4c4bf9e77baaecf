/**
 * The RISC-V instruction set as data: the one instruction table ({@link vmsh.isa.Opcode}:
 * encoding, format, operand syntax, kind, extension, sensitivity, description, example) with
 * its decoder and encoder, the extensions and ISA strings ({@link vmsh.isa.Extension},
 * {@link vmsh.isa.Isa}), CSR numbers ({@link vmsh.isa.Csr}) and the privileged spec's other
 * numbers by their spec names ({@link vmsh.isa.Encoding}). It is the bottom layer: it
 * imports nothing of vmsh, and everything that knows about instructions reads it.
 */
package vmsh.isa;
