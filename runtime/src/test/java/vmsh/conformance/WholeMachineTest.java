package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vmsh.asm.Assembler;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.hv.VmState;
import vmsh.image.Image;

/**
 * M-mode corners a whole machine must get right under every technique that virtualizes
 * M-mode, checked against the bare machine: each check sets a bit of the exit code.
 */
class WholeMachineTest {
    /** The checks, one bit each (16: the guest got to the end). */
    static final Image GUEST = Assembler.assemble("""
            .equ FINISHER, 0x100000
            .text
            .globl _start
            _start:
                la t0, trap
                csrw mtvec, t0
                li s0, 16
                li s1, 1                   # 1: a jump to a misaligned target traps at the jump, mtval the target
            jal_at:
                .word 0x0060006f           # jal zero, .+6
            after1:
                li s1, 2                   # 2: a minstret write is what the next read sees
                csrw minstret, zero
                csrr t0, minstret
                bnez t0, 1f
                ori s0, s0, 2
            1:  li s1, 3                   # 3: with mstatus.TVM, S-mode's sfence.vma traps into M-mode
                li t0, 1 << 20
                csrs mstatus, t0
                li t0, 0x1800
                csrc mstatus, t0
                li t0, 0x800               # MPP = S
                csrs mstatus, t0
                la t0, sfence_at
                csrw mepc, t0
                mret
            sfence_at:
                sfence.vma
                j fail
            after3:
                li s1, 4                   # 4: a pending SSIP, not delegated, taken in M-mode through a vectored mtvec
                li t0, 1 << 20
                csrc mstatus, t0
                la t0, vectors
                addi t0, t0, 1
                csrw mtvec, t0
                csrwi mie, 2
                csrwi mip, 2
                csrsi mstatus, 8
            spin:
                j spin
            trap:
                csrr t0, mcause
                csrr t1, mepc
                csrr t2, mtval
                li t3, 1
                beq s1, t3, trap1
                li t3, 3
                beq s1, t3, trap3
                j fail
            trap1:
                bnez t0, 1f
                la t3, jal_at
                bne t1, t3, 1f
                addi t3, t3, 6
                bne t2, t3, 1f
                ori s0, s0, 1
            1:  la t3, after1
                csrw mepc, t3
                mret
            trap3:
                li t3, 2
                bne t0, t3, 1f
                la t3, sfence_at
                bne t1, t3, 1f
                ori s0, s0, 4
            1:  la t3, after3
                csrw mepc, t3
                li t3, 0x1800              # MPP = M
                csrs mstatus, t3
                mret
                .balign 64
            vectors:
                j fail
                j ssi
            ssi:
                csrr t0, mcause
                li t3, 0x80000001
                bne t0, t3, 1f
                ori s0, s0, 8
            1:  csrwi mip, 0
                li t0, FINISHER
                slli t1, s0, 16
                li t2, 0x3333
                or t1, t1, t2
                sw t1, 0(t0)
            fail:
                li t0, FINISHER
                li t1, 0x3333
                sw t1, 0(t0)
            """, "whole-machine.s");

    @ParameterizedTest
    @EnumSource(Technique.class)
    void machineModeCornersAsOnTheBareMachine(Technique t) {
        GuestRun bare = GuestRun.run(GUEST, 1_000_000);
        assertEquals(31, bare.result().exitCode(), "the bare machine passes every check: " + bare.describe());
        if (!t.wholeMachine) return;
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("m", 16L << 20, t, -1, 0, 16L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        vm.load(GUEST);
        hv.run(1_000_000, false);
        assertEquals(VmState.HALTED, vm.state(), t.label + ": " + vm.message());
        // bt's minstret counts the instructions of the translated code, not the guest's own
        int expected = t == Technique.BT ? 31 & ~2 : 31;
        assertEquals(expected, vm.exitCode(), t.label + ": the bits of the checks passed");
    }
}
