package vmsh.cpu;

import static vmsh.isa.Opcode.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Encoder;
import vmsh.isa.Opcode;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.mem.MemoryMap;

/** Builds small test programs word by word (hand-encoded with the instruction table). */
public final class Program {
    public static final int BASE = MemoryMap.RAM;
    private final List<Integer> words = new ArrayList<>();

    /** The address the next instruction gets. */
    public int here() { return BASE + 4 * words.size(); }

    public Program op(Opcode op, int rd, int rs1, int rs2, int imm) {
        words.add(Encoder.encode(op, rd, rs1, rs2, imm));
        return this;
    }

    public Program word(int w) { words.add(w); return this; }

    public Program r(Opcode op, int rd, int rs1, int rs2) { return op(op, rd, rs1, rs2, 0); }

    public Program i(Opcode op, int rd, int rs1, int imm) { return op(op, rd, rs1, 0, imm); }

    /** A store: mem[rs1 + imm] = rs2. */
    public Program s(Opcode op, int rs2, int rs1, int imm) { return op(op, 0, rs1, rs2, imm); }

    /** A branch to absolute address {@code target}. */
    public Program b(Opcode op, int rs1, int rs2, int target) { return op(op, 0, rs1, rs2, target - here()); }

    public Program jal(int rd, int target) { return op(JAL, rd, 0, 0, target - here()); }

    /** rd = value, as lui + addi. */
    public Program li(int rd, int value) {
        int lo = value << 20 >> 20;
        int hi = value - lo;
        op(LUI, rd, 0, 0, hi);
        return i(ADDI, rd, rd, lo);
    }

    public Program csrw(int csr, int rs1) { return op(CSRRW, 0, rs1, 0, csr); }

    public Program csrr(int rd, int csr) { return op(CSRRS, rd, 0, 0, csr); }

    public Program ecall() { return op(ECALL, 0, 0, 0, 0); }

    public Program mret() { return op(MRET, 0, 0, 0, 0); }

    /** Ends the run through the test finisher with {@code code} (uses t5, t6). */
    public Program exit(int code) {
        li(30, MemoryMap.FINISHER);
        li(31, code == 0 ? 0x5555 : code << 16 | 0x3333);
        return s(SW, 31, 30, 0);
    }

    /** Pads with nops until the next instruction lands at {@code address}. */
    public Program padTo(int address) {
        while (here() < address) i(ADDI, 0, 0, 0);
        return this;
    }

    public Image image() { return image(Map.of()); }

    public Image image(Map<String, Integer> symbols) {
        byte[] bytes = new byte[4 * words.size()];
        for (int k = 0; k < words.size(); k++)
            for (int b = 0; b < 4; b++) bytes[4 * k + b] = (byte) (words.get(k) >>> (8 * b));
        Segment text = new Segment(".text", BASE, bytes, bytes.length, Segment.R | Segment.X | Segment.W);
        return new Image(List.of(text), symbols, BASE);
    }

    public Machine load() { return load(vmsh.isa.Isa.DEFAULT); }

    /** Loads the program into a machine with the extensions of {@code isa}. */
    public Machine load(vmsh.isa.Isa isa) {
        Machine m = new Machine(MachineConfig.defaults().memory(16 << 20).isa(isa));
        m.load(image());
        return m;
    }
}
