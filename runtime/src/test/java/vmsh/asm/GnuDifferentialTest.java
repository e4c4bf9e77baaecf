package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;

/**
 * Assembles sources with vmsh and with GNU as + ld (a linker script reproducing our layout)
 * and requires identical bytes in every loaded section and identical symbol addresses.
 */
class GnuDifferentialTest {
    private static final String AS = GnuTools.PREFIX + "as", LD = GnuTools.PREFIX + "ld",
            OBJCOPY = GnuTools.PREFIX + "objcopy", READELF = GnuTools.PREFIX + "readelf",
            NM = GnuTools.PREFIX + "nm", GCC = GnuTools.PREFIX + "gcc";

    @TempDir Path dir;

    private static void assumeBinutils() {
        Assumptions.assumeTrue(GnuTools.installed(AS) && GnuTools.installed(LD) && GnuTools.installed(OBJCOPY)
                && GnuTools.installed(READELF) && GnuTools.installed(NM), "GNU binutils for RISC-V (" + AS + ", " + LD + ") not installed");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GnuDifferentialTest.class.getResourceAsStream("/asm/" + name)) {
            if (in == null) throw new IOException("missing test resource asm/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void corpusUsesEveryInstructionOfTheTable() throws IOException {
        String corpus = resource("corpus.s");
        Set<String> used = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^(?:\\s*[\\w.]+:)?\\s+([a-z][a-z0-9.]*)").matcher(corpus);
        while (m.find()) used.add(m.group(1));
        for (Opcode op : Opcode.all()) assertTrue(used.contains(op.mnemonic), "corpus lacks " + op.mnemonic);
        for (String p : Pseudos.names()) assertTrue(used.contains(p), "corpus lacks pseudo-instruction " + p);
    }

    @Test
    void corpusMatchesGnuAs() throws Exception {
        assumeBinutils();
        Files.writeString(dir.resolve("corpus.s"), resource("corpus.s"));
        Files.writeString(dir.resolve("corpus_inc.s"), resource("corpus_inc.s"));
        compare("corpus.s", Isa.ALL.toString());   // every row of the table
    }

    @Test
    void gccOutputMatchesGnuAs() throws Exception {
        assumeBinutils();
        Assumptions.assumeTrue(GnuTools.installed(GCC), GCC + " not installed");
        Files.writeString(dir.resolve("program.c"), resource("program.c"));
        GnuTools.check(dir, GCC, "-O2", "-S", "-march=" + Isa.DEFAULT, "-mabi=ilp32", "-ffreestanding",
                "-fno-asynchronous-unwind-tables", "program.c", "-o", "program.s");
        compare("program.s", Isa.DEFAULT.toString());
        // and with the debug/unwind directives gcc emits by default
        GnuTools.check(dir, GCC, "-O1", "-g", "-S", "-march=" + Isa.DEFAULT, "-mabi=ilp32", "-ffreestanding",
                "program.c", "-o", "program_g.s");
        compare("program_g.s", Isa.DEFAULT.toString());
    }

    private void compare(String file, String march) throws Exception {
        Path src = dir.resolve(file);
        String text = Files.readString(src);
        Image ours = Assembler.assemble(text, src.toString());
        List<Assembler.Placement> layout = Assembler.layout(text, src.toString(), Assembler.files(), Assembler.DEFAULT_ORIGIN);
        Files.writeString(dir.resolve("link.ld"), GnuTools.linkerScript(layout, Assembler.DEFAULT_ORIGIN));
        GnuTools.check(dir, AS, "-march=" + march, "-mabi=ilp32", "-mno-relax", "-I", dir.toString(), file, "-o", "gnu.o");
        GnuTools.check(dir, LD, "-m", "elf32lriscv", "-T", "link.ld", "gnu.o", "-o", "gnu.elf");

        Map<String, long[]> sections = sections(GnuTools.check(dir, READELF, "-S", "-W", "gnu.elf"));
        for (Segment seg : ours.segments()) {
            long[] gnu = sections.get(seg.name());
            assertTrue(gnu != null, "GNU ld produced no " + seg.name() + " section");
            assertEquals(Integer.toHexString(seg.address()), Long.toHexString(gnu[0]), seg.name() + " address");
            assertEquals(seg.memSize(), gnu[1], seg.name() + " size");
            if (seg.data().length == 0) continue;
            Path bin = dir.resolve(seg.name().substring(1) + ".bin");
            GnuTools.check(dir, OBJCOPY, "-O", "binary", "-j", seg.name(), "gnu.elf", bin.toString());
            assertSameBytes(seg, Files.readAllBytes(bin));
        }
        for (String name : sections.keySet()) {
            if (List.of(".text", ".rodata", ".data", ".bss").contains(name)) {
                assertTrue(ours.segments().stream().anyMatch(s -> s.name().equals(name)), "we have no " + name);
            }
        }
        Map<String, Long> gnuSymbols = symbols(GnuTools.check(dir, NM, "gnu.elf"));
        for (Map.Entry<String, Integer> e : ours.symbols().entrySet()) {
            Long g = gnuSymbols.get(e.getKey());
            assertTrue(g != null, "GNU has no symbol " + e.getKey());
            assertEquals(Long.toHexString(g), Integer.toHexString(e.getValue()), "address of " + e.getKey());
        }
        if (gnuSymbols.containsKey("_start")) assertEquals((long) gnuSymbols.get("_start"), ours.entry() & 0xffffffffL, "entry");
    }

    private static void assertSameBytes(Segment seg, byte[] gnu) {
        byte[] ours = seg.data();
        for (int i = 0; i < Math.min(ours.length, gnu.length); i++) {
            if (ours[i] != gnu[i]) {
                int at = i & ~3;
                fail(String.format("%s differs at 0x%08x: ours %s, GNU %s", seg.name(), seg.address() + at, word(ours, at), word(gnu, at)));
            }
        }
        assertEquals(gnu.length, ours.length, seg.name() + " length");
    }

    private static String word(byte[] b, int at) {
        StringBuilder s = new StringBuilder();
        for (int i = Math.min(at + 3, b.length - 1); i >= at; i--) s.append(String.format("%02x", b[i]));
        return s.toString();
    }

    /** name -> {address, size} from readelf -S -W. */
    private static Map<String, long[]> sections(String readelf) {
        Map<String, long[]> r = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\]\\s+(\\S+)\\s+\\S+\\s+([0-9a-f]{8})\\s+[0-9a-f]+\\s+([0-9a-f]+)").matcher(readelf);
        while (m.find()) r.put(m.group(1), new long[] {Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16)});
        return r;
    }

    private static Map<String, Long> symbols(String nm) {
        Map<String, Long> r = new LinkedHashMap<>();
        for (String line : nm.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) r.put(f[2], Long.parseLong(f[0], 16));
        }
        return r;
    }

}
