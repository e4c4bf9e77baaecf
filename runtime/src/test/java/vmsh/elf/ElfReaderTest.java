package vmsh.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.image.Image;
import vmsh.image.Segment;

class ElfReaderTest {
    private static final int RAM = 0x8000_0000;
    private static final byte[] CODE = {0x13, 0, 0, 0, 0x6f, 0, 0, 0}; // nop; j .
    private static final int STB_LOCAL = 0, STB_GLOBAL = 1 << 4;
    private static final int STT_NOTYPE = 0, STT_FUNC = 2, STT_SECTION = 3, STT_FILE = 4;
    private static final int SHN_ABS = 0xfff1;
    private static final int SHT_PROGBITS = 1, SHT_NOBITS = 8;
    private static final int SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;

    // ---- synthetic files ----

    @Test
    void segmentsWithoutSectionHeadersLoadWhole() {
        ElfBuilder elf = new ElfBuilder();
        elf.load(RAM, RAM, CODE, 8, PF_R | PF_X);
        elf.load(RAM + 0x1000, RAM + 0x1000, new byte[] {1, 2, 3, 4}, 0x40, PF_R | PF_W);
        Image image = ElfReader.read(elf.bytes());
        assertEquals(RAM, image.entry());
        assertEquals(2, image.segments().size());
        Segment text = image.segments().get(0), data = image.segments().get(1);
        assertEquals(RAM, text.address());
        assertArrayEquals(CODE, text.data());
        assertTrue(text.executable());
        assertEquals(0x40, data.memSize());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, data.data());
        assertEquals(Segment.R | Segment.W, data.flags());
        assertTrue(image.symbols().isEmpty());
    }

    @Test
    void sectionsBecomeSegmentsAndTheHeaderPageIsNotLoaded() {
        // as GNU ld lays it out: one R+X PT_LOAD from a page below .text over .text and .rodata
        ElfBuilder elf = new ElfBuilder();
        byte[] first = new byte[0x1000 + 8 + 6];
        System.arraycopy(CODE, 0, first, 0x1000, 8);
        System.arraycopy("hello\0".getBytes(StandardCharsets.US_ASCII), 0, first, 0x1008, 6);
        int at = elf.load(RAM - 0x1000, RAM - 0x1000, first, first.length, PF_R | PF_X);
        int data = elf.load(RAM + 0x2000, RAM + 0x2000, new byte[] {7, 0, 0, 0}, 0x24, PF_R | PF_W);
        int text = elf.section(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, RAM, at + 0x1000, 8);
        elf.section(".rodata", SHT_PROGBITS, SHF_ALLOC, RAM + 8, at + 0x1008, 6);
        elf.section(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, RAM + 0x2000, data, 4);
        elf.section(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, RAM + 0x2004, data + 4, 0x20);
        elf.section(".comment", SHT_PROGBITS, 0, 0, data, 4);
        Image image = ElfReader.read(elf.bytes());

        assertEquals(List.of(".text", ".rodata", ".data", ".bss"), image.segments().stream().map(Segment::name).toList());
        Segment t = image.segments().get(0), ro = image.segments().get(1), bss = image.segments().get(3);
        assertEquals(RAM, t.address());
        assertArrayEquals(CODE, t.data());
        assertEquals(Segment.R | Segment.X, t.flags());
        assertEquals(Segment.R, ro.flags());
        assertEquals("hello", new String(ro.data(), 0, 5, StandardCharsets.US_ASCII));
        assertEquals(0, bss.data().length);
        assertEquals(0x20, bss.memSize());
        assertEquals(Segment.R | Segment.W, bss.flags());
        assertEquals(1, text);
    }

    @Test
    void symbolsKeepTableOrderAndSkipWhatIsNoLabel() {
        ElfBuilder elf = new ElfBuilder();
        int at = elf.load(RAM, RAM, CODE, 8, PF_R | PF_X);
        int text = elf.section(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, RAM, at, 8);
        elf.symbol("", RAM, STB_LOCAL | STT_SECTION, text);
        elf.symbol("start.o", 0, STB_LOCAL | STT_FILE, SHN_ABS);
        elf.symbol("$xrv32i2p1_m2p0", RAM, STB_LOCAL | STT_NOTYPE, text);
        elf.symbol("$x", RAM, STB_LOCAL | STT_NOTYPE, text);
        elf.symbol("loop", RAM + 4, STB_LOCAL | STT_NOTYPE, text);
        elf.symbol(".L0", RAM + 4, STB_LOCAL | STT_NOTYPE, text);
        elf.symbol("UART", 0x1000_0000, STB_LOCAL | STT_NOTYPE, SHN_ABS);
        elf.symbol("puts", 0, STB_GLOBAL | STT_FUNC, 0); // undefined
        elf.symbol("_start", RAM, STB_GLOBAL | STT_FUNC, text);
        elf.symbol("loop", RAM, STB_GLOBAL | STT_NOTYPE, text); // a second "loop": the first wins
        Image image = ElfReader.read(elf.bytes());
        assertEquals(List.of("loop", "UART", "_start"), List.copyOf(image.symbols().keySet()));
        assertEquals(RAM + 4, image.symbol("loop"));
        assertEquals(0x1000_0000, image.symbol("UART"));
        assertEquals("_start", image.symbolAt(RAM));
    }

    @Test
    void sectionsLoadAtTheSegmentsPhysicalAddress() {
        // .data linked to run at 0x80002000 but stored in the image at 0x80001000 (LMA)
        ElfBuilder elf = new ElfBuilder();
        int at = elf.load(RAM + 0x2000, RAM + 0x1000, new byte[] {9, 9}, 2, PF_R | PF_W);
        elf.section(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, RAM + 0x2000, at, 2);
        assertEquals(RAM + 0x1000, ElfReader.read(elf.bytes()).segments().get(0).address());
    }

    @Test
    void allocatedSectionsOutsideEveryLoadAreNotLoaded() {
        ElfBuilder elf = new ElfBuilder();
        int at = elf.load(RAM, RAM, CODE, 8, PF_R | PF_X);
        elf.section(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, RAM, at, 8);
        elf.section(".stray", SHT_PROGBITS, SHF_ALLOC, RAM + 0x9000, at, 4);
        assertEquals(List.of(".text"), ElfReader.read(elf.bytes()).segments().stream().map(Segment::name).toList());
    }

    @Test
    void readsBackWhatElfWriterWrites() {
        Image written = vmsh.asm.Assembler.assemble("""
                .globl _start
                _start: la a0, msg
                    lw a1, counter
                    j _start
                .section .rodata
                msg: .asciz "hi"
                .data
                counter: .word 7
                .bss
                buffer: .space 32
                """, "roundtrip.s");
        Image read = ElfReader.read(ElfWriter.write(written));
        assertEquals(written.entry(), read.entry());
        assertEquals(written.symbols(), read.symbols());
        assertEquals(memory(written), memory(read));
        for (Segment s : read.segments())
            assertEquals(s.name().equals(".text"), s.executable(), s.name());
    }

    /** Every loaded byte by address, the zero-filled tails included. */
    private static java.util.SortedMap<Long, Byte> memory(Image image) {
        java.util.SortedMap<Long, Byte> bytes = new java.util.TreeMap<>();
        for (Segment s : image.segments())
            for (int k = 0; k < s.memSize(); k++)
                bytes.put((s.address() & 0xffffffffL) + k, k < s.data().length ? s.data()[k] : 0);
        return bytes;
    }

    // ---- what is refused, and how it is said ----

    private static void refused(String expectedPart, byte[] bytes) {
        ElfException e = assertThrows(ElfException.class, () -> ElfReader.read(bytes));
        assertTrue(e.getMessage().contains(expectedPart), "message was: " + e.getMessage());
    }

    private static byte[] simple(Consumer<ElfBuilder> tweak) {
        ElfBuilder elf = new ElfBuilder();
        elf.load(RAM, RAM, CODE, 8, PF_R | PF_X);
        tweak.accept(elf);
        return elf.bytes();
    }

    @Test
    void refusesWhatIsNoElf() {
        refused("not an ELF file", "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.US_ASCII));
        refused("not an ELF file", new byte[0]);
        assertFalse(ElfReader.isElf(new byte[] {0x7f, 'E', 'L'}));
    }

    @Test
    void refuses64BitWithAHint() {
        byte[] b = simple(e -> { });
        b[4] = 2;
        refused("64-bit ELF: vmsh runs RV32 (build with -march=rv32ima -mabi=ilp32)", b);
    }

    @Test
    void refusesBigEndian() {
        byte[] b = simple(e -> { });
        b[5] = 2;
        refused("big-endian", b);
    }

    @Test
    void refusesOtherMachines() {
        refused("e_machine is 62", simple(e -> e.machine = 62));
    }

    @Test
    void refusesObjectFilesAndHardFloat() {
        refused("relocatable object file (ET_REL)", simple(e -> e.type = 1));
        refused("hard-float", simple(e -> e.flags = 4));
    }

    @Test
    void acceptsTheCompressedFlag() {
        // riscv-tests' ma_fetch is flagged RVC; without C its compressed code traps as illegal
        assertEquals(0x80000000, ElfReader.read(simple(e -> e.flags = 1)).entry());
    }

    @Test
    void refusesTruncatedFiles() {
        byte[] b = simple(e -> { });
        refused("truncated ELF file: ELF header", Arrays.copyOf(b, 40));
        refused("truncated ELF file: program header 0", Arrays.copyOf(b, 60));
        refused("truncated ELF file: segment 0 data", Arrays.copyOf(b, b.length - 1));
    }

    @Test
    void refusesSegmentsBeyondTheAddressSpace() {
        ElfBuilder elf = new ElfBuilder();
        elf.load(0xffff_f000, 0xffff_f000, CODE, 0x2000, PF_R | PF_W);
        refused("segment 0 at 0xfffff000 with 0x2000 bytes ends beyond the 32-bit address space", elf.bytes());
    }

    // ---- files from the GNU toolchain ----

    @TempDir Path dir;

    @Test
    void readsWhatGccAndLdBuild() throws Exception {
        for (String tool : List.of("gcc", "objcopy", "nm"))
            Assumptions.assumeTrue(onPath("riscv64-unknown-elf-" + tool), "riscv64-unknown-elf-" + tool + " is not installed");
        Files.writeString(dir.resolve("start.s"), """
                .globl _start
                _start:
                    la sp, stack_top
                    call main
                1:  j 1b
                .bss
                .space 256
                stack_top:
                """);
        Files.writeString(dir.resolve("main.c"), """
                const char greeting[] = "hello";
                int counter = 3;
                int table[8];
                int main(void) { for (int i = 0; i < 8; i++) table[i] = greeting[i % 5] + counter; return table[7]; }
                """);
        run("riscv64-unknown-elf-gcc", "-march=rv32ima", "-mabi=ilp32", "-O1", "-nostdlib", "-nostartfiles",
                "-Wl,-Ttext=0x80000000", "start.s", "main.c", "-o", "prog.elf");
        run("riscv64-unknown-elf-objcopy", "-O", "binary", "--only-section=.text", "prog.elf", "text.bin");

        Image image = ElfReader.read(Files.readAllBytes(dir.resolve("prog.elf")));
        Segment text = image.segments().get(0);
        assertEquals(".text", text.name());
        assertEquals(RAM, text.address());
        assertArrayEquals(Files.readAllBytes(dir.resolve("text.bin")), text.data());
        assertEquals(image.symbol("_start"), image.entry());
        // every symbol nm shows (but mapping symbols and local labels) has nm's address
        int checked = 0;
        for (String line : run("riscv64-unknown-elf-nm", "prog.elf").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || f[2].startsWith("$") || f[2].startsWith(".L") || f[1].equalsIgnoreCase("U")) continue;
            assertEquals((int) Long.parseLong(f[0], 16), image.symbol(f[2]), f[2]);
            checked++;
        }
        assertTrue(checked >= 5, "nm listed only " + checked + " symbols");
        for (String name : List.of("main", "greeting", "counter", "table", "stack_top"))
            assertTrue(image.hasSymbol(name), name);
        // the loaded bytes all lie in RAM: the header page below .text is not loaded
        for (Segment s : image.segments())
            assertTrue(Integer.compareUnsigned(s.address(), RAM) >= 0, s.name() + " at " + Integer.toHexString(s.address()));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    /**
     * Writes small ELF32 little-endian RISC-V executables:
     * header | 4 program header slots | load data | section data | string tables | symtab | section headers.
     */
    private static final class ElfBuilder {
        private static final int HEADER = 52, PH_SLOTS = 4, DATA_START = HEADER + PH_SLOTS * 32;
        int type = 2, machine = 243, flags = 0;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final List<int[]> loads = new ArrayList<>();      // vaddr paddr offset filesz memsz flags
        private final List<int[]> sections = new ArrayList<>();   // name type flags addr offset size
        private final List<String> sectionNames = new ArrayList<>();
        private final List<int[]> symbols = new ArrayList<>();    // value info shndx
        private final List<String> symbolNames = new ArrayList<>();

        /** Adds a PT_LOAD; returns the file offset of its data. */
        int load(int vaddr, int paddr, byte[] bytes, int memsz, int pflags) {
            int offset = DATA_START + data.size();
            data.writeBytes(bytes);
            loads.add(new int[] {vaddr, paddr, offset, bytes.length, memsz, pflags});
            return offset;
        }

        /** Adds a section header; returns its index. */
        int section(String name, int shType, int shFlags, int addr, int offset, int size) {
            sections.add(new int[] {shType, shFlags, addr, offset, size});
            sectionNames.add(name);
            return sections.size();
        }

        void symbol(String name, int value, int info, int shndx) {
            symbols.add(new int[] {value, info, shndx});
            symbolNames.add(name);
        }

        byte[] bytes() {
            Out o = new Out();
            boolean withSections = !sections.isEmpty();
            int shstrtab = DATA_START + data.size();
            byte[] shstr = strings(sectionNamesWithTables());
            int strtab = shstrtab + shstr.length;
            byte[] str = strings(symbolNames);
            int symtab = align4(strtab + str.length);
            int symtabSize = 16 * (symbols.size() + 1);
            int shoff = symtab + symtabSize;
            int shnum = sections.size() + 4; // null, ours, .symtab, .strtab, .shstrtab

            // ELF header
            o.bytes(0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            o.u16(type); o.u16(machine); o.u32(1); o.u32(loads.isEmpty() ? 0 : loads.get(0)[0]);
            o.u32(HEADER); o.u32(withSections ? shoff : 0); o.u32(flags);
            o.u16(HEADER); o.u16(32); o.u16(loads.size()); o.u16(40);
            o.u16(withSections ? shnum : 0); o.u16(withSections ? shnum - 1 : 0);
            // program headers
            for (int[] l : loads) { o.u32(1); o.u32(l[2]); o.u32(l[0]); o.u32(l[1]); o.u32(l[3]); o.u32(l[4]); o.u32(l[5]); o.u32(0x1000); }
            o.zeros(DATA_START - o.size());
            o.raw(data.toByteArray());
            if (!withSections) return o.toByteArray();
            o.raw(shstr);
            o.raw(str);
            o.zeros(symtab - o.size());
            o.zeros(16);
            int nameOffset = 1;
            for (int k = 0; k < symbols.size(); k++) {
                int[] s = symbols.get(k);
                String name = symbolNames.get(k);
                o.u32(name.isEmpty() ? 0 : nameOffset); o.u32(s[0]); o.u32(0);
                o.bytes(s[1], 0); o.u16(s[2]);
                if (!name.isEmpty()) nameOffset += name.getBytes(StandardCharsets.UTF_8).length + 1;
            }
            // section headers
            o.zeros(40);
            List<String> names = sectionNamesWithTables();
            int[] nameAt = new int[names.size()];
            for (int k = 0, at = 1; k < names.size(); k++) { nameAt[k] = at; at += names.get(k).length() + 1; }
            for (int k = 0; k < sections.size(); k++) {
                int[] s = sections.get(k);
                o.u32(nameAt[k]); o.u32(s[0]); o.u32(s[1]); o.u32(s[2]); o.u32(s[3]); o.u32(s[4]);
                o.u32(0); o.u32(0); o.u32(4); o.u32(0);
            }
            int n = sections.size();
            o.u32(nameAt[n]); o.u32(2); o.u32(0); o.u32(0); o.u32(symtab); o.u32(symtabSize); o.u32(n + 2); o.u32(1); o.u32(4); o.u32(16);
            o.u32(nameAt[n + 1]); o.u32(3); o.u32(0); o.u32(0); o.u32(strtab); o.u32(str.length); o.u32(0); o.u32(0); o.u32(1); o.u32(0);
            o.u32(nameAt[n + 2]); o.u32(3); o.u32(0); o.u32(0); o.u32(shstrtab); o.u32(shstr.length); o.u32(0); o.u32(0); o.u32(1); o.u32(0);
            return o.toByteArray();
        }

        private List<String> sectionNamesWithTables() {
            List<String> names = new ArrayList<>(sectionNames);
            names.addAll(List.of(".symtab", ".strtab", ".shstrtab"));
            return names;
        }

        /** A string table: a NUL, then each non-empty name and a NUL. */
        private static byte[] strings(List<String> names) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(0);
            for (String s : names) if (!s.isEmpty()) { b.writeBytes(s.getBytes(StandardCharsets.UTF_8)); b.write(0); }
            return b.toByteArray();
        }

        private static int align4(int n) { return (n + 3) & ~3; }
    }

    /** Little-endian output. */
    private static final class Out extends ByteArrayOutputStream {
        void u16(int v) { write(v); write(v >>> 8); }
        void u32(int v) { u16(v); u16(v >>> 16); }
        void bytes(int... bs) { for (int b : bs) write(b); }
        void raw(byte[] b) { writeBytes(b); }
        void zeros(int n) { for (int k = 0; k < n; k++) write(0); }
    }
}
