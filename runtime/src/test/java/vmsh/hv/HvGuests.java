package vmsh.hv;

import vmsh.asm.Assembler;
import vmsh.image.Image;

/** Small S-mode test guests for the hypervisor, assembled inline (entry _start, SBI only, or devices). */
final class HvGuests {
    private HvGuests() {}

    static final String PRELUDE = """
            .equ SBI_EXT_SRST, 0x53525354
            .equ SBI_EXT_LEGACY_PUTCHAR, 1
            .equ UART, 0x10000000
            .equ FINISHER, 0x100000
            .equ PTE_VALID_LEAF, 0xcf          # V R W X A D
            .text
            .globl _start
            _start:
            """;

    static final String SHUTDOWN = """
            shutdown:
                li a7, SBI_EXT_SRST
                li a6, 0
                li a0, 0
                li a1, 0
                ecall
            1:  j 1b
            """;

    static Image guest(String body) { return Assembler.assemble(PRELUDE + body + SHUTDOWN, "guest.s"); }

    /**
     * Paging with a window page at 0x4000_0000 (root 0x8010_0000, leaf table 0x8010_1000)
     * mapped to frame A (0x8020_0000, holds 111); then the PTE is changed to frame B
     * (0x8020_1000, holds 222) without a fence (s2 = what the window reads then), fenced
     * (s3), and an unmapped page is read (the guest's handler records scause in s5).
     * s4 = the window read before the change.
     */
    static Image remapGuest() {
        return guest("""
                la t0, handler
                csrw stvec, t0
                li t0, 0x80200000
                li t1, 111
                sw t1, 0(t0)
                li t1, 222
                li t4, 0x80201000
                sw t1, 0(t4)
                li t0, 0x80100000          # root: identity megapage for 0x80000000, window table
                li t1, (0x80000000 >> 12) << 10 | PTE_VALID_LEAF
                addi t6, t0, 2047
                sw t1, 1(t6)
                li t1, (0x80101000 >> 12) << 10 | 1
                sw t1, (0x40000000 >> 22) * 4(t0)
                li t2, 0x80101000          # window page -> frame A
                li t1, (0x80200000 >> 12) << 10 | PTE_VALID_LEAF
                sw t1, 0(t2)
                li t1, 0x80000000 | (0x80100000 >> 12)
                csrw satp, t1
                sfence.vma
                li t3, 0x40000000
                lw s4, 0(t3)
                li t1, (0x80201000 >> 12) << 10 | PTE_VALID_LEAF
                sw t1, 0(t2)               # window page -> frame B, no fence yet
                lw s2, 0(t3)
                sfence.vma
                lw s3, 0(t3)
                li t4, 0x40001000
                lw t4, 0(t4)               # unmapped: a true page fault for the guest
                j shutdown
                .balign 4
            handler:
                csrr s5, scause
                csrr t5, sepc
                addi t5, t5, 4
                csrw sepc, t5
                sret
            """);
    }
}
