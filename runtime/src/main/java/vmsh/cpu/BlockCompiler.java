package vmsh.cpu;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Translates a straight run of decoded slots into a {@link TranslatedBlock}: one hidden
 * class (ASM writes its bytecode) whose method does, instruction for instruction, what the
 * interpreter's fast loop does for those slots.
 *
 * <pre>
 *   prologue     registers the block uses: x[r] -> local r
 *   L(first):    left < n(first)?  exit INTERPRET          (n: instructions from here to the end)
 *                insn; left--
 *                insn; left--          a branch into the block: goto L(target),
 *   L(loop):     left < n(loop)? ...   otherwise exit NEXT at the target
 *                ...
 *                exit at the slot after the block (slow, decode, marked: not counted)
 *   exit:        written registers -> x[r]; kind, pc -> context; return left
 * </pre>
 *
 * The budget is checked at the block's start and at each loop's head, against the most
 * instructions a run can execute before the next check: when the budget left is shorter,
 * the block returns there and the interpreter executes the rest, so a budget or timer
 * event ends a run at exactly the interpreter's instruction. Loads and stores are the fast
 * loop's fast paths written out in the method, check for check (see {@link #load}), with the
 * arrays they use held in locals; anything that leaves them exits at that instruction, not
 * counted, as the fast loop does. With paging a block takes the frame's array straight from
 * the data page cache's slot ({@link Translations#loadCacheFrames}): a tag read and the
 * frame read, where the fast loop goes through the frame's RAM offset and RAM's frames; and
 * it keeps the page its last load (and store) looked up in locals, so that the accesses
 * after it on that page compare a page number and go straight to the frame
 * ({@link #samePage}), stamping the page's last use once ({@link #stampLastUse}).
 * The exits to the slow path are written after the instructions, out of the way of the
 * straight run.
 */
final class BlockCompiler {
    /** Guest instructions per block at most: HotSpot compiles methods of a few KiB of bytecode well. */
    static final int MAX_INSTRUCTIONS = 128;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String NAME = "vmsh/cpu/TranslatedBlock$Code";
    private static final String SUPER = Type.getInternalName(TranslatedBlock.class);
    private static final String CONTEXT = Type.getInternalName(BlockContext.class);
    private static final String ALU = Type.getInternalName(Alu.class);
    private static final String RUN = "(L" + CONTEXT + ";II)I";

    private static final int RAM_BASE = vmsh.mem.MemoryMap.RAM;

    // JVM locals of the block's method
    private static final int CONTEXT_ARG = 1, BASE = 2, LEFT = 3, KIND = 4, OFF = 5, X = 6, TMP = 7, REG = 7;   // x[r] in REG + r
    // what loads and stores use: RAM's frames, the store paths, the data page caches, the hits
    private static final int FRAMES = 39, STORE_FRAMES = 40, CODE_SLOTS = 41, LOAD_CACHE = 42, STORE_CACHE = 43, HITS = 44;
    private static final int VA = 45, SLOT = 46, FRAME = 47, WORD = 48, CODE = 49;
    // paging: the frames of the data page caches' pages
    private static final int LOAD_CACHE_FRAMES = 50, STORE_CACHE_FRAMES = 51;
    // paging: the page the last load (store) looked up in its cache in this run of the block,
    // then its slot, its frame and its last use (the budget left then, stamped when the page changes or the block leaves)
    private static final int LOAD_PAGE = 52, STORE_PAGE = 56, PAGE_SLOT = 1, PAGE_FRAME = 2, PAGE_USE = 3;

    private final int[] slots;
    private final int start, end;   // array indices (2 per slot) of the first slot and the one past the last
    private final boolean paged;
    private final Label[] labels;
    /** Where the budget is checked: the block's start and the targets of its backward jumps (its loops). */
    private final boolean[] checkpoint;
    private final Label exit = new Label();
    /** The exits to the slow path at loads and stores: their labels and page offsets, written after the instructions. */
    private final java.util.List<Label> slowExits = new java.util.ArrayList<>();
    private final java.util.List<Integer> slowOffsets = new java.util.ArrayList<>();
    private MethodVisitor mv;

    private BlockCompiler(int[] slots, int start, int end, boolean paged) {
        this.slots = slots;
        this.start = start;
        this.end = end;
        this.paged = paged;
        this.labels = new Label[end - start];
        this.checkpoint = new boolean[end - start];
    }

    /**
     * The block of the slots from slot number {@code first} of a decoded page, or null when
     * that slot is none the fast loop runs. Its class is shared with every block made from
     * the same slots ({@link BlockClasses}).
     */
    static TranslatedBlock compile(int[] slots, int first, boolean paged) {
        int start = 2 * first, j = start, n = 0;
        for (;;) {
            int op = slots[j] & 0xff;
            if (!translatable(op)) break;
            j += 2;
            if (op == Op.JALR || ++n == MAX_INSTRUCTIONS) break;
        }
        if (j == start) return null;
        int end = j;
        int after = (slots[end - 2] & 0xff) == Op.JALR ? -1 : exitAfter(slots[end] & 0xff);
        BlockClasses.Shape shape = new BlockClasses.Shape(Arrays.copyOfRange(slots, start, end), first, after, paged);
        MethodHandle make = BlockClasses.of(shape, sh -> define(new BlockCompiler(slots, start, end, paged).write(), first));
        try {
            return (TranslatedBlock) make.invoke(first, end >> 1, paged);
        } catch (Throwable e) {
            throw new IllegalStateException("the translated block at slot " + first + " does not start", e);
        }
    }

    /** The constructor (first, end, paged) of a new hidden block class of {@code bytes}. */
    private static MethodHandle define(byte[] bytes, int first) {
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            return hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class, int.class, int.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the translated block at slot " + first + " does not load", e);
        }
    }

    /** The operations a block executes itself: those the fast loop does but the engine's own. */
    private static boolean translatable(int op) {
        return op >= Op.LUI && op <= Op.SW || op == Op.FENCE || Alu.computes(op);
    }

    private byte[] write() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override protected String getCommonSuperClass(String a, String b) { return "java/lang/Object"; }
        };
        cw.visit(V21, ACC_FINAL | ACC_SUPER, NAME, null, SUPER, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "(IIZ)V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ILOAD, 1);
        init.visitVarInsn(ILOAD, 2);
        init.visitVarInsn(ILOAD, 3);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "(IIZ)V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        mv = cw.visitMethod(0, "run", RUN, null, null);
        mv.visitCode();
        findCheckpoints();
        boolean[] read = new boolean[32], written = new boolean[32];
        usedRegisters(read, written);
        prologue(read, written);
        for (int j = start; j < end; j += 2) instruction(j);
        if ((slots[end - 2] & 0xff) != Op.JALR) exitAfter();
        for (int i = 0; i < slowExits.size(); i++) {
            mv.visitLabel(slowExits.get(i));
            exitAt(Engine.EXIT_SLOW, slowOffsets.get(i));
        }
        epilogue(written);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    // ---------------------------------------------------------------- shape

    /**
     * The budget checkpoints: the first slot and every target of a backward jump inside
     * the block. Between two of them a run only goes forward, so it executes at most the
     * instructions from the last checkpoint to the block's end: when the budget left is
     * shorter, the interpreter goes on from the checkpoint. (Few checks, and few exits that
     * HotSpot sees taken only rarely: each such exit costs a recompilation when it is.)
     */
    private void findCheckpoints() {
        checkpoint[0] = true;
        for (int j = start; j < end; j += 2) {
            labels[(j - start) >> 1] = new Label();
            int op = slots[j] & 0xff;
            if (op == Op.JAL || isBranch(op)) {
                int t = j + (slots[j + 1] >> 1);
                if (inside(t) && t <= j) checkpoint[(t - start) >> 1] = true;
            }
        }
    }

    private boolean inside(int j) { return j >= start && j < end; }

    private static boolean isBranch(int op) { return op >= Op.BEQ && op <= Op.BGEU; }

    /** The most instructions a run from checkpoint {@code j} executes before the next checkpoint or the block's end. */
    private int runFrom(int j) { return (end - j) >> 1; }

    private void usedRegisters(boolean[] read, boolean[] written) {
        for (int j = start; j < end; j += 2) {
            int w = slots[j], op = w & 0xff, rd = w >>> 8 & 0xff;
            read[w >>> 16 & 0x1f] = true;
            read[w >>> 24 & 0x1f] = true;
            boolean writes = !isBranch(op) && !(op >= Op.SB && op <= Op.SW) && op != Op.FENCE;
            if (writes && rd != Hart.X0_SINK) written[rd] = true;
        }
        read[0] = written[0] = false;
    }

    private void prologue(boolean[] read, boolean[] written) {
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitFieldInsn(GETFIELD, CONTEXT, "x", "[I");
        mv.visitVarInsn(ASTORE, X);
        for (int r = 1; r < 32; r++) {
            if (!read[r] && !written[r]) continue;
            mv.visitVarInsn(ALOAD, X);
            push(r);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, REG + r);
        }
        push(0);
        mv.visitVarInsn(ISTORE, KIND);
        push(0);
        mv.visitVarInsn(ISTORE, OFF);
        if (!accessesMemory()) return;
        field("frames", "[[I", FRAMES);
        field("storeFrames", "[[I", STORE_FRAMES);
        field("codeSlots", "[[I", CODE_SLOTS);
        if (paged) {
            field("loadCache", "[I", LOAD_CACHE);
            field("storeCache", "[I", STORE_CACHE);
            field("loadCacheFrames", "[[I", LOAD_CACHE_FRAMES);
            field("storeCacheFrames", "[[I", STORE_CACHE_FRAMES);
            push(0);
            mv.visitVarInsn(ISTORE, HITS);
            for (int page : new int[] {LOAD_PAGE, STORE_PAGE}) {   // none yet (no page number is -1)
                push(-1);
                mv.visitVarInsn(ISTORE, page);
                push(0);
                mv.visitVarInsn(ISTORE, page + PAGE_SLOT);
                mv.visitInsn(ACONST_NULL);
                mv.visitVarInsn(ASTORE, page + PAGE_FRAME);
                push(0);
                mv.visitVarInsn(ISTORE, page + PAGE_USE);
            }
        }
    }

    /** Keeps the context's field {@code name} in local {@code local}. */
    private void field(String name, String descriptor, int local) {
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitFieldInsn(GETFIELD, CONTEXT, name, descriptor);
        mv.visitVarInsn(ASTORE, local);
    }

    private boolean accessesMemory() {
        for (int j = start; j < end; j += 2) if (isMemory(slots[j] & 0xff)) return true;
        return false;
    }

    private static boolean isMemory(int op) { return op >= Op.LB && op <= Op.SW; }

    private void epilogue(boolean[] written) {
        mv.visitLabel(exit);
        if (paged && accessesMemory()) {   // the data page caches' last uses and hits
            stampLastUse(LOAD_PAGE, LOAD_CACHE);
            stampLastUse(STORE_PAGE, STORE_CACHE);
            mv.visitVarInsn(ALOAD, CONTEXT_ARG);
            mv.visitInsn(DUP);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "dataHits", "I");
            mv.visitVarInsn(ILOAD, HITS);
            mv.visitInsn(IADD);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "dataHits", "I");
        }
        for (int r = 1; r < 32; r++) {
            if (!written[r]) continue;
            mv.visitVarInsn(ALOAD, X);
            push(r);
            mv.visitVarInsn(ILOAD, REG + r);
            mv.visitInsn(IASTORE);
        }
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitVarInsn(ILOAD, KIND);
        mv.visitFieldInsn(PUTFIELD, CONTEXT, "exitKind", "I");
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitVarInsn(ILOAD, BASE);
        mv.visitVarInsn(ILOAD, OFF);
        mv.visitInsn(IADD);
        mv.visitFieldInsn(PUTFIELD, CONTEXT, "exitPc", "I");
        mv.visitVarInsn(ILOAD, LEFT);
        mv.visitInsn(IRETURN);
    }

    /** Returns with {@code kind} at byte offset {@code off} of the page. */
    private void exitAt(int kind, int off) {
        push(kind);
        mv.visitVarInsn(ISTORE, KIND);
        push(off);
        mv.visitVarInsn(ISTORE, OFF);
        mv.visitJumpInsn(GOTO, exit);
    }

    /** The block's end: the slot after it, where the fast loop would stop or go on. */
    private void exitAfter() { exitAt(exitAfter(slots[end] & 0xff), end << 1); }

    /** How a block leaves at the slot after it, which holds operation {@code op}. */
    private static int exitAfter(int op) {
        return switch (op) {
            case Op.DECODE -> Engine.EXIT_DECODE;
            case Op.BREAKPOINT -> Engine.EXIT_BREAK;
            case Op.PAGE_END -> TranslatedBlock.EXIT_NEXT;   // not an instruction: go on at the next page
            default -> translatable(op) ? TranslatedBlock.EXIT_NEXT : Engine.EXIT_SLOW;
        };
    }

    /** Goes on at array index {@code t} (a jump's target): inside the block, or out of it. */
    private void jumpTo(int t) {
        if (inside(t)) mv.visitJumpInsn(GOTO, labels[(t - start) >> 1]);
        else exitAt(TranslatedBlock.EXIT_NEXT, t << 1);
    }

    // ---------------------------------------------------------------- instructions

    private void instruction(int j) {
        int i = (j - start) >> 1;
        mv.visitLabel(labels[i]);
        if (checkpoint[i]) {   // the budget covers the run from here, or the interpreter does it
            Label covered = new Label();
            mv.visitVarInsn(ILOAD, LEFT);
            push(runFrom(j));
            mv.visitJumpInsn(IF_ICMPGE, covered);
            exitAt(TranslatedBlock.EXIT_INTERPRET, j << 1);
            mv.visitLabel(covered);
        }
        int w = slots[j], imm = slots[j + 1], op = w & 0xff;
        int rd = w >>> 8 & 0xff, rs1 = w >>> 16 & 0xff, rs2 = w >>> 24;
        switch (op) {
            case Op.LUI -> { push(imm); setRegister(rd); countOne(); }
            case Op.AUIPC -> { pcPlus((j << 1) + imm); setRegister(rd); countOne(); }
            case Op.JAL -> {
                pcPlus((j << 1) + 4);
                setRegister(rd);
                countOne();
                jumpTo(j + (imm >> 1));
            }
            case Op.JALR -> jalr(j, rd, rs1, imm);
            case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> branch(j, op, rs1, rs2, imm);
            case Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU -> load(j, op, rd, rs1, imm);
            case Op.SB, Op.SH, Op.SW -> store(j, op, rs1, rs2, imm);
            case Op.FENCE -> countOne();   // one hart, in order: nothing to wait for
            default -> { alu(op, rs1, rs2, imm); setRegister(rd); countOne(); }
        }
    }

    private void jalr(int j, int rd, int rs1, int imm) {
        getRegister(rs1);
        push(imm);
        mv.visitInsn(IADD);
        push(~1);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ISTORE, TMP);
        Label aligned = new Label();
        mv.visitVarInsn(ILOAD, TMP);
        push(2);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFEQ, aligned);
        exitAt(Engine.EXIT_SLOW, j << 1);   // a misaligned target traps on the jalr
        mv.visitLabel(aligned);
        pcPlus((j << 1) + 4);
        setRegister(rd);
        countOne();
        mv.visitVarInsn(ILOAD, TMP);
        mv.visitVarInsn(ILOAD, BASE);
        mv.visitInsn(ISUB);
        mv.visitVarInsn(ISTORE, OFF);
        push(TranslatedBlock.EXIT_NEXT);
        mv.visitVarInsn(ISTORE, KIND);
        mv.visitJumpInsn(GOTO, exit);
    }

    private void branch(int j, int op, int rs1, int rs2, int imm) {
        countOne();
        boolean unsigned = op == Op.BLTU || op == Op.BGEU;
        getRegister(rs1);
        if (unsigned) flipSign();
        getRegister(rs2);
        if (unsigned) flipSign();
        int notTaken = switch (op) {
            case Op.BEQ -> IF_ICMPNE;
            case Op.BNE -> IF_ICMPEQ;
            case Op.BLT, Op.BLTU -> IF_ICMPGE;
            default -> IF_ICMPLT;
        };
        Label fallThrough = new Label();
        mv.visitJumpInsn(notTaken, fallThrough);
        jumpTo(j + (imm >> 1));
        mv.visitLabel(fallThrough);
    }

    private void flipSign() {
        push(Integer.MIN_VALUE);
        mv.visitInsn(IXOR);
    }

    /**
     * A load, as the fast loop does it: the RAM offset of the address, aligned, in a frame
     * that RAM has; when paging, the page from the load page cache (a miss leaves) and its
     * frame straight from the slot (null while untouched: leaves), or the page the last load
     * of this run looked up; the hit counted and its use kept as the page's last; then the
     * word read from the frame.
     */
    private void load(int j, int op, int rd, int rs1, int imm) {
        int align = op == Op.LW ? 3 : op == Op.LH || op == Op.LHU ? 1 : 0;
        Label slow = slowExit(j);
        if (paged) {
            cachedAccess(rs1, imm, align, LOAD_PAGE, LOAD_CACHE, LOAD_CACHE_FRAMES, slow, slow);
        } else {
            physicalOffset(rs1, imm, align, FRAMES, slow);
            frameOf(FRAMES, FRAME, IFNULL, slow);
        }
        readWord();
        switch (op) {
            case Op.LW -> { }
            case Op.LB, Op.LBU -> {
                shiftToByte(3);
                if (op == Op.LB) mv.visitInsn(I2B);
                else mask(0xff);
            }
            default -> {
                shiftToByte(2);
                if (op == Op.LH) mv.visitInsn(I2S);
                else mask(0xffff);
            }
        }
        setRegister(rd);
        countOne();
    }

    /**
     * A store, as the fast loop does it: the RAM offset (through the store page cache when
     * paging), aligned, in RAM; into a frame stores may write directly (when paging, straight
     * from the slot of the store page cache, which holds it while stores may), or into one
     * with decoded code, whose slot it hits is reset (self-modifying code: decoded again);
     * when paging, a page stores go to directly is kept for the stores after it as loads
     * keep theirs; the hit counted and stamped; then the write.
     */
    private void store(int j, int op, int rs1, int rs2, int imm) {
        int align = op == Op.SW ? 3 : op == Op.SH ? 1 : 0;
        Label slow = slowExit(j), direct = new Label(), write = new Label();
        if (paged) {
            Label notDirect = new Label();
            cachedAccess(rs1, imm, align, STORE_PAGE, STORE_CACHE, STORE_CACHE_FRAMES, slow, notDirect);
            mv.visitJumpInsn(GOTO, write);
            mv.visitLabel(notDirect);
            cachedOffset(STORE_FRAMES, slow);
        } else {
            physicalOffset(rs1, imm, align, STORE_FRAMES, slow);
        }
        frameOf(STORE_FRAMES, FRAME, IFNONNULL, direct);
        frameOf(CODE_SLOTS, CODE, IFNULL, slow);
        mv.visitVarInsn(ALOAD, CODE);
        mv.visitVarInsn(ILOAD, TMP);   // code[(off & 0xffc) >>> 1] = DECODE
        push(0xffc);
        mv.visitInsn(IAND);
        push(1);
        mv.visitInsn(IUSHR);
        push(Op.DECODE);
        mv.visitInsn(IASTORE);
        frameOf(FRAMES, FRAME, -1, null);
        mv.visitLabel(direct);   // (paging: a page with code, not remembered)
        hit(STORE_CACHE);
        mv.visitLabel(write);
        if (op == Op.SW) {
            mv.visitVarInsn(ALOAD, FRAME);
            wordIndex();
            getRegister(rs2);
            mv.visitInsn(IASTORE);
        } else {   // f[i] = f[i] & ~(mask << shift) | (v & mask) << shift
            int m = op == Op.SB ? 0xff : 0xffff;
            readWord();
            push(m);
            byteShift(op == Op.SB ? 3 : 2);
            mv.visitInsn(ISHL);
            push(-1);
            mv.visitInsn(IXOR);
            mv.visitInsn(IAND);
            getRegister(rs2);
            push(m);
            mv.visitInsn(IAND);
            byteShift(op == Op.SB ? 3 : 2);
            mv.visitInsn(ISHL);
            mv.visitInsn(IOR);
            mv.visitVarInsn(ISTORE, WORD);
            mv.visitVarInsn(ALOAD, FRAME);
            wordIndex();
            mv.visitVarInsn(ILOAD, WORD);
            mv.visitInsn(IASTORE);
        }
        countOne();
    }

    /**
     * Paging off: the RAM offset of an access of x[rs1] + imm into TMP, or the slow exit:
     * aligned by {@code align} (mask of low bits that must be zero), in a frame number below
     * {@code frames}' length (RAM's frames, every array of frames has as many).
     */
    private void physicalOffset(int rs1, int imm, int align, int frames, Label slow) {
        getRegister(rs1);
        if (imm - RAM_BASE != 0) {
            push(imm - RAM_BASE);
            mv.visitInsn(IADD);
        }
        mv.visitVarInsn(ISTORE, TMP);
        aligned(align, slow);
        inRam(frames, slow);
    }

    /**
     * Paging: an access of x[rs1] + imm (VA and TMP) to a page of data page cache {@code
     * cache}, its frame of {@code frames} into FRAME, counted: the page {@code page} holds,
     * or one looked up in the cache (then kept in {@code page}); to {@code slow} when not
     * aligned by {@code align} or not in the cache, to {@code noFrame} when the slot has no frame.
     */
    private void cachedAccess(int rs1, int imm, int align, int page, int cache, int frames, Label slow, Label noFrame) {
        Label known = new Label();
        virtualAddress(rs1, imm, align, slow);
        samePage(page, known);
        cachedPage(cache, slow);
        cachedFrame(frames, noFrame);
        remember(page, cache);
        mv.visitLabel(known);
        used(page);
    }

    /**
     * Paging: the address x[rs1] + imm into VA and TMP (whose page offset is all a cached
     * frame is indexed by), or the slow exit when it is not aligned by {@code align}.
     */
    private void virtualAddress(int rs1, int imm, int align, Label slow) {
        getRegister(rs1);
        if (imm != 0) {
            push(imm);
            mv.visitInsn(IADD);
        }
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, VA);
        mv.visitVarInsn(ISTORE, TMP);
        aligned(align, slow);
    }

    /**
     * Paging: when VA is on the page an earlier access of this run looked up in the same
     * cache ({@code page}), its frame into FRAME and on to {@code known}. The caches change
     * only on the slow path, which leaves the block: a lookup of the same page would find
     * the same slot and frame while the block runs.
     */
    private void samePage(int page, Label known) {
        Label other = new Label();
        virtualPage();
        mv.visitVarInsn(ILOAD, page);
        mv.visitJumpInsn(IF_ICMPNE, other);
        mv.visitVarInsn(ALOAD, page + PAGE_FRAME);
        mv.visitVarInsn(ASTORE, FRAME);
        mv.visitJumpInsn(GOTO, known);
        mv.visitLabel(other);
    }

    /**
     * Paging: stamps the last use of the page {@code page} held, then keeps the page of VA,
     * its slot of {@code cache} (SLOT) and its frame (FRAME) in {@code page} for the accesses after it.
     */
    private void remember(int page, int cache) {
        stampLastUse(page, cache);
        virtualPage();
        mv.visitVarInsn(ISTORE, page);
        mv.visitVarInsn(ILOAD, SLOT);
        mv.visitVarInsn(ISTORE, page + PAGE_SLOT);
        mv.visitVarInsn(ALOAD, FRAME);
        mv.visitVarInsn(ASTORE, page + PAGE_FRAME);
    }

    /** Paging: an access to the page {@code page} holds, a hit: its last use is now (the budget left); counted. */
    private void used(int page) {
        mv.visitVarInsn(ILOAD, LEFT);
        mv.visitVarInsn(ISTORE, page + PAGE_USE);
        mv.visitIincInsn(HITS, 1);
    }

    /**
     * Paging: writes the last use of the page {@code page} holds (if any) into its slot of
     * {@code cache}, as the fast loop stamps every access: the slot holds the last one's.
     */
    private void stampLastUse(int page, int cache) {
        Label none = new Label();
        mv.visitVarInsn(ILOAD, page);
        push(-1);
        mv.visitJumpInsn(IF_ICMPEQ, none);
        mv.visitVarInsn(ALOAD, cache);
        mv.visitVarInsn(ILOAD, page + PAGE_SLOT);
        push(Translations.SLOT_USE);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, page + PAGE_USE);
        mv.visitInsn(IASTORE);
        mv.visitLabel(none);
    }

    /** Paging: the slot of VA in page cache {@code cache} into SLOT, or the slow exit when the slot holds another page. */
    private void cachedPage(int cache, Label slow) {
        mv.visitVarInsn(ILOAD, VA);   // slot = va >>> 10 & SOFT_INDEX
        push(10);
        mv.visitInsn(IUSHR);
        push(Translations.SOFT_INDEX);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ISTORE, SLOT);
        mv.visitVarInsn(ALOAD, cache);   // cache[slot] == va >>> 12, or the slow path
        mv.visitVarInsn(ILOAD, SLOT);
        mv.visitInsn(IALOAD);
        virtualPage();
        mv.visitJumpInsn(IF_ICMPNE, slow);
    }

    /** Pushes the virtual page number of VA. */
    private void virtualPage() {
        mv.visitVarInsn(ILOAD, VA);
        push(12);
        mv.visitInsn(IUSHR);
    }

    /** Paging: keeps in FRAME the frame the cache slot in SLOT holds in {@code frames}; to {@code none} when it holds none. */
    private void cachedFrame(int frames, Label none) {
        mv.visitVarInsn(ALOAD, frames);   // frames[slot / 4]
        mv.visitVarInsn(ILOAD, SLOT);
        push(2);
        mv.visitInsn(IUSHR);
        mv.visitInsn(AALOAD);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, FRAME);
        mv.visitJumpInsn(IFNULL, none);
    }

    /** Paging: the RAM offset of the cached page's frame (SLOT) and VA into TMP, or the slow exit when beyond {@code frames}. */
    private void cachedOffset(int frames, Label slow) {
        mv.visitVarInsn(ALOAD, STORE_CACHE);   // off = cache[slot + SLOT_OFF] | va & 0xfff
        cacheSlot(Translations.SLOT_OFF);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ILOAD, VA);
        push(0xfff);
        mv.visitInsn(IAND);
        mv.visitInsn(IOR);
        mv.visitVarInsn(ISTORE, TMP);
        inRam(frames, slow);
    }

    /** The slow exit unless the offset in TMP is aligned by {@code align} (a mask of low bits that must be zero). */
    private void aligned(int align, Label slow) {
        if (align == 0) return;
        mv.visitVarInsn(ILOAD, TMP);
        push(align);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFNE, slow);
    }

    /** The slow exit unless the RAM offset in TMP is in a frame below {@code frames}' length. */
    private void inRam(int frames, Label slow) {
        frameNumber();
        mv.visitVarInsn(ALOAD, frames);
        mv.visitInsn(ARRAYLENGTH);
        mv.visitJumpInsn(IF_ICMPGE, slow);
    }

    /**
     * Keeps in local {@code into} the entry of the frames array in local {@code frames} for
     * the RAM offset in TMP; then, unless {@code jump} is -1, jumps to {@code to} by it (IFNULL, IFNONNULL).
     */
    private void frameOf(int frames, int into, int jump, Label to) {
        mv.visitVarInsn(ALOAD, frames);
        frameNumber();
        mv.visitInsn(AALOAD);
        if (jump != -1) mv.visitInsn(DUP);
        mv.visitVarInsn(ASTORE, into);
        if (jump != -1) mv.visitJumpInsn(jump, to);
    }

    /** Paging: stamps the page cache slot's last use with the budget left and counts the hit. */
    private void hit(int cache) {
        if (!paged) return;
        mv.visitVarInsn(ALOAD, cache);
        cacheSlot(Translations.SLOT_USE);
        mv.visitVarInsn(ILOAD, LEFT);
        mv.visitInsn(IASTORE);
        mv.visitIincInsn(HITS, 1);
    }

    /** Pushes SLOT + {@code field}: an index into a page cache. */
    private void cacheSlot(int field) {
        mv.visitVarInsn(ILOAD, SLOT);
        push(field);
        mv.visitInsn(IADD);
    }

    /** Pushes the frame number of the RAM offset in TMP. */
    private void frameNumber() {
        mv.visitVarInsn(ILOAD, TMP);
        push(12);
        mv.visitInsn(IUSHR);
    }

    /** Pushes the index in its frame of the word at the RAM offset in TMP. */
    private void wordIndex() {
        mv.visitVarInsn(ILOAD, TMP);
        push(0xfff);
        mv.visitInsn(IAND);
        push(2);
        mv.visitInsn(IUSHR);
    }

    /** Pushes the word at the RAM offset in TMP, of FRAME. */
    private void readWord() {
        mv.visitVarInsn(ALOAD, FRAME);
        wordIndex();
        mv.visitInsn(IALOAD);
    }

    /** Shifts the word on the stack right to the byte ({@code low} 3) or halfword ({@code low} 2) at the offset in TMP. */
    private void shiftToByte(int low) {
        byteShift(low);
        mv.visitInsn(IUSHR);
    }

    /** Pushes the bit position of the byte or halfword at the offset in TMP: (off & low) << 3. */
    private void byteShift(int low) {
        mv.visitVarInsn(ILOAD, TMP);
        push(low);
        mv.visitInsn(IAND);
        push(3);
        mv.visitInsn(ISHL);
    }

    private void mask(int m) {
        push(m);
        mv.visitInsn(IAND);
    }

    /** A new exit to the slow path at the instruction at array index {@code j}. */
    private Label slowExit(int j) {
        Label l = new Label();
        slowExits.add(l);
        slowOffsets.add(j << 1);
        return l;
    }

    /** Pushes the result of a computational instruction: rs1 and x[rs2] + imm, as the slot holds them. */
    private void alu(int op, int rs1, int rs2, int imm) {
        int insn = switch (op) {
            case Op.ADD, Op.ADDI -> IADD;
            case Op.SUB -> ISUB;
            case Op.SLL, Op.SLLI -> ISHL;
            case Op.SRL, Op.SRLI -> IUSHR;
            case Op.SRA, Op.SRAI -> ISHR;
            case Op.XOR, Op.XORI -> IXOR;
            case Op.OR, Op.ORI -> IOR;
            case Op.AND, Op.ANDI -> IAND;
            case Op.MUL -> IMUL;
            default -> 0;
        };
        String named = switch (op) {   // M's other operations by name: small enough to inline
            case Op.MULH -> "mulh";
            case Op.MULHSU -> "mulhsu";
            case Op.MULHU -> "mulhu";
            case Op.DIV -> "div";
            case Op.DIVU -> "divu";
            case Op.REM -> "rem";
            case Op.REMU -> "remu";
            default -> null;
        };
        if (insn == 0 && named == null) push(op);
        getRegister(rs1);
        if (rs2 == 0) {
            push(imm);
        } else {
            getRegister(rs2);
            if (imm != 0) {
                push(imm);
                mv.visitInsn(IADD);
            }
        }
        if (insn != 0) mv.visitInsn(insn);
        else if (named != null) mv.visitMethodInsn(INVOKESTATIC, ALU, named, "(II)I", false);
        else mv.visitMethodInsn(INVOKESTATIC, ALU, "compute", "(III)I", false);
    }

    // ---------------------------------------------------------------- pieces

    private void countOne() { mv.visitIincInsn(LEFT, -1); }

    /** Pushes the page's virtual base plus {@code offset}: a pc on it. */
    private void pcPlus(int offset) {
        mv.visitVarInsn(ILOAD, BASE);
        push(offset);
        mv.visitInsn(IADD);
    }

    private void getRegister(int r) {
        if (r == 0) push(0);
        else mv.visitVarInsn(ILOAD, REG + r);
    }

    /** Pops the value into register {@code rd} (x0's sink drops it). */
    private void setRegister(int rd) {
        if (rd == Hart.X0_SINK) mv.visitInsn(POP);
        else mv.visitVarInsn(ISTORE, REG + rd);
    }

    private void push(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }
}
