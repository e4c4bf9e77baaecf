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
 * event ends a run at exactly the interpreter's instruction. Loads and stores call {@link BlockMemory}'s fast paths (HotSpot inlines
 * them); anything that leaves them exits at that instruction, not counted, as the fast loop
 * does.
 */
final class BlockCompiler {
    /** Guest instructions per block at most: HotSpot compiles methods of a few KiB of bytecode well. */
    static final int MAX_INSTRUCTIONS = 128;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String NAME = "vmsh/cpu/TranslatedBlock$Code";
    private static final String SUPER = Type.getInternalName(TranslatedBlock.class);
    private static final String CONTEXT = Type.getInternalName(BlockContext.class);
    private static final String MEMORY = Type.getInternalName(BlockMemory.class);
    private static final String ALU = Type.getInternalName(Alu.class);
    private static final String RUN = "(L" + CONTEXT + ";II)I";

    // JVM locals of the block's method
    private static final int CONTEXT_ARG = 1, BASE = 2, LEFT = 3, KIND = 4, OFF = 5, X = 6, TMP = 7, REG = 7;   // x[r] in REG + r

    private final int[] slots;
    private final int start, end;   // array indices (2 per slot) of the first slot and the one past the last
    private final boolean paged;
    private final Label[] labels;
    /** Where the budget is checked: the block's start and the targets of its backward jumps (its loops). */
    private final boolean[] checkpoint;
    private final Label exit = new Label();
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
    }

    private void epilogue(boolean[] written) {
        mv.visitLabel(exit);
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

    private void load(int j, int op, int rd, int rs1, int imm) {
        int align = op == Op.LW ? 3 : op == Op.LH || op == Op.LHU ? 1 : 0;
        access("loadAt", rs1, imm, align, j);
        String read = switch (op) {
            case Op.LB -> "lb";
            case Op.LH -> "lh";
            case Op.LW -> "lw";
            case Op.LBU -> "lbu";
            default -> "lhu";
        };
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitVarInsn(ILOAD, TMP);
        mv.visitMethodInsn(INVOKESTATIC, MEMORY, read, "(L" + CONTEXT + ";I)I", false);
        setRegister(rd);
        countOne();
    }

    private void store(int j, int op, int rs1, int rs2, int imm) {
        int align = op == Op.SW ? 3 : op == Op.SH ? 1 : 0;
        access("storeAt", rs1, imm, align, j);
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        mv.visitVarInsn(ILOAD, TMP);
        getRegister(rs2);
        String write = op == Op.SB ? "sb" : op == Op.SH ? "sh" : "sw";
        mv.visitMethodInsn(INVOKESTATIC, MEMORY, write, "(L" + CONTEXT + ";II)V", false);
        countOne();
    }

    /** The RAM offset of an access into TMP, or an exit to the slow path at the instruction. */
    private void access(String method, int rs1, int imm, int align, int j) {
        mv.visitVarInsn(ALOAD, CONTEXT_ARG);
        getRegister(rs1);
        if (imm != 0) {
            push(imm);
            mv.visitInsn(IADD);
        }
        push(align);
        if (paged) {
            mv.visitVarInsn(ILOAD, LEFT);
            mv.visitMethodInsn(INVOKESTATIC, MEMORY, method + "Paged", "(L" + CONTEXT + ";III)I", false);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, MEMORY, method, "(L" + CONTEXT + ";II)I", false);
        }
        mv.visitVarInsn(ISTORE, TMP);
        Label fast = new Label();
        mv.visitVarInsn(ILOAD, TMP);
        mv.visitJumpInsn(IFGE, fast);
        exitAt(Engine.EXIT_SLOW, j << 1);
        mv.visitLabel(fast);
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
