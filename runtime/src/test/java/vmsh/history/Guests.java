package vmsh.history;

import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/** Guests for the time-travel tests. */
final class Guests {
    private Guests() {}

    /**
     * Counts in a0 forever, stores each count to `counter`, prints a dot every 1000 counts
     * and echoes what arrives on its UART (polling), adding it to s2.
     */
    static final Image ECHO_COUNTER = Assembler.assemble("""
            .text
            _start:
                la   s0, counter
                li   s1, 0x10000000
            loop:
                addi a0, a0, 1
            store:
                sw   a0, 0(s0)
                lbu  t0, 5(s1)          # LSR: data ready?
                andi t0, t0, 1
                beqz t0, 1f
                lbu  t1, 0(s1)          # RBR
                add  s2, s2, t1
                sb   t1, 0(s1)          # echo
            1:  li   t0, 1000
                rem  t1, a0, t0
                bnez t1, loop
            dot:
                li   t2, '.'
                sb   t2, 0(s1)
                j    loop
            .data
            counter: .word 0
            """, "echo-counter.s");

    static Machine machine() {
        Machine m = new Machine(MachineConfig.defaults().memory(16 << 20));
        m.load(ECHO_COUNTER);
        return m;
    }

    /** The state hash a fresh machine has at instruction {@code insns}, after {@code beforeRun} ran it and gave it input. */
    static String reference(long insns, java.util.function.Consumer<Machine> beforeRun) {
        Machine m = machine();
        beforeRun.accept(m);
        m.run(insns - m.instructions());
        return m.stateHash();
    }
}
