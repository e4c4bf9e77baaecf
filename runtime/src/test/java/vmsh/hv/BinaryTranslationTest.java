package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.image.Image;

/** bt: the guest kernel runs translated, cannot tell, and pays callouts instead of exits. */
class BinaryTranslationTest {
    static final int S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23, S8 = 24, S9 = 25;

    private static Vm run(Image image) {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("bt", 16 << 20, Technique.BT);
        vm.load(image);
        hv.run(1_000_000, false);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        return vm;
    }

    @Test void theGuestCannotTellItsCodeIsTranslated() {
        Image image = HvGuests.guest("""
                la t0, handler
                csrw stvec, t0
                la t1, probe
                lw s2, 0(t1)               # its own code, as it wrote it
            probe:
                addi s3, zero, 77
            bad:
                .word 0                    # illegal: the handler sees sepc = bad, stval = 0
                mv s8, s4                  # sepc of the illegal instruction
                ebreak                     # its sepc is this instruction's own address too
                mv s9, s4
                call patched               # s6 = 1
                la t1, patched
                li t2, 0x00200b13          # addi s6, zero, 2
                sw t2, 0(t1)               # rewrite code the translator has translated
                fence.i
                call patched               # s6 = 2
                j shutdown
            patched:
                addi s6, zero, 1
                ret
                .balign 4
            handler:
                csrr s4, sepc
                csrr s5, stval
                csrr s7, scause
                addi s4, s4, 0
                csrr t5, sepc
                addi t5, t5, 4
                csrw sepc, t5
                sret
            """);
        Vm vm = run(image);
        int[] x = vm.vcpu().x;
        assertEquals(0x04d0_0993, x[S2], "reading its code reads the original bytes");
        assertEquals(77, x[S3]);
        assertEquals(image.symbol("bad"), x[S8], "sepc of a trap in translated code is the guest's pc");
        assertEquals(image.symbol("bad") + 8, x[S9], "the ebreak's sepc is its own guest address");
        assertEquals(3, x[S7], "the last trap was the breakpoint");
        assertEquals(2, x[S6], "the rewritten instruction ran: its translation was dropped");
        TranslatorStats t = vm.translations();
        assertTrue(t.codeWrites() >= 1 && t.invalidations() >= 1, t.toString());
        assertEquals(0, vm.exits(ExitReason.CSR) + vm.exits(ExitReason.SRET), "CSR access and sret are callouts");
        assertTrue(t.callouts().get("csr") >= 8, t.toString());
        assertEquals(1, vm.exits(ExitReason.CODE_WRITE));
    }

    @Test void callsAndReturnsChainAndLookUpWithoutCallingOutEachTime() {
        Vm vm = run(HvGuests.guest("""
                li s2, 0
                li s3, 500
            1:  call leaf
                addi s3, s3, -1
                bnez s3, 1b
                j shutdown
            leaf:
                addi s2, s2, 1
                ret
            """));
        assertEquals(500, vm.vcpu().x[S2]);
        TranslatorStats t = vm.translations();
        assertTrue(t.chains() >= 2, t.toString());
        assertTrue(t.callouts().get("indirect") <= 2, "the return hits the lookup table: " + t);
        assertTrue(t.callouts().get("dispatch") <= 10, t.toString());
        assertTrue(vm.stats().callouts() < 20);
    }

    @Test void storesThatKeepFaultingOnATracedTableAreRetranslatedIntoCallouts() {
        Vm vm = run(HvGuests.guest("""
                li t0, 0x80100000          # root: the kernel's megapage, and a window table
                li t1, (0x80000000 >> 12) << 10 | PTE_VALID_LEAF
                addi t6, t0, 2047
                sw t1, 1(t6)
                li t1, (0x80101000 >> 12) << 10 | 1
                sw t1, (0x40000000 >> 22) * 4(t0)
                li t1, 0x80000000 | (0x80100000 >> 12)
                csrw satp, t1
                sfence.vma
                li t2, 0x80101000          # the window table, traced once the walk uses it
                li t3, 0x40000000
                li s2, 50
            1:  li t1, (0x80200000 >> 12) << 10 | PTE_VALID_LEAF
                sw t1, 0(t2)               # a PTE write each time round: a pt-write, then a callout
                sfence.vma t3
                lw t4, 0(t3)               # a walk through the table
                addi s2, s2, -1
                bnez s2, 1b
            """));
        TranslatorStats t = vm.translations();
        assertTrue(t.adaptations() >= 1, t.toString());
        assertTrue(vm.exits(ExitReason.PT_WRITE) <= 3, "pt-write exits: " + vm.exits(ExitReason.PT_WRITE));
        assertTrue(t.callouts().get("pt-write") >= 45, t.toString());
    }

    @Test void translationIsChargedAndCalloutsCostLessThanExits() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm bt = hv.create("bt", 32 << 20, Technique.BT), trap = hv.create("trap", 32 << 20, Technique.TRAP);
        bt.load(Guests.sample("micro/syscall.s"));
        trap.load(Guests.sample("micro/syscall.s"));
        hv.run(100_000_000, false);
        assertEquals(trap.console().text(), bt.console().text());
        assertTrue(bt.stats().cycles() < trap.stats().cycles() / 2, bt.stats() + " / " + trap.stats());
        TranslatorStats t = bt.translations();
        long before = bt.stats().cycles();
        hv.costs().set("translate", 0);
        assertEquals(before - 200 * t.guestInstructions(), bt.stats().cycles());
    }
}
