package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.asm.AsmTesting.hex;
import static vmsh.asm.AsmTesting.words;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every pseudo-instruction against the real instructions it stands for, and li/la against GNU's words. */
class PseudoInstructionTest {

    @ParameterizedTest(name = "{0}  ==  {1}")
    @CsvSource(delimiter = '|', value = {
        "nop                 | addi x0, x0, 0",
        "mv a0, a1           | addi a0, a1, 0",
        "not a0, a1          | xori a0, a1, -1",
        "neg a0, a1          | sub a0, zero, a1",
        "seqz a0, a1         | sltiu a0, a1, 1",
        "snez a0, a1         | sltu a0, zero, a1",
        "sltz a0, a1         | slt a0, a1, zero",
        "sgtz a0, a1         | slt a0, zero, a1",
        "sgt a0, a1, a2      | slt a0, a2, a1",
        "sgtu a0, a1, a2     | sltu a0, a2, a1",
        "zext.b a0, a1       | andi a0, a1, 255",
        // without Zbb (with it, these are its instructions: see AssemblerTest)
        ".option arch, -zbb; sext.b a0, a1 | slli a0, a1, 24; srai a0, a0, 24",
        ".option arch, -zbb; sext.h a0, a1 | slli a0, a1, 16; srai a0, a0, 16",
        ".option arch, -zbb; zext.h a0, a1 | slli a0, a1, 16; srli a0, a0, 16",
        "beqz a0, L; L:      | beq a0, zero, L; L:",
        "bnez a0, L; L:      | bne a0, x0, L; L:",
        "blez a0, L; L:      | bge zero, a0, L; L:",
        "bgez a0, L; L:      | bge a0, zero, L; L:",
        "bltz a0, L; L:      | blt a0, zero, L; L:",
        "bgtz a0, L; L:      | blt zero, a0, L; L:",
        "bgt a0, a1, L; L:   | blt a1, a0, L; L:",
        "ble a0, a1, L; L:   | bge a1, a0, L; L:",
        "bgtu a0, a1, L; L:  | bltu a1, a0, L; L:",
        "bleu a0, a1, L; L:  | bgeu a1, a0, L; L:",
        "j L; L:             | jal zero, L; L:",
        "jal L; L:           | jal ra, L; L:",
        "jr t0               | jalr zero, 0(t0)",
        "jr 4(t0)            | jalr zero, 4(t0)",
        "jalr t0             | jalr ra, 0(t0)",
        "jalr 8(t0)          | jalr ra, 8(t0)",
        "jalr a0, t0         | jalr a0, 0(t0)",
        "jalr a0, t0, 12     | jalr a0, 12(t0)",
        "ret                 | jalr zero, 0(ra)",
        "call L; L:          | auipc ra, 0; jalr ra, 8(ra); L:",
        "call a0, L; L:      | auipc t1, 0; jalr a0, 8(t1); L:",
        "tail L; L:          | auipc t1, 0; jalr zero, 8(t1); L:",
        "jump L, t3; L:      | auipc t3, 0; jalr zero, 8(t3); L:",
        "la a0, L; L:        | auipc a0, 0; addi a0, a0, 8; L:",
        "lla a0, L; L:       | auipc a0, 0; addi a0, a0, 8; L:",
        "la a0, 0x1000       | lui a0, 1",
        "lw a0, L; L:        | auipc a0, 0; lw a0, 8(a0); L:",
        "lbu a0, L + 1; L:   | auipc a0, 0; lbu a0, 9(a0); L:",
        "sw a0, L, t0; L:    | auipc t0, 0; sw a0, 8(t0); L:",
        "fence               | fence iorw, iorw",
        "fence.tso           | .word 0x8330000f",
        "unimp               | csrrw zero, cycle, zero",
        "scall               | ecall",
        "sbreak              | ebreak",
        "rdcycle a0          | csrrs a0, cycle, zero",
        "rdcycleh a0         | csrrs a0, cycleh, zero",
        "rdtime a0           | csrrs a0, time, zero",
        "rdtimeh a0          | csrrs a0, timeh, zero",
        "rdinstret a0        | csrrs a0, instret, zero",
        "rdinstreth a0       | csrrs a0, instreth, zero",
        "csrr a0, mstatus    | csrrs a0, mstatus, zero",
        "csrw mtvec, a0      | csrrw zero, mtvec, a0",
        "csrw mtvec, 3       | csrrwi zero, mtvec, 3",
        "csrs mie, a0        | csrrs zero, mie, a0",
        "csrc mie, a0        | csrrc zero, mie, a0",
        "csrwi mscratch, 5   | csrrwi zero, mscratch, 5",
        "csrsi mstatus, 8    | csrrsi zero, mstatus, 8",
        "csrci mstatus, 8    | csrrci zero, mstatus, 8",
        "csrrw a0, mscratch, 7 | csrrwi a0, mscratch, 7",
        "add a0, a1, 5       | addi a0, a1, 5",
        "sltu a0, a1, 5      | sltiu a0, a1, 5",
        "sll a0, a1, 5       | slli a0, a1, 5",
        "sfence.vma          | sfence.vma zero, zero",
        "sfence.vma a0       | sfence.vma a0, zero",
        "hfence.gvma a0      | hfence.gvma a0, x0",
        "lr.w a0, 0(a1)      | lr.w a0, (a1)",
    })
    void expandsTo(String pseudo, String real) {
        assertEquals(hex(words(real)), hex(words(pseudo)));
    }

    /** Words GNU as 2.40 produces (checked with objdump). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "li a0, 0            | 00000513",
        "li a0, 2047         | 7ff00513",
        "li a0, -2048        | 80000513",
        "li a0, 0x800        | 00001537 80050513",
        "li a0, 0x12345678   | 12345537 67850513",
        "li a0, 0x12345000   | 12345537",
        "li a0, 0x7ffff800   | 80000537 80050513",
        "li a0, 0x80000000   | 80000537",
        "li a0, -0x80000000  | 80000537",
        "li a0, 0xfffff800   | 80000513",
        "li a0, 0xffffffff   | fff00513",
        "li a0, -1           | fff00513",
        "li a0, -0x80000001 + 0x100000000 | 80000537 fff50513",
        "li a5, 'a'          | 06100793",
        "fence               | 0ff0000f",
        "fence.tso           | 8330000f",
        "fence rw, w         | 0310000f",
        "lr.w.aq a0, (a1)    | 1405a52f",
        "amoadd.w.aqrl a0, a1, (a2) | 06b6252f",
        "sc.w.rl a0, a2, (a1) | 1ac5a52f",
        "rdcycle a0          | c0002573",
        "csrw mstatus, 3     | 3001d073",
        "csrrwi a0, mstatus, 31 | 300fd573",
        "unimp               | c0001073",
        "sfence.vma a0       | 12050073",
        "hfence.vvma         | 22000073",
        "hlv.b a0, (a1)      | 6005c573",
        "jalr ra, a0, 4      | 004500e7",
        "tail L; L:          | 00000317 00830067",
        "call L; L:          | 00000097 008080e7",
    })
    void matchesGnu(String source, String expected) {
        assertEquals(expected, hex(words(source)));
    }
}
