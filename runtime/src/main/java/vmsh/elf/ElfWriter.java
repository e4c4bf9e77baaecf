package vmsh.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import vmsh.image.Image;
import vmsh.image.Segment;

/**
 * Writes an image as an ELF32 little-endian RISC-V executable: one PT_LOAD per segment
 * (file offset congruent to the address modulo the page size, as ld lays them out), a
 * section per segment (PROGBITS, and NOBITS for the zero-filled tail), and a symbol table
 * so objdump shows labels. GNU objdump reads it and QEMU runs it.
 *
 * <pre>
 * | ELF header | program headers | segment data ... | .symtab | .strtab | .shstrtab | section headers |
 * </pre>
 */
public final class ElfWriter {
    private ElfWriter() {}

    // ELF constants (System V ABI, RISC-V psABI)
    static final int EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16;
    static final int ELFCLASS32 = 1, ELFDATA2LSB = 1, EV_CURRENT = 1;
    static final int ET_EXEC = 2, EM_RISCV = 243;
    static final int PT_LOAD = 1;
    static final int SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
    static final int SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    static final int STB_GLOBAL = 1, STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2;
    static final int SHN_ABS = 0xfff1;
    static final int PAGE = 0x1000;

    /** One section header to write. */
    private record Shdr(int name, int type, int flags, int addr, int offset, int size, int link, int info, int align, int entsize) {}

    public static byte[] write(Image image) {
        List<Segment> segments = image.segments();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Strings shstr = new Strings();
        List<Shdr> sections = new ArrayList<>();
        sections.add(new Shdr(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        // segment data, each at an offset congruent to its address modulo the page size
        int[] offsets = new int[segments.size()];
        int pos = EHDR_SIZE + PHDR_SIZE * segments.size();
        file.write(new byte[pos], 0, pos);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            int pad = Math.floorMod(s.address() - pos, PAGE);
            file.write(new byte[pad], 0, pad);
            pos += pad;
            offsets[i] = pos;
            file.writeBytes(s.data());
            pos += s.data().length;
            addSections(sections, shstr, s, offsets[i]);
        }

        // symbols
        Strings str = new Strings();
        ByteBuffer syms = little(SYM_SIZE * (image.symbols().size() + 1));
        syms.put(new byte[SYM_SIZE]);
        for (Map.Entry<String, Integer> e : image.symbols().entrySet()) {
            int shndx = sectionOf(sections, e.getValue());
            int type = shndx == SHN_ABS ? STT_NOTYPE
                    : (sections.get(shndx).flags() & SHF_EXECINSTR) != 0 ? STT_FUNC : STT_OBJECT;
            syms.putInt(str.add(e.getKey())).putInt(e.getValue()).putInt(0)
                .put((byte) (STB_GLOBAL << 4 | type)).put((byte) 0).putShort((short) shndx);
        }
        pos = align(file, pos, 4);
        int symtabIndex = sections.size();
        sections.add(new Shdr(shstr.add(".symtab"), SHT_SYMTAB, 0, 0, pos, syms.capacity(), symtabIndex + 1, 1, 4, SYM_SIZE));
        file.writeBytes(syms.array());
        pos += syms.capacity();
        byte[] strBytes = str.bytes();
        sections.add(new Shdr(shstr.add(".strtab"), SHT_STRTAB, 0, 0, pos, strBytes.length, 0, 0, 1, 0));
        file.writeBytes(strBytes);
        pos += strBytes.length;
        int shstrIndex = sections.size();
        int shstrName = shstr.add(".shstrtab");
        byte[] shstrBytes = shstr.bytes();
        sections.add(new Shdr(shstrName, SHT_STRTAB, 0, 0, pos, shstrBytes.length, 0, 0, 1, 0));
        file.writeBytes(shstrBytes);
        pos += shstrBytes.length;

        // section headers
        pos = align(file, pos, 4);
        int shoff = pos;
        ByteBuffer sh = little(SHDR_SIZE * sections.size());
        for (Shdr s : sections) {
            sh.putInt(s.name()).putInt(s.type()).putInt(s.flags()).putInt(s.addr()).putInt(s.offset())
              .putInt(s.size()).putInt(s.link()).putInt(s.info()).putInt(s.align()).putInt(s.entsize());
        }
        file.writeBytes(sh.array());

        byte[] out = file.toByteArray();
        ByteBuffer head = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(head, image.entry(), segments.size(), shoff, sections.size(), shstrIndex);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            head.putInt(PT_LOAD).putInt(offsets[i]).putInt(s.address()).putInt(s.address())
                .putInt(s.data().length).putInt(s.memSize()).putInt(s.flags()).putInt(PAGE);
        }
        return out;
    }

    /*
     * e_ident: 7f 'E' 'L' 'F' class data version osabi abiversion pad[7]
     * then type machine version entry phoff shoff flags ehsize phentsize phnum shentsize shnum shstrndx
     */
    private static void writeHeader(ByteBuffer b, int entry, int phnum, int shoff, int shnum, int shstrndx) {
        b.put((byte) 0x7f).put((byte) 'E').put((byte) 'L').put((byte) 'F')
         .put((byte) ELFCLASS32).put((byte) ELFDATA2LSB).put((byte) EV_CURRENT).put(new byte[9]);
        b.putShort((short) ET_EXEC).putShort((short) EM_RISCV).putInt(EV_CURRENT).putInt(entry)
         .putInt(phnum == 0 ? 0 : EHDR_SIZE).putInt(shoff).putInt(0)
         .putShort((short) EHDR_SIZE).putShort((short) PHDR_SIZE).putShort((short) phnum)
         .putShort((short) SHDR_SIZE).putShort((short) shnum).putShort((short) shstrndx);
    }

    /** A PROGBITS section for the stored bytes, a NOBITS one for the zero-filled rest. */
    private static void addSections(List<Shdr> sections, Strings shstr, Segment s, int offset) {
        int flags = SHF_ALLOC | ((s.flags() & Segment.W) != 0 ? SHF_WRITE : 0) | ((s.flags() & Segment.X) != 0 ? SHF_EXECINSTR : 0);
        String name = s.name() == null || s.name().isEmpty() ? ".load" + sections.size() : s.name();
        int align = (s.address() & 3) == 0 ? 4 : 1;
        int data = s.data().length;
        if (data > 0) sections.add(new Shdr(shstr.add(name), SHT_PROGBITS, flags, s.address(), offset, data, 0, 0, align, 0));
        if (s.memSize() > data) {
            String bss = data == 0 ? name : ".bss";
            int at = s.address() + data;
            sections.add(new Shdr(shstr.add(bss), SHT_NOBITS, flags, at, offset + data, s.memSize() - data, 0, 0, (at & 3) == 0 ? 4 : 1, 0));
        }
    }

    /** The section holding {@code address} (or ending at it), else SHN_ABS. */
    private static int sectionOf(List<Shdr> sections, int address) {
        long a = address & 0xffffffffL;
        int found = SHN_ABS;
        for (int i = 1; i < sections.size(); i++) {
            Shdr s = sections.get(i);
            if ((s.flags() & SHF_ALLOC) == 0) continue;
            long start = s.addr() & 0xffffffffL, end = start + (s.size() & 0xffffffffL);
            if (a >= start && a < end) return i;
            if (a == end && found == SHN_ABS) found = i;
        }
        return found;
    }

    private static int align(ByteArrayOutputStream file, int pos, int to) {
        int pad = Math.floorMod(-pos, to);
        file.write(new byte[pad], 0, pad);
        return pos + pad;
    }

    private static ByteBuffer little(int size) { return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN); }

    /** A string table: NUL-separated names, offset 0 being the empty name. */
    private static final class Strings {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Strings() { bytes.write(0); }

        int add(String s) {
            int at = bytes.size();
            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
            return at;
        }

        byte[] bytes() { return bytes.toByteArray(); }
    }
}
