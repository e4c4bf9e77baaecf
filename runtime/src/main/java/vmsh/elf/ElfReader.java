package vmsh.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.image.Image;
import vmsh.image.Segment;

/**
 * Reads ELF32 little-endian RISC-V executables (GNU ld's, and our own ElfWriter's) into an
 * {@link Image}.
 *
 * <p>What is loaded: every allocated section (SHF_ALLOC, non-empty) that lies in a PT_LOAD
 * segment, at its load address (the segment's p_paddr plus the section's offset in it, as
 * QEMU and Spike load by physical address), as one {@link Segment} named after the section
 * with the section's permissions. Loading by section rather than by whole PT_LOAD matters
 * for GNU ld output: its first PT_LOAD also maps the ELF and program headers a page below
 * {@code .text} (0x7ffff000 for {@code -Ttext=0x80000000}: outside RAM) and holds
 * {@code .rodata} in the executable segment. A file without section headers loads its
 * PT_LOAD segments whole.
 *
 * <p>Symbols come from {@code .symtab} in table order (locals first, as ld writes them):
 * defined symbols only, without section and file symbols, empty names, assembler-local
 * labels ({@code .L*}) and mapping symbols ({@code $x}, {@code $d}). The first definition
 * of a name wins.
 */
public final class ElfReader {
    // e_ident
    private static final int EI_CLASS = 4, EI_DATA = 5;
    private static final int ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    // e_type, e_machine, e_flags
    private static final int ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    private static final int EM_RISCV = 243;
    private static final int EF_RISCV_FLOAT_ABI = 0x6;
    // program and section headers
    private static final int PT_LOAD = 1;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;
    private static final int SHT_SYMTAB = 2, SHT_NOBITS = 8;
    private static final int SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    private static final int ELF32_HEADER = 52, PHDR_SIZE = 32, SHDR_SIZE = 40, SYM_SIZE = 16;
    // symbols
    private static final int STT_SECTION = 3, STT_FILE = 4;
    private static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1;

    private ElfReader() {}

    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** The image in {@code bytes}; an {@link ElfException} says what is wrong otherwise. */
    public static Image read(byte[] bytes) {
        return new Parse(bytes).image();
    }

    /** A PT_LOAD program header. */
    private record Load(int offset, long vaddr, long paddr, long filesz, long memsz, int flags) {
        boolean holds(long addr, long size) { return addr >= vaddr && addr + size <= vaddr + memsz; }
    }

    /** A section header, with its name resolved. */
    private record Section(String name, int type, int flags, long addr, int offset, long size, int link) {}

    /** One parse of one file: the bytes and what the headers say. */
    private static final class Parse {
        private final byte[] b;

        Parse(byte[] bytes) { this.b = bytes; }

        Image image() {
            checkIdent();
            int type = u16(16, "e_type"), machine = u16(18, "e_machine");
            checkType(type);
            if (machine != EM_RISCV)
                throw new ElfException("not a RISC-V ELF: e_machine is " + machine + " (RISC-V is " + EM_RISCV + ")");
            checkFlags(u32(36, "e_flags"));
            List<Load> loads = loads();
            List<Section> sections = sections();
            List<Segment> segments = sections.isEmpty() ? segmentsOf(loads) : segmentsOf(sections, loads);
            return new Image(segments, symbols(sections), u32(24, "e_entry"));
        }

        /*
         * e_ident: 7f 'E' 'L' 'F' | class | data | version | ...
         *          0  1   2   3     4       5      6
         */
        private void checkIdent() {
            if (!isElf(b)) throw new ElfException("not an ELF file (no \\x7fELF magic at the start)");
            need(0, ELF32_HEADER, "ELF header");
            int cls = b[EI_CLASS], data = b[EI_DATA];
            if (cls == ELFCLASS64)
                throw new ElfException("64-bit ELF: vmsh runs RV32 (build with -march=rv32ima -mabi=ilp32)");
            if (cls != ELFCLASS32) throw new ElfException("unknown ELF class " + cls + " (expected 1, ELFCLASS32)");
            if (data == ELFDATA2MSB) throw new ElfException("big-endian ELF: RISC-V is little-endian");
            if (data != ELFDATA2LSB) throw new ElfException("unknown ELF data encoding " + data + " (expected 1, little-endian)");
        }

        private static void checkType(int type) {
            switch (type) {
                case ET_EXEC -> { }
                case ET_REL -> throw new ElfException(
                        "relocatable object file (ET_REL), not an executable: link it first, e.g. riscv64-unknown-elf-ld -m elf32lriscv -Ttext=0x80000000");
                case ET_DYN -> throw new ElfException("shared object or PIE (ET_DYN): vmsh loads static executables (link with -static -no-pie)");
                case ET_CORE -> throw new ElfException("core dump (ET_CORE), not an executable");
                default -> throw new ElfException("not an executable: e_type is " + type);
            }
        }

        private static void checkFlags(int flags) {
            // EF_RISCV_RVC is accepted: without C, a compressed instruction traps as illegal,
            // which is what riscv-tests' ma_fetch expects of a hart whose misa has no C.
            if ((flags & EF_RISCV_FLOAT_ABI) != 0)
                throw new ElfException("ELF uses a hard-float ABI (ilp32f/ilp32d): vmsh has no F/D (build with -march=rv32ima -mabi=ilp32)");
        }

        /*
         * Elf32_Phdr: p_type p_offset p_vaddr p_paddr p_filesz p_memsz p_flags p_align
         *             0      4        8       12      16       20      24      28
         */
        private List<Load> loads() {
            int phoff = u32(28, "e_phoff"), phentsize = u16(42, "e_phentsize"), phnum = u16(44, "e_phnum");
            if (phnum > 0 && phentsize < PHDR_SIZE) throw new ElfException("bad e_phentsize " + phentsize + " (expected " + PHDR_SIZE + ")");
            List<Load> loads = new ArrayList<>();
            for (int n = 0; n < phnum; n++) {
                int p = offset(unsigned(phoff) + (long) n * phentsize, PHDR_SIZE, "program header " + n);
                if (u32(p, "p_type") != PT_LOAD) continue;
                Load load = new Load(u32(p + 4, "p_offset"), unsigned(u32(p + 8, "p_vaddr")), unsigned(u32(p + 12, "p_paddr")),
                        unsigned(u32(p + 16, "p_filesz")), unsigned(u32(p + 20, "p_memsz")), u32(p + 24, "p_flags"));
                checkLoad(n, load);
                loads.add(load);
            }
            return loads;
        }

        private void checkLoad(int n, Load l) {
            if (l.filesz() > l.memsz())
                throw new ElfException("program header " + n + ": p_filesz 0x" + Long.toHexString(l.filesz())
                        + " exceeds p_memsz 0x" + Long.toHexString(l.memsz()));
            checkSpan("segment " + n, l.vaddr(), l.memsz());
            checkSpan("segment " + n, l.paddr(), l.memsz());
            offset(unsigned(l.offset()), l.filesz(), "segment " + n + " data");
        }

        /*
         * Elf32_Shdr: sh_name sh_type sh_flags sh_addr sh_offset sh_size sh_link sh_info ...
         *             0       4       8        12      16        20      24      28
         */
        private List<Section> sections() {
            int shoff = u32(32, "e_shoff"), shentsize = u16(46, "e_shentsize"), shnum = u16(48, "e_shnum");
            int shstrndx = u16(50, "e_shstrndx");
            if (shoff == 0 || shnum == 0) return List.of();
            if (shentsize < SHDR_SIZE) throw new ElfException("bad e_shentsize " + shentsize + " (expected " + SHDR_SIZE + ")");
            int[] at = new int[shnum];
            for (int n = 0; n < shnum; n++) at[n] = offset(unsigned(shoff) + (long) n * shentsize, SHDR_SIZE, "section header " + n);
            long names = shstrndx != 0 && shstrndx < shnum ? unsigned(u32(at[shstrndx] + 16, "sh_offset")) : -1;
            List<Section> sections = new ArrayList<>();
            for (int n = 0; n < shnum; n++) {
                int s = at[n];
                String name = names == -1 ? "section" + n : string(names + unsigned(u32(s, "sh_name")), "section name");
                sections.add(new Section(name, u32(s + 4, "sh_type"), u32(s + 8, "sh_flags"),
                        unsigned(u32(s + 12, "sh_addr")), u32(s + 16, "sh_offset"), unsigned(u32(s + 20, "sh_size")),
                        u32(s + 24, "sh_link")));
            }
            return sections;
        }

        private List<Segment> segmentsOf(List<Section> sections, List<Load> loads) {
            List<Segment> segments = new ArrayList<>();
            for (Section s : sections) {
                if ((s.flags() & SHF_ALLOC) == 0 || s.size() == 0) continue;
                Load load = loads.stream().filter(l -> l.holds(s.addr(), s.size())).findFirst().orElse(null);
                if (load == null) continue; // allocated but not loaded by any segment
                long address = load.paddr() + (s.addr() - load.vaddr());
                checkSpan("section " + s.name(), address, s.size());
                byte[] data = s.type() == SHT_NOBITS ? new byte[0] : slice(unsigned(s.offset()), s.size(), "section " + s.name());
                segments.add(new Segment(s.name(), (int) address, data, (int) s.size(), sectionFlags(s.flags())));
            }
            return segments;
        }

        private List<Segment> segmentsOf(List<Load> loads) {
            List<Segment> segments = new ArrayList<>();
            for (int n = 0; n < loads.size(); n++) {
                Load l = loads.get(n);
                if (l.memsz() == 0) continue;
                byte[] data = slice(unsigned(l.offset()), l.filesz(), "segment " + n + " data");
                segments.add(new Segment("segment" + n, (int) l.paddr(), data, (int) l.memsz(), l.flags() & (PF_R | PF_W | PF_X)));
            }
            return segments;
        }

        private static int sectionFlags(int shFlags) {
            return Segment.R | ((shFlags & SHF_WRITE) != 0 ? Segment.W : 0) | ((shFlags & SHF_EXECINSTR) != 0 ? Segment.X : 0);
        }

        /*
         * Elf32_Sym: st_name st_value st_size st_info st_other st_shndx
         *            0       4        8       12      13       14
         * st_info: binding << 4 | type
         */
        private Map<String, Integer> symbols(List<Section> sections) {
            Map<String, Integer> symbols = new LinkedHashMap<>();
            Section symtab = sections.stream().filter(s -> s.type() == SHT_SYMTAB).findFirst().orElse(null);
            if (symtab == null) return symbols;
            if (symtab.link() < 0 || symtab.link() >= sections.size())
                throw new ElfException(".symtab links to string table " + symtab.link() + ", which does not exist");
            long strings = unsigned(sections.get(symtab.link()).offset());
            long base = unsigned(symtab.offset());
            offset(base, symtab.size(), ".symtab");
            for (long k = 1; k < symtab.size() / SYM_SIZE; k++) { // entry 0 is the null symbol
                int s = (int) (base + k * SYM_SIZE);
                int type = b[s + 12] & 0xf, shndx = u16(s + 14, "st_shndx");
                if (type == STT_SECTION || type == STT_FILE) continue;
                if (shndx == SHN_UNDEF || (shndx >= SHN_LORESERVE && shndx != SHN_ABS)) continue;
                String name = string(strings + unsigned(u32(s, "st_name")), "symbol name");
                if (userLabel(name)) symbols.putIfAbsent(name, u32(s + 4, "st_value"));
            }
            return symbols;
        }

        /** Not empty, not an assembler-local .L label, not a $x/$d mapping symbol. */
        private static boolean userLabel(String name) {
            return !name.isEmpty() && !name.startsWith(".L")
                    && !name.equals("$x") && !name.equals("$d") && !name.startsWith("$xrv");
        }

        private static void checkSpan(String what, long address, long size) {
            if (address + size > 0x1_0000_0000L)
                throw new ElfException(what + " at 0x" + Long.toHexString(address) + " with 0x" + Long.toHexString(size)
                        + " bytes ends beyond the 32-bit address space");
        }

        // ---- bounds-checked reads (little-endian) ----

        private void need(long offset, long length, String what) {
            if (offset < 0 || offset + length > b.length)
                throw new ElfException("truncated ELF file: " + what + " at offset 0x" + Long.toHexString(offset)
                        + " needs " + length + " bytes, the file has " + b.length);
        }

        private int offset(long offset, long length, String what) {
            need(offset, length, what);
            return (int) offset;
        }

        private byte[] slice(long offset, long length, String what) {
            need(offset, length, what);
            return java.util.Arrays.copyOfRange(b, (int) offset, (int) (offset + length));
        }

        private int u16(int at, String what) {
            need(at, 2, what);
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
        }

        private int u32(int at, String what) {
            need(at, 4, what);
            return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
        }

        /** The NUL-terminated string at {@code at}. */
        private String string(long at, String what) {
            need(at, 1, what);
            int end = (int) at;
            while (end < b.length && b[end] != 0) end++;
            if (end == b.length) throw new ElfException("truncated ELF file: " + what + " at offset 0x" + Long.toHexString(at) + " has no terminating NUL");
            return new String(b, (int) at, end - (int) at, StandardCharsets.UTF_8);
        }

        private static long unsigned(int v) { return v & 0xffffffffL; }
    }
}
