package vmsh.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Encoder;
import vmsh.isa.Opcode;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.mem.MemoryMap;
import vmsh.mmu.Pte;
import vmsh.mmu.TlbConfig;

/**
 * Hooked instructions run inside the engine from their kept decoded form, not through the
 * fast loop: whatever the guest does, a run with hooks everywhere computes, counts and
 * caches exactly what the same run without hooks does.
 */
class HookedRunsTest {
    /** Hooks on every instruction, read and write: they only count. */
    private static final Consumer<Hooks> EVERYWHERE = hooks -> {
        hooks.onInstruction(0, Hook.SPACE_END, c -> {});
        hooks.onRead(0, Hook.SPACE_END, c -> {});
        hooks.onWrite(0, Hook.SPACE_END, c -> {});
    };

    /**
     * Seeded random code (every opcode, random words, stores over the code itself, device
     * accesses, traps, CSR writes) from random registers and pcs, as vmsh.machine.FuzzTest
     * runs it: after each run the two machines agree on everything a user can see.
     */
    @Tag("slow")   // random programs, each run twice
    @Test void randomProgramsRunTheSameWithHooksEverywhere() {
        for (long seed = 1; seed <= 3; seed++) {
            Random code = new Random(seed);
            Segment text = randomCode(code);
            Machine plain = fresh(text), hooked = fresh(text);
            Hooks hooks = new Hooks(hooked);
            EVERYWHERE.accept(hooks);
            assertEquals(plain.run(2), hooks.run(2));   // the boot: traps go into the random code
            Random a = new Random(seed * 31), b = new Random(seed * 31);
            long executed = 0;
            for (int round = 0; round < 40; round++) {
                scramble(plain, a);
                scramble(hooked, b);
                RunResult expected = plain.run(20_000), actual = hooks.run(20_000);
                String where = "seed " + seed + " round " + round;
                assertEquals(expected, actual, where);
                assertEquals(state(plain), state(hooked), where);
                executed += expected.insns();
            }
            assertTrue(executed > 200_000, "seed " + seed + " ran only " + executed + " instructions");
        }
    }

    /**
     * Every row of the instruction table, with seeded random fields and registers (data
     * addresses among them), runs the same on the engine's own paths (the fast loop, or the
     * slow path for what it leaves out) and marked, executed from its kept decoded form
     * with a hook before and after it: same registers, pc, traps, CSRs, memory and counters.
     */
    @Test void everyRowOfTheTableRunsTheSameFastAndMarked() {
        Random rnd = new Random(5);
        List<String> differ = new ArrayList<>();
        for (Opcode op : Opcode.all()) {
            for (int k = 0; k < 24; k++) {
                int word = rnd.nextInt() & ~op.mask | op.match;
                long seed = rnd.nextLong();
                List<Object> fast = oneInstruction(word, seed, false), marked = oneInstruction(word, seed, true);
                if (!fast.equals(marked)) differ.add(String.format("%s %08x: fast %s, marked %s", op, word, fast, marked));
            }
        }
        assertEquals(List.of(), differ.subList(0, Math.min(5, differ.size())), differ.size() + " differ");
    }

    /** The state after {@code word} runs once at the pc, from registers drawn with {@code seed}; hooked or not. */
    private static List<Object> oneInstruction(int word, long seed, boolean hooked) {
        int at = MemoryMap.RAM + 8, trapVector = MemoryMap.RAM + 0x800;
        int[] code = {Encoder.encode(Opcode.LUI, 5, 0, 0, trapVector), Encoder.encode(Opcode.CSRRW, 0, 5, 0, vmsh.isa.Csr.MTVEC), word};
        byte[] bytes = new byte[CODE_BYTES];
        for (int k = 0; k < code.length; k++) for (int b = 0; b < 4; b++) bytes[4 * k + b] = (byte) (code[k] >>> (8 * b));
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20).isa(vmsh.isa.Isa.ALL));
        m.load(new Image(List.of(new Segment(".text", MemoryMap.RAM, bytes, bytes.length, Segment.R | Segment.W | Segment.X)),
                Map.of(), MemoryMap.RAM));
        Hooks hooks = new Hooks(m);
        if (hooked) EVERYWHERE.accept(hooks);
        hooks.run(2);   // the boot: mtvec
        scramble(m, new Random(seed));
        m.setPc(at);
        RunResult r = hooks.run(1);
        List<Object> state = state(m);
        state.add(0, r);
        for (int csr : new int[] {0x300, 0x341, 0x342, 0x343}) state.add(m.csr(csr));   // mstatus, mepc, mcause, mtval
        return state;
    }

    /**
     * A loop over 12 data pages in S-mode with a 4-entry TLB (evictions all the time): the
     * TLB's counters and entries are the same with hooks on every instruction and access.
     */
    @Test void tlbCountersAreExactWithHooksEverywhere() {
        List<Object> results = new ArrayList<>();
        for (int hooked = 0; hooked < 3; hooked++) {   // none, on every instruction and access, a stepping hook alone
            Machine m = pagedLoop();
            Hooks hooks = new Hooks(m);
            if (hooked == 1) EVERYWHERE.accept(hooks);
            if (hooked == 2) hooks.onInstruction(0, Hook.SPACE_END, stepping(c -> {}));
            RunResult r = hooks.run(100_000);
            assertEquals(StopReason.HALT, r.reason(), r.message());
            assertEquals(9, m.csr(0x342), "mcause: the ecall from S-mode ends it");
            results.add(List.of(r, m.stats(), m.tlb().toString(), m.read(DATA_PA, 4)));
        }
        assertEquals(results.get(0), results.get(1));
        assertEquals(results.get(0), results.get(2));
        var tlb = ((vmsh.machine.MachineStats) ((List<?>) results.get(0)).get(1)).tlb();
        assertTrue(tlb.evictions() > 30, tlb.toString());
    }

    /** An instruction that stores over itself while hooked: the next pass runs (and hooks) the new word. */
    @Test void aHookedInstructionThatOverwritesItselfRunsTheNewWordNextTime() {
        Image image = Assembler.assemble("""
                .globl _start
                _start: li   a0, 0
                        li   s0, 2
                        la   a1, patch
                        lw   t1, new
                loop:
                patch:  sw   t1, 0(a1)
                        addi s0, s0, -1
                        bnez s0, loop
                        li   t0, 0x100000
                        li   t2, 0x5555
                        sw   t2, 0(t0)
                new:    addi a0, a0, 100
                """, "patch.s");
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        m.load(image);
        Hooks hooks = new Hooks(m);
        List<String> seen = new ArrayList<>();
        int patch = image.symbol("patch");
        hooks.onInstruction(Integer.toUnsignedLong(patch), Integer.toUnsignedLong(patch) + 4, c -> seen.add(c.insn()));
        assertEquals(StopReason.HALT, hooks.run(1000).reason());
        assertEquals(List.of("sw t1, 0(a1)", "addi a0, a0, 100"), seen);
        assertEquals(100, m.reg(10));
    }

    /** A hook that moves the pc (a change beyond registers and RAM): the run goes on from there. */
    @Test void aHookThatMovesThePcSkipsTheInstruction() {
        Image image = Assembler.assemble("""
                .globl _start
                _start: li   a0, 1
                skip:   li   a0, 2
                        li   t0, 0x100000
                        li   t2, 0x5555
                        sw   t2, 0(t0)
                """, "skip.s");
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        m.load(image);
        Hooks hooks = new Hooks(m);
        int skip = image.symbol("skip");
        hooks.onInstruction(Integer.toUnsignedLong(skip), Integer.toUnsignedLong(skip) + 4, c -> {
            if (c.target().pc() == skip) c.target().setPc(skip + 4);
        });
        RunResult r = hooks.run(100);
        assertEquals(StopReason.HALT, r.reason());
        assertEquals(1, m.reg(10), "li a0, 2 was skipped");
        assertEquals(5, r.insns(), "li a0, 1; lui t0; lui t2 + addi t2; sw");
    }

    /**
     * A hook on every instruction alone takes the hooks' short path, or steps the run on by
     * itself ({@link SteppingHook}); beside a second hook before instructions, the general
     * one. All three call it the same: at the same pcs, counts and words, in the same order,
     * and stop the same runs (the hook stops every 97th call; a run that starts where one
     * stopped does not call it again), over random programs in budget slices, with the hook
     * writing registers, moving the pc now and then, and taken away and put back mid-run.
     */
    @Test void aHookOnEveryInstructionIsCalledTheSameByEveryPath() {
        for (long seed = 1; seed <= 3; seed++) {
            Segment text = randomCode(new Random(seed));
            List<String> general = everyInstructionCalls(text, seed, Path.GENERAL);
            for (Path path : new Path[] {Path.SHORT, Path.STEPPING}) {
                List<String> calls = everyInstructionCalls(text, seed, path);
                assertEquals(general.size(), calls.size(), "seed " + seed + " " + path);
                for (int k = 0; k < general.size(); k++) assertEquals(general.get(k), calls.get(k), "seed " + seed + " " + path + " line " + k);
            }
            assertTrue(general.stream().filter(l -> l.startsWith("call")).count() > 5_000, "seed " + seed + ": too few calls");
            assertTrue(general.stream().anyMatch(l -> l.contains("message=stop ")), "seed " + seed + ": no stop");
        }
    }

    /** How the engine gets to a hook on every instruction. */
    private enum Path { GENERAL, SHORT, STEPPING }

    /** The calls of a hook on every instruction and the runs' results, called by {@code path}. */
    private static List<String> everyInstructionCalls(Segment text, long seed, Path path) {
        Machine m = fresh(text);
        Hooks hooks = new Hooks(m);
        List<String> log = new ArrayList<>();
        int[] calls = {0};
        Consumer<HookContext> fn = c -> {
            log.add("call " + Integer.toHexString(c.pc()) + " " + c.target().instructions() + " " + c.word() + " " + c.target().reg(5));
            calls[0]++;
            if (calls[0] % 97 == 0) c.stop("stop " + calls[0]);
            if (calls[0] % 53 == 0) c.target().setReg(6, calls[0]);
            if (calls[0] % 389 == 0) c.target().setPc(c.pc() + 4);
        };
        Consumer<HookContext> hook = path == Path.STEPPING ? stepping(fn) : fn;
        if (path == Path.GENERAL) hooks.onInstruction(0, 4, c -> log.add("never"));   // no code there
        Hook every = hooks.onInstruction(0, Hook.SPACE_END, hook);
        log.add("boot " + hooks.run(2));
        Random rnd = new Random(seed * 31);
        for (int round = 0; round < 30; round++) {
            scramble(m, rnd);
            if (round == 10) every.remove();
            if (round == 20) every = hooks.onInstruction(0, Hook.SPACE_END, hook);
            for (int slice = 0; slice < 10; slice++) log.add("run " + hooks.run(1 + rnd.nextInt(200)) + " pc " + m.pc());
            log.add("state " + state(m));
        }
        return log;
    }

    /** {@code fn} as a hook that steps the run on by itself, as compiled JavaScript's does. */
    private static SteppingHook stepping(Consumer<HookContext> fn) {
        return new SteppingHook() {
            @Override public void accept(HookContext c) { fn.accept(c); }

            @Override public void callStepping(HookContext c, InstructionSteps steps) {
                do fn.accept(c); while (steps.next());
            }
        };
    }

    /**
     * A hook that throws while stepping the run on leaves the machine where the engine's
     * own calls leave it: the same count, pc and registers, and the next run goes on alike.
     */
    @Test void aSteppingHookThatThrowsLeavesTheMachineAsTheEngineWould() {
        Segment text = randomCode(new Random(7));
        List<Object> seen = new ArrayList<>();
        for (boolean stepping : new boolean[] {false, true}) {
            Machine m = fresh(text);
            Hooks hooks = new Hooks(m);
            int[] calls = {0};
            Consumer<HookContext> fn = c -> {
                if (++calls[0] % 1000 == 0) throw new IllegalStateException("call " + calls[0]);
            };
            hooks.onInstruction(0, Hook.SPACE_END, stepping ? stepping(fn) : fn);
            hooks.run(2);
            Random rnd = new Random(8);
            List<Object> log = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                scramble(m, rnd);
                try {
                    log.add(hooks.run(5000));
                } catch (IllegalStateException e) {
                    log.add(e.getMessage());
                }
                log.add(state(m));
            }
            seen.add(log);
        }
        assertEquals(seen.get(0), seen.get(1));
        assertTrue(seen.get(0).toString().contains("call 3000"), "too few throws");
    }

    // ---------------------------------------------------------------- random programs

    private static final int CODE_BYTES = 16 << 10;

    private static Machine fresh(Segment text) {
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        m.load(new Image(List.of(text), Map.of(), MemoryMap.RAM));
        return m;
    }

    /** Random words after a boot of two instructions that point mtvec into them (the guest's csr writes never reach mtvec). */
    private static Segment randomCode(Random rnd) {
        List<Opcode> ops = Opcode.all();
        byte[] bytes = new byte[CODE_BYTES];
        int[] boot = {Encoder.encode(Opcode.LUI, 5, 0, 0, MemoryMap.RAM + CODE_BYTES / 2),
                Encoder.encode(Opcode.CSRRW, 0, 5, 0, vmsh.isa.Csr.MTVEC)};
        for (int k = 0; k < CODE_BYTES / 4; k++) {
            int word = k < boot.length ? boot[k] : rnd.nextInt(4) == 0 ? rnd.nextInt()
                    : Encoder.encode(ops.get(rnd.nextInt(ops.size())), rnd.nextInt(32), rnd.nextInt(32), rnd.nextInt(32),
                            rnd.nextInt(256) - 128);
            for (int b = 0; b < 4; b++) bytes[4 * k + b] = (byte) (word >>> (8 * b));
        }
        return new Segment(".text", MemoryMap.RAM, bytes, bytes.length, Segment.R | Segment.W | Segment.X);
    }

    /** Registers pointing at code, devices, small values; a random pc in the code. */
    private static void scramble(Machine m, Random rnd) {
        for (int r = 1; r < 32; r++) {
            m.setReg(r, switch (rnd.nextInt(4)) {
                case 0 -> MemoryMap.RAM + rnd.nextInt(CODE_BYTES + 4096);
                case 1 -> MemoryMap.UART + rnd.nextInt(8);
                case 2 -> rnd.nextInt(64) - 32;
                default -> rnd.nextInt();
            });
        }
        m.setPc(MemoryMap.RAM + 4 * rnd.nextInt(CODE_BYTES / 4));
    }

    /** What a user can see: pc, privilege, registers, counters, the console, the code and data. */
    private static List<Object> state(Machine m) {
        List<Object> s = new ArrayList<>(List.of(m.pc(), m.privilege(), m.stats(), m.tlb().toString(), m.console().text()));
        for (int r = 0; r < 32; r++) s.add(m.reg(r));
        long sum = 0;
        for (int a = 0; a < CODE_BYTES + 4096; a += 4) sum = sum * 31 + m.read(MemoryMap.RAM + a, 4);
        s.add(sum);
        return s;
    }

    // ---------------------------------------------------------------- a paged loop

    private static final int ROOT = 0x8010_0000, LEAVES = 0x8010_1000, DATA_VA = 0x4000_0000, DATA_PA = 0x8020_0000;

    /**
     * M-mode turns Sv32 on and enters S-mode, which runs from an identity megapage over 12
     * data pages three times (load, add, store), then exits by ecall.
     */
    private static Machine pagedLoop() {
        Image image = Assembler.assemble("""
                .globl _start
                _start: la   t0, m_trap
                        csrw mtvec, t0
                        li   t0, %d
                        csrw satp, t0
                        li   t0, 0x1800
                        csrc mstatus, t0
                        li   t0, 0x0800
                        csrs mstatus, t0
                        la   t0, s_code
                        csrw mepc, t0
                        mret
                s_code: li   s7, 3
                outer:  li   a0, %d
                        li   a1, 12
                inner:  lw   t0, 0(a0)
                        addi t0, t0, 1
                        sw   t0, 0(a0)
                        li   t1, 4096
                        add  a0, a0, t1
                        addi a1, a1, -1
                        bnez a1, inner
                        addi s7, s7, -1
                        bnez s7, outer
                        ecall
                m_trap: li   t0, 0x100000
                        li   t1, 0x5555
                        sw   t1, 0(t0)
                """.formatted(1 << 31 | ROOT >>> 12, DATA_VA), "paged.s");
        MachineConfig small = MachineConfig.defaults().memory(16 << 20).tlb(new TlbConfig(4, 2, false, TlbConfig.Replacement.LRU, 1));
        Machine m = new Machine(small);
        m.load(image);
        int rwx = Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_X | Pte.PTE_A | Pte.PTE_D;
        m.write(ROOT + 4 * (MemoryMap.RAM >>> 22), 4, Pte.make(MemoryMap.RAM & 0xffff_ffffL, rwx));
        m.write(ROOT + 4 * (DATA_VA >>> 22), 4, Pte.make(LEAVES & 0xffff_ffffL, Pte.PTE_V));
        for (int p = 0; p < 12; p++)
            m.write(LEAVES + 4 * p, 4, Pte.make((DATA_PA + 0x1000L * p) & 0xffff_ffffL, rwx & ~Pte.PTE_X));
        return m;
    }
}
