package vmsh.machine;

import vmsh.board.RunResult;
import vmsh.board.StopReason;
import static org.junit.jupiter.api.Assertions.assertEquals;

import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.mmu.Pte;

/**
 * Small privileged test guests: assembly source with a standard M-mode prologue, and
 * Sv32 page tables written from Java before the run.
 *
 * <p>Every guest starts with {@link #PROLOGUE}: mtvec = {@code m_trap}, which records
 * mcause, mtval, mepc and the trapped privilege (mstatus.MPP) in s2..s5 and exits through
 * the test finisher. Page tables live at {@link #ROOT}; {@link #map} fills them.
 */
public final class Guest {
    static final int FINISHER = 0x0010_0000;
    /** The root table; second-level tables follow it, one per 4 MiB region mapped. */
    static final int ROOT = 0x8010_0000;
    static final int SATP = 1 << 31 | ROOT >>> 12;
    static final int S2 = 18, S3 = 19, S4 = 20, S5 = 21, A0 = 10, A1 = 11, A2 = 12;
    static final int URWX = Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_X | Pte.PTE_U | Pte.PTE_A | Pte.PTE_D;
    static final int URW = URWX & ~Pte.PTE_X, URX = URWX & ~Pte.PTE_W & ~Pte.PTE_D;

    static final String PROLOGUE = """
            .equ FINISHER, 0x100000
            .text
            .globl _start
            _start:
                la t0, m_trap
                csrw mtvec, t0
                j main
            m_trap:
                csrr s2, mcause
                csrr s3, mtval
                csrr s4, mepc
                csrr s5, mstatus
                srli s5, s5, 11
                andi s5, s5, 3
            exit:
                li t0, FINISHER
                li t1, 0x5555
                sw t1, 0(t0)
            1:  j 1b
            """;

    final Machine machine;
    final Image image;
    private int tables = 0;

    public Guest(String body) { this(body, MachineConfig.defaults().memory(16 << 20)); }

    public Guest(String body, MachineConfig config) {
        image = Assembler.assemble(PROLOGUE + body, "guest.s");
        machine = new Machine(config);
        machine.load(image);
    }

    int symbol(String name) { return image.symbol(name); }

    /** Maps the 4 KiB page at {@code va} to {@code pa} with PTE flags {@code flags}. */
    Guest map(int va, int pa, int flags) {
        int rootEntry = ROOT + 4 * (va >>> 22);
        int pointer = machine.read(rootEntry, 4);
        if ((pointer & Pte.PTE_V) == 0) {
            int table = ROOT + 0x1000 * ++tables;
            pointer = Pte.make(table & 0xffff_ffffL, Pte.PTE_V);
            machine.write(rootEntry, 4, pointer);
        }
        int leaf = (int) Pte.address(pointer) + 4 * (va >>> 12 & 0x3ff);
        machine.write(leaf, 4, Pte.make(pa & 0xffff_ffffL, flags));
        return this;
    }

    /** Maps the 4 MiB megapage at {@code va}. */
    Guest mapMega(int va, int pa, int flags) {
        machine.write(ROOT + 4 * (va >>> 22), 4, Pte.make(pa & 0xffff_ffffL, flags));
        return this;
    }

    int pte(int va) {
        int pointer = machine.read(ROOT + 4 * (va >>> 22), 4);
        return machine.read((int) Pte.address(pointer) + 4 * (va >>> 12 & 0x3ff), 4);
    }

    RunResult run(long budget) { return machine.run(budget); }

    /** Runs to the finisher and checks that it got there. */
    Guest halts(long budget) {
        RunResult r = machine.run(budget);
        assertEquals(StopReason.HALT, r.reason(), r.message());
        return this;
    }

    int reg(int n) { return machine.reg(n); }
}
