package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.image.Image;
import vmsh.isa.Csr;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/**
 * The kernel's balloon driver (samples/kernel/balloon.s) against a balloon played by the
 * test: a harness runs the driver's polls in M-mode on the bare machine, and each SBI
 * {@code ecall} stops at a breakpoint on the trap vector, where the test answers it. It
 * checks what a hypervisor relies on: only page-aligned pages of the allocator's region,
 * never one twice, the target reached in bounded steps, deflation returning every page,
 * refused pages and directory pages given back, and the allocator's reserve kept.
 */
class BalloonDriverTest {
    private static final int EID = 0x0A00_0001, BASE = 0x10, PROBE = 3;
    private static final int GET_TARGET = 0, INFLATE_BATCH = 3, DEFLATE_BATCH = 4;
    private static final int A0 = 10, A1 = 11, A2 = 12, A6 = 16, A7 = 17;
    private static final int HEAP = 0x8010_0000, HEAP_PAGES = 2048;

    private static final String HARNESS = """
            .include "sbi_defs.s"
            .include "riscv_defs.s"
            .include "kernel_defs.s"
                .text
                .globl _start
            _start:
                la      t0, sbi_trap
                csrw    mtvec, t0
                la      sp, harness_stack_top
                li      a0, %d
                li      a1, %d
                call    page_alloc_init
                call    balloon_init
            1:  call    balloon_poll
                j       1b
                .balign 4
            sbi_trap:                       # the test answers here and resumes after the ecall
                j       sbi_trap
            .include "sbi.s"
            .include "lib.s"
            .include "palloc.s"
            .include "balloon.s"
                .bss
                .balign 16
                .space  2048
            harness_stack_top:
            """.formatted(HEAP, HEAP + HEAP_PAGES * 4096);

    private final Machine machine = new Machine(MachineConfig.defaults().memory(16 << 20));
    private final Image image = Assembler.assemble(HARNESS,
            SamplesDirectory.root().resolve("kernel/balloon-harness.s").toString());
    private final Set<Integer> balloon = new LinkedHashSet<>();
    private int target, limit = Integer.MAX_VALUE, calls, probes;
    private boolean pending;

    BalloonDriverTest() {
        machine.load(image);
        machine.addBreakpoint(image.symbol("sbi_trap"));
    }

    /** Runs until the driver has made {@code n} balloon calls, answering every SBI call. */
    private void serve(int n) {
        for (int goal = calls + n; calls < goal; ) {
            if (!pending) runToNextCall();
            pending = false;
            answer();
            machine.setPc(machine.csr(Csr.number("mepc")) + 4);
        }
    }

    /** Runs the driver until its next SBI call, left unanswered: no page is in flight then. */
    private void runToNextCall() {
        RunResult r = machine.run(1_000_000);
        assertEquals(StopReason.BREAK, r.reason(), r.toString());
        pending = true;
    }

    private void answer() {
        int eid = machine.reg(A7), fid = machine.reg(A6), a0 = machine.reg(A0), a1 = machine.reg(A1);
        if (eid == BASE && fid == PROBE) { probes++; ret(0, a0 == EID ? 1 : 0); return; }
        assertEquals(EID, eid, "the driver calls only BASE probe and the balloon");
        calls++;
        switch (fid) {
            case GET_TARGET -> ret(0, target);
            case INFLATE_BATCH -> {
                assertTrue(a0 > 0 && a0 <= 32, "batch of " + a0);
                assertEquals(0, machine.reg(A2));
                int done = 0;
                for (int i = 0; i < a0; i++) {
                    int page = machine.read(a1 + 4 * i, 4);
                    assertEquals(0, page & 0xfff, "page-aligned");
                    assertTrue(Integer.compareUnsigned(page, HEAP) >= 0
                            && Integer.compareUnsigned(page, HEAP + HEAP_PAGES * 4096) < 0, "in the allocator's region");
                    if (balloon.size() >= limit) { ret(-4, done); return; }
                    assertTrue(balloon.add(page), "never inflated twice");
                    done++;
                }
                ret(0, done);
            }
            case DEFLATE_BATCH -> {
                assertTrue(a0 > 0 && a0 <= 32, "batch of " + a0);
                for (int i = 0; i < a0; i++) assertTrue(balloon.remove(machine.read(a1 + 4 * i, 4)), "deflates only its pages");
                ret(0, a0);
            }
            default -> fail("unexpected FID " + fid);
        }
    }

    private void ret(int error, int value) {
        machine.setReg(A0, error);
        machine.setReg(A1, value);
    }

    private int word(String symbol) { return machine.read(image.symbol(symbol), 4); }

    /** Every page is in the balloon, in a directory page, or free in the allocator. */
    private void assertNoPageLost(int directories) {
        runToNextCall();
        assertEquals(balloon.size(), word("balloon_size"));
        assertEquals(HEAP_PAGES, balloon.size() + directories + word("palloc_free_count"));
    }

    private void pollUntilSteady() {
        for (int i = 0; i < 200; i++) {
            int before = balloon.size();
            serve(2);
            if (balloon.size() == before && word("balloon_size") == before) return;
        }
        fail("the balloon never settled");
    }

    @Test void inflatesAcrossDirectoryPagesAndDeflatesEverything() {
        serve(1);
        assertEquals(1, probes);
        target = 1500;                          // more than one directory page holds (1023)
        pollUntilSteady();
        assertEquals(1500, balloon.size());
        assertNoPageLost(2);

        target = 100;
        pollUntilSteady();
        assertEquals(100, balloon.size());
        assertNoPageLost(1);

        target = 0;
        pollUntilSteady();
        assertEquals(0, balloon.size());
        assertNoPageLost(0);
        assertEquals(0, word("balloon_dir"));
    }

    @Test void movesAtMostOneBatchPerPoll() {
        target = 1000;
        serve(2);                                // get_target, inflate_batch
        assertEquals(32, balloon.size());
    }

    @Test void keepsTheAllocatorsReserve() {
        target = HEAP_PAGES;
        pollUntilSteady();
        assertEquals(64, word("palloc_free_count"));
        assertNoPageLost(2);
    }

    @Test void refusedPagesGoBackToTheAllocator() {
        limit = 50;
        target = 200;
        pollUntilSteady();
        assertEquals(50, balloon.size());
        assertNoPageLost(1);
    }

    @Test void withoutTheExtensionTheDriverNeverCalls() {
        // the same harness on a "firmware" that answers probe with 0
        Machine m = machine;
        m.run(1_000_000);                        // stops at the probe
        assertEquals(BASE, m.reg(A7));
        ret(0, 0);
        m.setPc(m.csr(Csr.number("mepc")) + 4);
        RunResult r = m.run(200_000);
        assertEquals(StopReason.BUDGET, r.reason(), "no SBI call after a probe that says no");
        assertEquals(0, word("balloon_present"));
    }
}
