package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Csr;
import vmsh.isa.Encoder;
import vmsh.isa.Opcode;
import vmsh.mem.MemoryMap;

/**
 * A guest, however broken, only causes architectural traps: seeded random words and
 * random well-formed instructions (loads, stores, jumps, CSR accesses, atomics, xRETs...)
 * with registers pointing anywhere, run for millions of instructions.
 */
class FuzzTest {
    static final int CODE_BYTES = 64 << 10;
    static final long INSNS_PER_SEED = 4_000_000;

    @Tag("slow")   // random programs
    @Test void randomProgramsOnlyTrap() {
        long total = 0;
        for (long seed = 1; seed <= 4; seed++) total += fuzz(seed);
        assertTrue(total >= 4 * INSNS_PER_SEED, "ran " + total);
    }

    private static long fuzz(long seed) {
        Random rnd = new Random(seed);
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        m.load(new Image(List.of(randomCode(rnd)), Map.of(), MemoryMap.RAM));
        long done = 0;
        while (done < INSNS_PER_SEED) {
            scramble(m, rnd);
            RunResult r = m.run(200_000);
            assertTrue(r.insns() >= 0 && r.insns() <= 200_000);
            if (r.reason() == StopReason.FAULT) assertTrue(r.message().contains("cannot be fetched"), r.message());
            done += r.insns() == 0 ? 1 : r.insns();
        }
        return done;
    }

    /** Random registers and a random pc in the code area (the guest's own csrw set the trap vectors). */
    private static void scramble(Machine m, Random rnd) {
        for (int r = 1; r < 32; r++) m.setReg(r, interestingValue(rnd));
        m.setPc(MemoryMap.RAM + 4 * rnd.nextInt(CODE_BYTES / 4));
    }

    private static int interestingValue(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> MemoryMap.RAM + rnd.nextInt(CODE_BYTES + 4096);        // code and data
            case 1 -> MemoryMap.UART + rnd.nextInt(8);
            case 2 -> MemoryMap.CLINT + (rnd.nextBoolean() ? 0xbff8 : 0x4000);
            case 3 -> rnd.nextInt(64) - 32;
            case 4 -> MemoryMap.RAM + (1 << 20) - 2 + rnd.nextInt(4);        // the end of RAM
            default -> rnd.nextInt();
        };
    }

    private static Segment randomCode(Random rnd) {
        List<Opcode> ops = Opcode.all();
        byte[] bytes = new byte[CODE_BYTES];
        for (int k = 0; k < CODE_BYTES / 4; k++) {
            int word;
            if (rnd.nextInt(4) == 0) {
                word = rnd.nextInt();
            } else {
                Opcode op = ops.get(rnd.nextInt(ops.size()));
                int imm = op.operands == vmsh.isa.Operands.RD_CSR_RS1 || op.operands == vmsh.isa.Operands.RD_CSR_UIMM
                        ? randomCsr(rnd) : rnd.nextInt(256) - 128;
                word = Encoder.encode(op, rnd.nextInt(32), rnd.nextInt(32), rnd.nextInt(32), imm);
            }
            for (int b = 0; b < 4; b++) bytes[4 * k + b] = (byte) (word >>> (8 * b));
        }
        return new Segment(".text", MemoryMap.RAM, bytes, bytes.length, Segment.R | Segment.W | Segment.X);
    }

    private static int randomCsr(Random rnd) {
        int[] csrs = {Csr.MSTATUS, Csr.MTVEC, Csr.MEPC, Csr.MCAUSE, Csr.MIE, Csr.MIP, Csr.MEDELEG, Csr.MIDELEG,
                Csr.SSTATUS, Csr.STVEC, Csr.SEPC, Csr.SATP, Csr.MCOUNTEREN, Csr.CYCLE, Csr.TIME, Csr.MINSTRET,
                Csr.PMPCFG0, Csr.PMPADDR0, Csr.MSCRATCH, Csr.MISA};
        return rnd.nextInt(8) == 0 ? rnd.nextInt(4096) : csrs[rnd.nextInt(csrs.length)];
    }
}
