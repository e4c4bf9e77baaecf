package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.asm.Assembler;
import vmsh.board.RunResult;
import vmsh.image.Image;
import vmsh.isa.Encoder;
import vmsh.isa.Opcode;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.mmu.Pte;

/**
 * The translator changes nothing but the speed: seeded random programs (straight-line ALU,
 * loops, branches and jumps, loads and stores across pages and into devices, misaligned and
 * faulting accesses, loops of trap-free accesses whose base registers move between pages, CSRs, traps, timer interrupts, self-modifying code, breakpoints added
 * and removed between runs), in M-mode with paging off and as a U-mode task under Sv32,
 * run on two machines, one interpreting and one translating every instruction it can at
 * once (or once it is hot); calls to subroutines on another page return by jalr, so blocks
 * chain across pages and through indirect jumps, and stores into code, fence.i, satp writes
 * and sfence.vma drop or strand the blocks a chain holds; after every budget slice (of random length, so budgets end mid-block) the whole
 * machine state (registers, CSRs, memory, TLB and its counters, devices, the engine's
 * caches) must be the same.
 */
class TranslationDifferentialTest {
    private static final int CODE = 0x8000_0000, DATA = 0x8004_0000, TABLES = 0x8008_0000;
    /** Data pages from DATA: under Sv32 the third is read-only and the fourth unmapped, the others {@link #WRITABLE}. */
    private static final int DATA_PAGES = 6;
    private static final int[] WRITABLE = {0, 1, 4, 5};
    private static final int CLINT_MTIMECMP = 0x0200_4000, CLINT_MTIME = 0x0200_bff8, UART = 0x1000_0000;
    /** A program's start that traps to its label {@code trap} and turns Sv32 on over the page tables {@link #mapPages} writes. */
    private static final String SV32_START = """
            .text
            .globl _start
            _start: la x30, trap
                    csrw mtvec, x30
                    li x30, %d
                    csrw satp, x30
            """.formatted(1 << 31 | TABLES >>> 12);

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void interpreterAndTranslatorAgreeWithPagingOff(long seed) { compare(seed, false); }

    @Tag("slow")
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void interpreterAndTranslatorAgreeUnderSv32(long seed) { compare(seed, true); }

    /** Code turns hot as it runs: the interpreter counts jumps' targets and hands over mid-run. */
    @Tag("slow")
    @ParameterizedTest
    @ValueSource(longs = {7, 8, 15, 16})
    void interpreterAndTranslatorAgreeWhenCodeTurnsHot(long seed) { compare(seed, seed > 10, 3); }

    /**
     * A second machine running the same program gets the first one's block classes (keyed by
     * the code, not the machine) and still agrees with the interpreter.
     */
    @Test
    void aSecondMachineReusesTheBlockClassesOfTheFirst() {
        compare(21, false);
        long reused = BlockClasses.counts()[1];
        compare(21, false);
        assertTrue(BlockClasses.counts()[1] > reused + 50, "the second machine made its own block classes");
    }

    /**
     * A block that calls a subroutine on another page chains to it; every fourth time round
     * another call changes the subroutine's first instruction (without fence.i): the chain
     * must not run the old block.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aChainDoesNotRunABlockOfChangedCode(int threshold) {
        String program = """
                .text
                .globl _start
                _start: li x18, 100000
                loop:   jal x19, add
                        andi x29, x18, 3
                        bnez x29, 1f
                        jal x19, flip
                1:      addi x18, x18, -1
                        bnez x18, loop
                        j _start
                        .balign 4096
                add:    addi x20, x20, 5
                        addi x21, x21, 1
                        jalr x0, 0(x19)
                        .balign 4096
                flip:   la x28, add
                        lw x29, 0(x28)
                        lui x30, 0x100
                        xor x29, x29, x30
                        sw x29, 0(x28)
                        jalr x0, 0(x19)
                """;
        compare(Assembler.assemble(program, "chain.s"), 0, false, threshold, 3);
    }

    /**
     * A loop calls a subroutine on another page, by turns in M-mode with MPRV (physical
     * fetches, so its block chains across the page; loads and stores as U-mode's, so the
     * blocks are those made for translated data) and as a U-mode task under Sv32, where every
     * fourth time round an ecall has M-mode point the subroutine's virtual page at the other
     * of two physical frames (other code) and fence. From the second round on every block is
     * made and none is dropped: the chain made in M-mode must not run the subroutine's old
     * frame, and each page's fetch goes through the TLB as the interpreter's does.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aChainDoesNotCrossIntoAPageMappedElsewhere(int threshold) {
        int pte = TABLES + 0x1000 + 4 * (CODE + 0x1000 >>> 12 & 0x3ff), swap = (0x1 ^ 0x2) << 10;
        String program = SV32_START + """
                mmode:  li x30, 0x1800
                        csrc mstatus, x30       # MPP = U
                        li x30, 0x20000
                        csrs mstatus, x30       # MPRV
                        li x23, 1               # M-mode: no ecalls
                        li x18, 1000
                        j loop
                trap:   bnez x24, 3f
                        li x28, %d
                        lw x29, 0(x28)
                        li x30, %d
                        xor x29, x29, x30
                        sw x29, 0(x28)
                        sfence.vma
                        csrr x30, mepc
                        addi x30, x30, 4
                        csrw mepc, x30
                        mret
                3:      li x24, 0               # back to M-mode for another round
                        la x30, mmode
                        csrw mepc, x30
                        li x30, 0x1800
                        csrs mstatus, x30
                        mret
                user:   li x23, 0
                        li x18, 2000
                loop:   li x28, %d
                        jalr x19, 0(x28)
                        andi x29, x18, 3
                        or x29, x29, x23
                        bnez x29, 1f
                        ecall
                1:      addi x18, x18, -1
                        bnez x18, loop
                        j after
                after:  beqz x23, back
                        la x30, user
                        csrw mepc, x30
                        mret
                back:   li x24, 1
                        ecall
                        .balign 4096
                five:   addi x20, x20, 5
                        jalr x0, 0(x19)
                        .balign 4096
                seven:  addi x20, x20, 7
                        addi x21, x21, 1
                        jalr x0, 0(x19)
                """.formatted(pte, swap, CODE + 0x1000);
        compare(Assembler.assemble(program, "remap.s"), 0, true, threshold, 3);
    }

    /**
     * A translated block reads and writes the frame arrays its data page caches hold; RAM
     * may give a page another array between runs, and the block must then use the new one.
     * A U-mode task under Sv32 loads, adds and stores words of a data page in a loop; after
     * every slice both machines take a snapshot (which shares the page), so the next slice's
     * first store, in the middle of a block whose load just read the page, copies the page
     * to a new array; with {@code restoring} every third slice goes back to the last
     * snapshot instead (RAM holds the snapshot's arrays again). A block that kept the old
     * array reads stale words: registers and memory differ from the interpreter's.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blocksUseTheFrameRamHoldsNow(boolean restoring) {
        String program = SV32_START + """
                        la x30, user
                        csrw mepc, x30
                        mret                    # MPP = U
                trap:   j trap
                user:   li x21, %d
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        lw x6, 4(x21)
                        add x6, x6, x5
                        sw x6, 4(x21)
                        lw x7, 0(x21)
                        add x8, x8, x7
                        addi x18, x18, 1
                        j loop
                """.formatted(DATA + 0x100);
        Image image = Assembler.assemble(program, "frames.s");
        MachineConfig config = MachineConfig.defaults().memory(1 << 20);
        Machine interpreted = machine(config.jitThreshold(0), image, true), translated = machine(config.jitThreshold(1), image, true);
        Random slices = new Random(restoring ? 2 : 1);
        vmsh.machine.MachineSnapshot a = null, b = null;
        for (int slice = 0; slice < 300; slice++) {
            long budget = 1 + slices.nextInt(400);
            assertEquals(interpreted.run(budget), translated.run(budget), "slice " + slice);
            assertEquals(interpreted.stateHash(), translated.stateHash(), "slice " + slice + " at pc "
                    + Integer.toHexString(interpreted.pc()) + " / " + Integer.toHexString(translated.pc()));
            if (restoring && slice % 3 == 2) {
                interpreted.restore(a);
                translated.restore(b);
            } else {
                a = interpreted.snapshot();
                b = translated.snapshot();
            }
        }
        assertTrue(translated.translatedBlocks() > 0, "nothing translated");
    }


    /*
     * A translated block looks a page up in its data page cache once and runs the accesses
     * after it that stay on that page (same cache, same page number) without the lookup.
     * Each program below is a U-mode task under Sv32 looping in one block; each breaks that
     * skip in another way. The block must still do what the interpreter does.
     */

    /** The base register changes between two accesses: the second is on another page. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aBaseRegisterChangedBetweenTwoAccessesMovesToItsPage(int threshold) {
        compareTask("""
                user:   li x21, %d
                        li x23, 0x1000
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        add x21, x21, x23       # the next page
                        lw x6, 0(x21)
                        addi x6, x6, 3
                        sw x6, 0(x21)
                        sub x21, x21, x23
                        add x8, x8, x6
                        j loop
                """.formatted(DATA + 0x100), "", threshold, MachineConfig.defaults(), m -> { });
    }

    /** The same base register, offsets that cross the page's end. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void offsetsCrossingThePageEndReachTheNextPage(int threshold) {
        compareTask("""
                user:   li x21, %d
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        lw x6, 8(x21)           # the next page's first word
                        addi x6, x6, 3
                        sw x6, 8(x21)
                        lh x7, 6(x21)
                        add x8, x8, x7
                        sh x8, 4(x21)
                        j loop
                """.formatted(DATA + 0xff8), "", threshold, MachineConfig.defaults(), m -> { });
    }

    /**
     * A store into the page table in the middle of the block points the page at another
     * frame; the TLB keeps the old translation until M-mode fences (every fifth time round),
     * so the accesses after the store use the old frame, as the interpreter's do.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aStoreIntoThePageTableMidBlockWaitsForTheFence(int threshold) {
        int table = TABLES + 0x1000, window = DATA + 0x3000;   // the leaf table, mapped for the task at data page 3
        compareTask("""
                user:   li x21, %d
                        li x22, %d
                        li x24, %d
                        li x25, 0x400           # PPN bit 0: data page 0's frame <-> page 1's
                        li x18, 5
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        lw x29, 0(x24)
                        xor x29, x29, x25
                        sw x29, 0(x24)          # the page table: data page 0 maps elsewhere
                        lw x6, 0(x21)
                        lw x7, 0(x22)
                        sw x6, 4(x21)
                        add x8, x8, x7
                        addi x18, x18, -1
                        bnez x18, loop
                        li x18, 5
                        ecall                   # M-mode fences
                        j loop
                """.formatted(DATA + 0x100, DATA + 0x2100, window + 4 * (DATA >>> 12 & 0x3ff)), "sfence.vma", threshold,
                MachineConfig.defaults(), m -> m.write(table + 4 * (window >>> 12 & 0x3ff), 4,
                        Pte.make(table & 0xffff_ffffL, Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_U)));
    }

    /**
     * An ecall between two runs of the block has M-mode switch satp to other tables (where
     * data page 0 is page 1's frame) and fence: the block's next run must look its pages up again.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aSatpSwitchBetweenRunsOfTheBlockLooksThePagesUpAgain(int threshold) {
        int root = TABLES + 0x2000, table = TABLES + 0x3000;
        compareTask("""
                user:   li x21, %d
                        li x22, %d
                        li x18, 3
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        lw x7, 0(x22)
                        addi x18, x18, -1
                        bnez x18, loop
                        li x18, 3
                        ecall                   # M-mode switches satp and fences
                        lw x6, 0(x21)
                        add x8, x8, x6
                        sw x8, 4(x21)
                        j loop
                """.formatted(DATA + 0x100, DATA + 0x2100), """
                csrr x30, satp
                        xori x30, x30, %d
                        csrw satp, x30
                        sfence.vma""".formatted((TABLES ^ root) >>> 12), threshold, MachineConfig.defaults(), m -> {
                    mapPages(m, root, table);
                    m.write(table + 4 * (DATA >>> 12 & 0x3ff), 4, Pte.make(DATA + 0x1000 & 0xffff_ffffL,
                            Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_U));
                });
    }

    /**
     * A data TLB of two entries and a loop over two data pages that every fourth time round
     * touches a third: that access evicts the entry of one of the two, and the next access
     * to it misses (the block leaves), counted and replaced as the interpreter's is.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aTlbEntryEvictedBetweenTwoAccessesIsLookedUpAgain(int threshold) {
        compareTask("""
                user:   li x21, %d
                        li x22, %d
                        li x23, %d
                        li x18, 4
                loop:   lw x5, 0(x21)
                        addi x5, x5, 1
                        sw x5, 0(x21)
                        lw x6, 0(x22)
                        addi x6, x6, 3
                        sw x6, 0(x22)
                        lw x7, 4(x21)
                        add x8, x8, x7
                        sw x8, 4(x21)
                        addi x18, x18, -1
                        bnez x18, loop
                        li x18, 4
                        lw x9, 0(x23)           # a third page: evicts an entry
                        add x8, x8, x9
                        j loop
                """.formatted(DATA + 0x100, DATA + 0x1100, DATA + 0x2100), "", threshold,
                MachineConfig.defaults().tlb(2, 2, true, "lru", 1), m -> { });
    }

    /**
     * A block stamps a page's last use when it moves on to another page. A data TLB of 2
     * sets of 2 ways; data pages 0, 2 and 4 share a set. Each time round page 2 comes back
     * (evicting), pages 0 and 1 are looked up again, page 2 is used, then a block uses page
     * 0 and moves on to page 1: page 0 is now more recent than page 2, so page 4 evicts
     * page 2, and page 0 hits after.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aPageLeftMidBlockKeepsItsLastUse(int threshold) {
        compareTask("""
                user:   li x21, %d
                        li x22, %d
                        li x23, %d
                        li x24, %d
                        sw x21, 12(x21)         # (a page never written has no frame: its loads leave the fast path)
                        sw x22, 12(x22)
                        sw x23, 12(x23)
                        sw x24, 12(x24)
                loop:   lw x5, 0(x23)           # page 2: evicts
                        lw x6, 0(x21)           # page 0
                        lw x7, 0(x22)           # page 1
                        lw x5, 4(x23)           # page 2
                        la x28, block
                        jalr x0, 0(x28)
                block:  lw x6, 4(x21)           # page 0
                        lw x7, 4(x22)           # page 1: page 0's last use was the access before
                        la x28, next
                        jalr x0, 0(x28)
                next:   lw x9, 0(x24)           # page 4: evicts page 2's entry
                        lw x6, 8(x21)           # page 0: a hit
                        add x8, x8, x6
                        j loop
                """.formatted(DATA + 0x100, DATA + 0x1100, DATA + 0x2100, DATA + 0x4100), "", threshold,
                MachineConfig.defaults().tlb(4, 2, true, "lru", 1), m -> map(m, TABLES + 0x1000, DATA + 0x4000,
                        Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_U));
    }

    /**
     * Compares a U-mode task under Sv32 ({@code user}: its code from label user, looping for
     * ever) whose ecalls M-mode answers with {@code onEcall} and goes on after.
     */
    private static void compareTask(String user, String onEcall, int threshold, MachineConfig config, Consumer<Machine> setup) {
        String program = SV32_START + """
                        la x30, user
                        csrw mepc, x30
                        mret                    # MPP = U
                trap:   %s
                        csrr x31, mepc
                        addi x31, x31, 4
                        csrw mepc, x31
                        mret
                """.formatted(onEcall.isEmpty() ? "nop" : onEcall) + user;
        compare(Assembler.assemble(program, "task.s"), 0, true, threshold, 0, config, setup);
    }

    private static void compare(long seed, boolean paged) { compare(seed, paged, 1); }

    private static void compare(long seed, boolean paged, int threshold) {
        compare(Assembler.assemble(new ProgramWriter(new Random(seed), paged).program(), "fuzz.s"), seed, paged, threshold, 50);
    }

    private static void compare(Image image, long seed, boolean paged, int threshold, int blocks) {
        compare(image, seed, paged, threshold, blocks, MachineConfig.defaults(), m -> { });
    }

    /** Compares the runs of {@code image} on machines of {@code config} (1 MiB, Zba and Zbb) made ready by {@code setup}. */
    private static void compare(Image image, long seed, boolean paged, int threshold, int blocks, MachineConfig config, Consumer<Machine> setup) {
        config = config.memory(1 << 20).isa("rv32ima_zba_zbb");
        Machine interpreted = machine(config.jitThreshold(0), image, paged);
        Machine translated = machine(config.jitThreshold(threshold), image, paged);
        setup.accept(interpreted);
        setup.accept(translated);
        Random slices = new Random(seed * 31);
        long total = 0;
        for (int slice = 0; slice < 400 && total < 3_000_000; slice++) {
            if (slice % 50 == 25) toggleBreakpoint(slices, image, interpreted, translated);
            long budget = 1 + slices.nextInt(slices.nextBoolean() ? 50 : 20_000);
            RunResult a = interpreted.run(budget), b = translated.run(budget);
            assertEquals(a, b, "seed " + seed + " slice " + slice);
            assertEquals(interpreted.stateHash(), translated.stateHash(), "seed " + seed + " slice " + slice + " at pc "
                    + Integer.toHexString(interpreted.pc()) + " / " + Integer.toHexString(translated.pc()));
            if (a.insns() == 0 && a.reason() != vmsh.board.StopReason.BUDGET) {   // a breakpoint or a halt: go on past it
                interpreted.clearStopRequest();
                translated.clearStopRequest();
                if (!interpreted.breakpoints().isEmpty()) toggleBreakpoint(slices, image, interpreted, translated);
            }
            total += a.insns();
            if (interpreted.exited()) break;
        }
        assertTrue(total > 100_000, "seed " + seed + " ran only " + total + " instructions");
        assertTrue(translated.translatedBlocks() > blocks, "seed " + seed + " translated only " + translated.translatedBlocks() + " blocks");
        assertEquals(0, interpreted.translatedBlocks());
    }

    private static void toggleBreakpoint(Random rnd, Image image, Machine a, Machine b) {
        if (!a.breakpoints().isEmpty()) {
            for (int pc : a.breakpoints()) {
                a.removeBreakpoint(pc);
                b.removeBreakpoint(pc);
            }
            return;
        }
        int pc = image.entry() + 4 * rnd.nextInt(ProgramWriter.INSTRUCTIONS);
        a.addBreakpoint(pc);
        b.addBreakpoint(pc);
    }

    private static Machine machine(MachineConfig config, Image image, boolean paged) {
        Machine m = new Machine(config);
        m.load(image);
        if (paged) mapPages(m);
        return m;
    }

    /** Sv32 identity maps of the code (U, rwx) and data pages (the third read-only, the fourth unmapped). */
    private static void mapPages(Machine m) { mapPages(m, TABLES, TABLES + 0x1000); }

    /** {@link #mapPages(Machine)} with root table {@code root} and leaf table {@code table}. */
    private static void mapPages(Machine m, int root, int table) {
        m.write(root + 4 * (CODE >>> 22), 4, Pte.make(table & 0xffff_ffffL, Pte.PTE_V));
        int urwx = Pte.PTE_V | Pte.PTE_R | Pte.PTE_W | Pte.PTE_X | Pte.PTE_U;
        for (int p = 0; p < ProgramWriter.INSTRUCTIONS / 256; p++) map(m, table, CODE + (p << 12), urwx);   // with room to spare
        for (int p = 0; p < DATA_PAGES; p++) {
            if (p == 3) continue;
            map(m, table, DATA + (p << 12), p == 2 ? urwx & ~Pte.PTE_W : urwx & ~Pte.PTE_X);
        }
    }

    private static void map(Machine m, int table, int va, int flags) {
        m.write(table + 4 * (va >>> 12 & 0x3ff), 4, Pte.make(va & 0xffff_ffffL, flags));
    }

    /**
     * Writes a random program. Registers: x1..x17 anything, x18 a loop counter, x21..x27
     * pointers into the data pages (and one into the UART), x28/x29 scratch for addresses,
     * x19 the return address of calls to subroutines, x20 a sum only they add to, x30/x31 the trap handler's.
     */
    static final class ProgramWriter {
        static final int INSTRUCTIONS = 3000;
        private static final int SUBROUTINES = 4;
        private static final String[] ALU_REG = {"add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
            "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu", "sh1add", "sh2add", "andn", "min", "maxu", "ror"};
        private static final String[] ALU_IMM = {"addi", "slti", "sltiu", "xori", "ori", "andi"};
        private static final String[] SHIFT_IMM = {"slli", "srli", "srai", "rori"};
        private static final String[] UNARY = {"clz", "ctz", "cpop", "sext.b", "rev8", "orc.b"};
        private static final String[] LOADS = {"lb", "lbu", "lh", "lhu", "lw"};
        private static final String[] STORES = {"sb", "sh", "sw"};
        private static final String[] BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};

        private final Random rnd;
        private final boolean paged;
        private final StringBuilder s = new StringBuilder();
        private int emitted, labels;

        ProgramWriter(Random rnd, boolean paged) {
            this.rnd = rnd;
            this.paged = paged;
        }

        String program() {
            line(".text");
            line(".globl _start");
            line("_start:");
            line("la x30, trap");
            line("csrw mtvec, x30");
            line("li x30, " + CLINT_MTIMECMP);
            line("li x31, 3000");
            line("sw x31, 0(x30)");
            line("sw zero, 4(x30)");
            line("li x30, 0x80");        // MTIE
            line("csrw mie, x30");
            for (int p = 21; p <= 26; p++) line("li x" + p + ", " + (DATA + rnd.nextInt(DATA_PAGES << 12)));
            line("li x27, " + UART);
            if (paged) {
                line("li x30, " + (1 << 31 | TABLES >>> 12));
                line("csrw satp, x30");
                line("la x30, l0");
                line("csrw mepc, x30");   // mret to U-mode (MPP = 0), interrupts on there
                line("mret");
            } else {
                line("csrsi mstatus, 8");   // MIE
                line("j l0");
            }
            trapHandler();
            while (emitted < INSTRUCTIONS) chunk();
            for (int i = 0; i < 4; i++) label();   // what the last chunks jump ahead to
            line("j l0");
            for (int f = 0; f < SUBROUTINES; f++) subroutine(f);
            return s.toString();
        }

        /**
         * Straight-line code that returns through x19 (a jalr: an indirect jump back to the
         * caller's page). The first changes the first instruction of the last (addi x20, x20,
         * 4 or 5, by turns), which callers may have chained to.
         */
        private void subroutine(int f) {
            line("f" + f + ":");
            if (f == SUBROUTINES - 1) line("addi x20, x20, 5");
            if (f == 0) {
                line("la x28, f" + (SUBROUTINES - 1));
                line("lw x29, 0(x28)");
                line("lui x28, 0x100");   // imm bit 0
                line("xor x29, x29, x28");
                line("la x28, f" + (SUBROUTINES - 1));
                line("sw x29, 0(x28)");
            }
            for (int n = 1 + rnd.nextInt(8); n > 0; n--) instruction(false);
            line("jalr x0, 0(x19)");
        }

        /** Skips the instruction that trapped; re-arms the timer a little later on an interrupt. */
        private void trapHandler() {
            line("trap:");
            line("csrr x31, mcause");
            line("bltz x31, 1f");
            // an ecall rewrites satp and fences: every cached translation goes mid-chain
            line("li x30, " + (paged ? 8 : 11));
            line("bne x31, x30, 2f");
            line("csrr x30, satp");
            line("csrw satp, x30");
            line("sfence.vma");
            line("2: csrr x31, mcause");
            line("csrr x31, mepc");
            line("addi x31, x31, 4");
            line("csrw mepc, x31");
            line("mret");
            line("1: li x30, " + CLINT_MTIME);
            line("lw x31, 0(x30)");
            line("addi x31, x31, " + (200 + rnd.nextInt(1800)));
            line("li x30, " + CLINT_MTIMECMP);
            line("sw x31, 0(x30)");
            line("mret");
        }

        private void chunk() {
            label();
            switch (rnd.nextInt(10)) {
                case 0 -> loop(40, () -> { for (int n = 1 + rnd.nextInt(10); n > 0; n--) instruction(); });
                case 1 -> selfModifying();
                case 2 -> loop(6, this::pageWalk);   // the first time round fills the data caches the others use
                default -> { for (int n = 1 + rnd.nextInt(12); n > 0; n--) instruction(); }
            }
        }

        /** Runs {@code body} (which leaves x18 alone) at most {@code times} times. */
        private void loop(int times, Runnable body) {
            int top = labels;
            line("li x18, " + (1 + rnd.nextInt(times)));
            label();
            body.run();
            line("addi x18, x18, -1");
            line("bnez x18, l" + top);
        }

        /** Overwrites an instruction a little further on (with or without fence.i). */
        private void selfModifying() {
            int target = labels + 1 + rnd.nextInt(3);
            int word = Encoder.encode(Opcode.ADDI, 1 + rnd.nextInt(17), 1 + rnd.nextInt(17), 0, rnd.nextInt(100));
            line("la x28, l" + target);
            line("li x29, " + word);
            line("sw x29, 0(x28)");
            if (rnd.nextBoolean()) line("fence.i");
        }

        /**
         * A trap-free stretch (bar timer interrupts) of aligned loads and stores through x21..x23
         * into the writable data pages, some reaching a neighbouring page by their offset, the
         * bases moving between pages (by a page's multiple or to another page) and within one:
         * accesses on one page after one on another, which must not take the page remembered
         * for the earlier access.
         */
        private void pageWalk() {
            int[] base = new int[3];
            for (int b = 0; b < base.length; b++) {
                base[b] = DATA + (writablePage() << 12) + 4 * rnd.nextInt(1024);
                line("li x" + (21 + b) + ", " + base[b]);
            }
            for (int n = 8 + rnd.nextInt(32); n > 0; n--) {
                int b = rnd.nextInt(base.length), k = rnd.nextInt(10);
                String r = "x" + (21 + b);
                if (k < 6) access(r, base[b]);
                else if (k < 7) line(pick(ALU_REG) + " " + reg() + ", " + reg() + ", " + reg());
                else if (k < 8) {
                    int to = DATA + (writablePage() << 12) + (base[b] & 0xfff);
                    line("li x29, " + (to - base[b]));
                    line("add " + r + ", " + r + ", x29");
                    base[b] = to;
                } else if (k < 9) {
                    base[b] = DATA + (writablePage() << 12) + 4 * rnd.nextInt(1024);
                    line("li " + r + ", " + base[b]);
                } else {
                    int step = Math.clamp((base[b] & ~0xfff | 4 * rnd.nextInt(1024)) - base[b], -2048, 2044);
                    line("addi " + r + ", " + r + ", " + step);
                    base[b] += step;
                }
            }
        }

        /** An aligned load or store through {@code base} (holding {@code at}) to a writable page: its own or, within an offset's reach, a neighbour. */
        private void access(String base, int at) {
            int size = 1 << rnd.nextInt(3);
            int to = (at - DATA >> 12) + rnd.nextInt(3) - 1;
            int offset = DATA + (to << 12) + size * rnd.nextInt(4096 / size) - at;
            if (offset < -2048 || offset > 2047) offset = size * (rnd.nextInt(64) - 32);
            if (!writable(at + offset)) offset = 0;
            int n = Integer.numberOfTrailingZeros(size);
            String op = rnd.nextBoolean() ? pick(new String[][] {{"lb", "lbu"}, {"lh", "lhu"}, {"lw"}}[n]) : STORES[n];
            line(op + " " + reg() + ", " + offset + "(" + base + ")");
        }

        private int writablePage() { return WRITABLE[rnd.nextInt(WRITABLE.length)]; }

        private static boolean writable(int address) {
            int page = address - DATA >> 12;
            return address - DATA >= 0 && Arrays.stream(WRITABLE).anyMatch(w -> w == page);
        }

        private void instruction() { instruction(true); }

        /** One random instruction; without {@code control} no jumps, branches, calls or system instructions. */
        private void instruction(boolean control) {
            int k = rnd.nextInt(control ? 101 : 84);
            if (k < 35) line(pick(ALU_REG) + " " + reg() + ", " + reg() + ", " + reg());
            else if (k < 50) line(pick(ALU_IMM) + " " + reg() + ", " + reg() + ", " + (rnd.nextInt(4096) - 2048));
            else if (k < 55) line(pick(SHIFT_IMM) + " " + reg() + ", " + reg() + ", " + rnd.nextInt(32));
            else if (k < 58) line(pick(UNARY) + " " + reg() + ", " + reg());
            else if (k < 60) line("lui " + reg() + ", " + rnd.nextInt(1 << 20));
            else if (k < 72) line(pick(LOADS) + " " + reg() + ", " + offset() + "(" + pointer() + ")");
            else if (k < 82) line(pick(STORES) + " " + reg() + ", " + offset() + "(" + pointer() + ")");
            else if (k < 84) line("addi " + pointer() + ", " + pointer() + ", " + (rnd.nextInt(512) - 256));
            else if (k < 90) line(pick(BRANCHES) + " " + reg() + ", " + reg() + ", l" + (labels + 1 + rnd.nextInt(3)));
            else if (k < 92) line("jal " + reg() + ", l" + (labels + 1 + rnd.nextInt(2)));
            else if (k < 94) {
                line("la x28, l" + (labels + 1));
                line("jalr " + reg() + ", " + (rnd.nextBoolean() ? 0 : 2) + "(x28)");   // sometimes misaligned
            } else if (k < 96) line(pick(new String[] {"csrr " + reg() + ", mscratch", "csrw mscratch, " + reg(),
                "csrr " + reg() + ", mcycle", "csrr " + reg() + ", minstret", "csrrs " + reg() + ", mstatus, zero"}));
            else if (k < 97) line(rnd.nextBoolean() ? "ecall" : "ebreak");
            else if (k < 98) line(".word " + rnd.nextInt());   // mostly illegal
            else if (k < 99) line("lr.w " + reg() + ", (" + pointer() + ")");
            else if (k < 100) line("amoadd.w " + reg() + ", " + reg() + ", (" + pointer() + ")");
            else line("jal x19, f" + rnd.nextInt(SUBROUTINES));
        }

        private String reg() { return "x" + (1 + rnd.nextInt(17)); }

        private String pointer() { return "x" + (21 + rnd.nextInt(7)); }

        private int offset() { return rnd.nextInt(8) == 0 ? rnd.nextInt(4096) - 2048 : rnd.nextInt(64) - 32; }

        private String pick(String[] a) { return a[rnd.nextInt(a.length)]; }

        private void label() { line("l" + labels++ + ":"); }

        private void line(String l) {
            s.append(l).append('\n');
            if (!l.endsWith(":") && !l.startsWith(".text") && !l.startsWith(".globl")) emitted++;
        }
    }
}
