package vmsh.hv;

import static vmsh.isa.Encoding.*;

import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.cpu.Trap;
import vmsh.isa.Csr;
import vmsh.isa.Decoder;
import vmsh.isa.Encoding;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;

/**
 * A guest's virtual hart, as a VMM that emulates the guest's privileged instructions keeps
 * it: the privilege the guest believes it runs at and its CSRs, with the spec's rules (a
 * {@link Hart} of its own, {@link #v}; the guest's registers and pc are the host hart's
 * while it runs). Its time is the vCPU's; its device lines are the {@link VirtualBoard}'s
 * (a whole machine) or none.
 *
 * <p>{@link #emulate} runs one privileged instruction the hart would not let the guest run
 * (CSR instructions, sret, mret, wfi, sfence.vma) on it; what the virtual hart refuses at
 * the guest's privilege is the guest's own trap, which the technique delivers
 * ({@link Reflect}). The technique is told when the guest's privilege, satp or status bits
 * may have changed (to move the hart to the right shadow) and what an sfence.vma must drop.
 */
final class VirtualHart {
    /** Delivers a trap to the guest (trap entry on the virtual hart), counted as an exit of {@code reason}. */
    interface Reflect { void reflect(ExitReason reason, int cause, int tval, int epc); }

    /** cycle, time and instret: what an SBI firmware lets the kernel read. */
    private static final int COUNTERS = 0x7;

    final Hart v;
    private final Virtualization owner;
    private final Reflect reflect;
    private final IntConsumer sfence;
    private final Runnable changed;
    /** What the guest wrote to mcycle and minstret, as offsets from the vCPU's counts. */
    private long cycleOffset, instretOffset;

    /**
     * @param sfence  an emulated sfence.vma (the instruction word): drop what it invalidates
     * @param changed the guest's privilege, satp, sstatus or mstatus may have changed
     */
    VirtualHart(Virtualization owner, Reflect reflect, IntConsumer sfence, Runnable changed) {
        this.owner = owner;
        this.reflect = reflect;
        this.sfence = sfence;
        this.changed = changed;
        Vm vm = owner.vm;
        VirtualBoard board = vm.board();
        IntSupplier lines = board != null ? board::pending : () -> vm.interrupts().pending() ? MIP_SEIP : 0;
        this.v = new Hart(new CsrFile(owner.hv.engine().clock(), () -> vm.vcpu().time(), lines));
    }

    /** A whole machine: the guest starts in M-mode. Else the VMM is its firmware: S-mode, everything delegated, the counters readable. */
    void reset(boolean wholeMachine) {
        if (wholeMachine) {
            v.priv = PRV_M;
            return;
        }
        v.priv = PRV_S;
        v.csr.write(Csr.MEDELEG, -1);
        v.csr.write(Csr.MIDELEG, -1);
        v.csr.mcounteren = COUNTERS;
    }

    /** The state of {@code from}, a VM's virtual hart on another host (a migration). */
    void adopt(VirtualHart from) {
        var a = v.csr;
        var b = from.v.csr;
        v.priv = from.v.priv;
        a.mstatus = b.mstatus; a.medeleg = b.medeleg; a.mideleg = b.mideleg; a.mie = b.mie; a.mipSoftware = b.mipSoftware;
        a.mtvec = b.mtvec; a.mscratch = b.mscratch; a.mepc = b.mepc; a.mcause = b.mcause; a.mtval = b.mtval;
        a.mcounteren = b.mcounteren; a.stvec = b.stvec; a.sscratch = b.sscratch; a.sepc = b.sepc; a.scause = b.scause;
        a.stval = b.stval; a.scounteren = b.scounteren; a.satp = b.satp;
        cycleOffset = from.cycleOffset;
        instretOffset = from.instretOffset;
    }

    /** Its state, for a snapshot of the host: privilege, CSRs and the counter offsets. */
    void save(vmsh.state.StateOut out) {
        out.putInt(v.priv);
        v.csr.save(out);
        out.putLong(cycleOffset);
        out.putLong(instretOffset);
    }

    void restore(vmsh.state.StateIn in) {
        v.priv = in.getInt();
        v.csr.restore(in);
        cycleOffset = in.getLong();
        instretOffset = in.getLong();
    }

    /** Emulates privileged instruction {@code word} at {@code epc} (see the class comment). */
    void emulate(int word, int epc) {
        Opcode op = Decoder.opcode(word);
        Vm vm = owner.vm;
        try {
            if (op == null) throw Hart.illegal(word);
            if (op.kind.category() == Kind.Category.CSR) {
                csr(op, word, epc);
                return;
            }
            switch (op) {
                case SRET, MRET -> {
                    owner.hart.pc = op == Opcode.SRET ? v.sret(word) : v.mret(word);
                    changed.run();
                    owner.account(op == Opcode.SRET ? ExitReason.SRET : ExitReason.MRET, epc,
                            vm.watched() ? op.mnemonic + " to " + Encoding.privilegeName(v.priv) + "-mode" : null);
                }
                case WFI -> {
                    v.wfi(word);
                    wfi(epc);
                }
                case SFENCE_VMA -> {
                    v.sfenceVma(word);
                    sfence.accept(word);
                    owner.hart.pc = epc + 4;
                    owner.account(ExitReason.SFENCE, epc, vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
                }
                default -> throw Hart.illegal(word);
            }
        } catch (Trap t) {   // not allowed at the guest's privilege (or under TSR, TW, TVM)
            reflect.reflect(ExitReason.GUEST_FAULT, t.cause, t.tval, epc);
        }
    }

    /** A CSR instruction, with the spec's rules; the counters are the vCPU's. */
    private void csr(Opcode op, int word, int epc) {
        int csr = word >>> 20, rd = Format.rd(word), rs1 = Format.rs1(word);
        boolean writes = Csr.writes(op, rs1 == 0);
        int cause = v.csr.fault(csr, v.priv, false, writes);
        if (cause >= 0) throw new Trap(cause, word);
        int[] x = owner.hart.x;
        int src = Csr.immediateSource(op) ? rs1 : x[rs1], old = read(csr);
        if (writes) {
            int value = Csr.written(op, counter(csr) ? old : v.csr.readForUpdate(csr), src);
            if (counter(csr)) setCounter(csr, value);
            else v.csr.write(csr, value);
            if (csr == Csr.SATP || csr == Csr.SSTATUS || csr == Csr.MSTATUS) changed.run();
        }
        if (rd != 0) x[rd] = old;
        owner.hart.pc = epc + 4;
        owner.account(ExitReason.CSR, epc, owner.vm.watched() ? vmsh.asm.Disassembler.instruction(word, epc) : null);
    }

    /** A CSR of the virtual hart; cycle and instret (mcycle, minstret too) are the vCPU's, time its clock. */
    int read(int csr) {
        if (!counter(csr)) return v.csr.read(csr);
        long value = count(csr);
        return high(csr) ? (int) (value >>> 32) : (int) value;
    }

    /**
     * The 64-bit cycle or instret count {@code csr} reads a half of, as the instruction
     * reading it sees it: the vCPU's (whose instret already counts that instruction), moved
     * by what the guest wrote to mcycle or minstret.
     */
    private long count(int csr) {
        return cycles(csr) ? vcpuCount(true) + cycleOffset : vcpuCount(false) - 1 + instretOffset;
    }

    private long vcpuCount(boolean cycles) {
        return (long) owner.counter(cycles ? Csr.CYCLEH : Csr.INSTRETH) << 32
                | owner.counter(cycles ? Csr.CYCLE : Csr.INSTRET) & 0xffff_ffffL;
    }

    /** A write of mcycle(h) or minstret(h): the guest's count from the next instruction on (the writing one does not count). */
    private void setCounter(int csr, int value) {
        long now = count(csr);
        long wanted = high(csr) ? now & 0xffff_ffffL | (long) value << 32 : now & ~0xffff_ffffL | value & 0xffff_ffffL;
        if (cycles(csr)) cycleOffset = wanted - vcpuCount(true);
        else instretOffset = wanted - vcpuCount(false);
    }

    private static boolean counter(int csr) {
        return switch (csr) {
            case Csr.CYCLE, Csr.CYCLEH, Csr.INSTRET, Csr.INSTRETH, Csr.MCYCLE, Csr.MCYCLEH, Csr.MINSTRET, Csr.MINSTRETH -> true;
            default -> false;
        };
    }

    private static boolean cycles(int csr) { return csr == Csr.CYCLE || csr == Csr.CYCLEH || csr == Csr.MCYCLE || csr == Csr.MCYCLEH; }

    private static boolean high(int csr) { return csr == Csr.CYCLEH || csr == Csr.INSTRETH || csr == Csr.MCYCLEH || csr == Csr.MINSTRETH; }

    /** wfi: goes on at once when an interrupt is pending, else the vCPU sleeps until its timer (or it idles). */
    private void wfi(int epc) {
        Vm vm = owner.vm;
        owner.hart.pc = epc + 4;
        owner.account(ExitReason.WFI, epc, vm.watched() ? "wfi" : null);
        if (v.interruptWaiting() || vm.board() == null && vm.vcpu().timerDue()) return;
        if (vm.vcpu().deadline() == Long.MAX_VALUE) vm.idle(String.format("wfi at pc 0x%08x with no timer armed", epc));
        else vm.sleep();
    }
}
