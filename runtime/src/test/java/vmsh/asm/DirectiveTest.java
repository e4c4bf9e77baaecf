package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.asm.AsmTesting.asm;
import static vmsh.asm.AsmTesting.data;
import static vmsh.asm.AsmTesting.hex;
import static vmsh.asm.AsmTesting.segment;
import static vmsh.asm.AsmTesting.words;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import vmsh.image.Image;

class DirectiveTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    @Test
    void integerData() {
        assertArrayEquals(bytes(1, 0xff, 0x80, 0x34, 0x12, 0xfe, 0xff, 0xef, 0xbe, 0xad, 0xde,
                        0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01),
                data(".data\n.byte 1, 255, -128\n.half 0x1234, -2\n.word 0xdeadbeef\n.dword 0x0123456789abcdef", ".data"));
        assertArrayEquals(data(".data\n.byte 1\n.half 2\n.word 3\n.dword 4", ".data"),
                data(".data\n.byte 1\n.2byte 2\n.4byte 3\n.8byte 4", ".data"));
        assertArrayEquals(data(".data\n.half 2\n.word 3\n.word 5\n.dword 4", ".data"),
                data(".data\n.short 2\n.long 3\n.int 5\n.quad 4", ".data"));
    }

    @Test
    void strings() {
        assertArrayEquals(bytes('a', '\t', '\n', '"', '\\', 0, 'A', 'A', 0, 'x', 0x1b, 0),
                data(".data\n.asciz \"a\\t\\n\\\"\\\\\"\n.string \"\\x41\\101\"\n.ascii \"x\\e\", \"\"\n.byte 0", ".data"));
        assertArrayEquals(bytes('h', 'i', 0, 'y', 'o', 0), data(".data\n.string \"hi\", \"yo\"", ".data"));
    }

    @Test
    void spaceZeroSkipFill() {
        assertArrayEquals(bytes(0, 0, 0, 7, 7, 9, 0x34, 0x12, 0x34, 0x12, 0), data(".data\n.zero 3\n.space 2, 7\n.byte 9\n.fill 2, 2, 0x1234\n.skip 1", ".data"));
    }

    @Test
    void alignmentInDataFillsZerosInCodeNops() {
        assertArrayEquals(bytes(1, 0, 0, 0, 2), data(".data\n.byte 1\n.align 2\n.byte 2", ".data"));
        assertArrayEquals(bytes(1, 0, 0, 0, 0, 0, 0, 0, 2), data(".data\n.byte 1\n.p2align 3\n.byte 2", ".data"));
        assertArrayEquals(bytes(1, 0xaa, 0xaa, 0xaa, 2), data(".data\n.byte 1\n.balign 4, 0xaa\n.byte 2", ".data"));
        assertArrayEquals(bytes(1, 2), data(".data\n.byte 1\n.balign 8, 0, 3\n.byte 2", ".data"), "max exceeded: no padding");
        // in code: an odd byte as zero, then c.nop, then nops (GNU as)
        assertEquals("00010001 00000013 00000013", hex(words(".text\n.byte 1\n.p2align 4\n")).substring(0, 26));
        assertEquals("00000013 00000013", hex(words("nop\n.p2align 3\n")));
    }

    @Test
    void alignmentMustBeAPowerOfTwo() {
        assertTrue(AsmTesting.error(".balign 3").message().contains("alignment 3 is not a power of two"));
    }

    @Test
    void org() {
        assertArrayEquals(bytes(1, 0xee, 0xee, 0xee, 2), data(".data\nstart: .byte 1\n.org start + 4, 0xee\n.byte 2", ".data"));
        assertArrayEquals(bytes(1, 0, 2), data(".data\n.byte 1\n.org 2\n.byte 2", ".data"));
        assertTrue(AsmTesting.error(".data\n.word 1\n.org 2").message().contains("'.org' moves backwards from 0x4 to 0x2"));
    }

    @Test
    void equSetAndAssignment() {
        int[] w = words("""
                .equ A, 5
                .set B, A * 2
                C = B + 1
                .equ LATER_OK, END - START   # label difference, resolved in the second pass
                START: addi a0, a0, A
                addi a0, a0, B
                addi a0, a0, C
                addi a0, a0, LATER_OK
                END:
                """);
        assertEquals(hex(words("addi a0, a0, 5\naddi a0, a0, 10\naddi a0, a0, 11\naddi a0, a0, 16")), hex(w));
        // .set rebinds: each use sees the value set before it
        assertArrayEquals(bytes(1, 2), data(".data\n.set x, 1\n.byte x\n.set x, x + 1\n.byte x", ".data"));
        assertTrue(AsmTesting.error(".equiv x, 1\n.equiv x, 2").message().contains("'x' is already defined"));
    }

    @Test
    void dotIsTheCurrentAddress() {
        Image img = asm(".data\nhere: .word .\n.word . - here\n.set anchor, . + 0\n.word anchor");
        int base = img.symbol("here");
        assertEquals(hex(new int[] {base, 4, base + 8}), hex(words(segment(img, ".data").data())));
    }

    @Test
    void sectionsWithGccAndRiscvTestsFlags() {
        Image img = asm("""
                .section .text.init,"ax",@progbits
                _start: nop
                .section .rodata.str1.4,"aMS",@progbits,1
                s: .string "x"
                .section .sdata,"aw"
                d: .word 1
                .section .sbss,"aw",@nobits
                b: .zero 8
                .section .mystuff,"aw",%progbits
                m: .word 2
                .pushsection .text
                main: ret
                .popsection
                n: .word 3
                .text
                .previous
                o: .word 4
                """);
        assertEquals(List.of(".text", ".rodata", ".data", ".bss"), img.segments().stream().map(s -> s.name()).toList());
        assertEquals(0x80000000, img.symbol("_start"));
        assertEquals(0x80000004, img.symbol("main"));
        assertEquals(img.symbol("m") + 4, img.symbol("n"));
        assertEquals(img.symbol("n") + 4, img.symbol("o"));
        assertEquals(8, segment(img, ".bss").memSize());
    }

    @Test
    void bssAndCommon() {
        Image img = asm(".bss\nbuf: .zero 100\n.comm shared, 16, 8\n.lcomm mine, 4\n.text\nnop");
        assertEquals(0, segment(img, ".bss").data().length);
        assertEquals(0, img.symbol("shared") % 8);
        assertEquals(img.symbol("shared") + 16, img.symbol("mine"));
        assertEquals(img.symbol("mine") + 4 - img.symbol("buf"), segment(img, ".bss").memSize());
        assertTrue(AsmTesting.error(".bss\n.word 5").message().contains("'.bss' holds only zeros"));
        assertTrue(AsmTesting.error(".bss\nnop").message().contains("instructions cannot go in '.bss'"));
    }

    @Test
    void harmlessDirectivesAreAccepted() {
        assertEquals(hex(words("nop")), hex(words("""
                .file "x.c"
                .ident "GCC"
                .option nopic
                .option push
                .option norvc
                .option pop
                .attribute arch, "rv32i2p1"
                .attribute unaligned_access, 0
                .globl f
                .global g
                .local h
                .weak w
                .type f, @function
                f:
                .cfi_startproc
                nop
                .cfi_endproc
                .size f, .-f
                .addrsig
                """)));
    }

    @Test
    void macrosReptIrp() {
        String src = """
                .macro push reg, slot=0
                sw \\reg, (\\slot * 4)(sp)
                .endm
                .macro twice insn
                \\insn
                \\insn
                .endm
                push ra
                push s0, 2
                twice nop
                .rept 2
                addi a0, a0, 1
                .endr
                .irp r, t0, t1
                mv \\r, zero
                .endr
                """;
        assertEquals(hex(words("sw ra, 0(sp)\nsw s0, 8(sp)\nnop\nnop\naddi a0,a0,1\naddi a0,a0,1\nmv t0, zero\nmv t1, zero")), hex(words(src)));
    }

    @Test
    void includeThroughAResolver() {
        Map<String, String> files = Map.of("lib/defs.s", ".equ UART, 0x10000000\n.include \"more.s\"\n",
                "lib/more.s", "helper: ret\n");
        SourceResolver r = (path, from) -> {
            String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
            String name = dir + path;
            if (!files.containsKey(name)) throw new java.io.IOException(name);
            return new SourceResolver.Source(name, files.get(name));
        };
        Image img = Assembler.assemble(".include \"lib/defs.s\"\n_start: li a0, UART\n", "main.s", r);
        assertEquals(0x80000000, img.symbol("helper"));
        assertEquals(0x80000004, img.symbol("_start"));
        AsmException e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble(".include \"lib/defs.s\"\n.include \"nope.s\"", "main.s", r));
        assertEquals("cannot open include 'nope.s'", e.errors().get(0).message());
        assertEquals(2, e.errors().get(0).line());
        assertEquals(10, e.errors().get(0).column());
    }

    @Test
    void errorInsideAnIncludedFileNamesThatFile() {
        SourceResolver r = (path, from) -> new SourceResolver.Source("inc/" + path, "nop\n  addi a0, a0, 9999\n");
        AsmException e = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble("nop\n.include \"bad.s\"\n", "main.s", r));
        AsmError err = e.errors().get(0);
        assertEquals("inc/bad.s", err.file());
        assertEquals(2, err.line());
        assertEquals(16, err.column());
        assertEquals("immediate 9999 out of range -2048..2047", err.message());
        assertEquals("  addi a0, a0, 9999", err.sourceLine());
    }

    /** The byte an image loads at {@code address}. */
    private static int read8(Image img, int address) {
        for (vmsh.image.Segment seg : img.segments()) {
            long at = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(seg.address());
            if (at >= 0 && at < seg.data().length) return seg.data()[(int) at] & 0xff;
        }
        throw new AssertionError(String.format("nothing loaded at 0x%08x", address));
    }

    private static int read32(Image img, int address) {
        return read8(img, address) | read8(img, address + 1) << 8 | read8(img, address + 2) << 16 | read8(img, address + 3) << 24;
    }

    /** Resolves names from a map, relative to the including file's folder. */
    private static SourceResolver files(Map<String, String> files) {
        return (path, from) -> {
            String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
            String name = java.nio.file.Path.of(dir + path).normalize().toString();
            if (!files.containsKey(name)) throw new java.io.IOException(name);
            return new SourceResolver.Source(name, files.get(name));
        };
    }

    @Test
    void incbinOfASourceIncludesTheProgramItAssemblesTo() throws java.io.IOException {
        // the payload is a program of its own: its addresses start at 0x8000_0000 whatever
        // the carrier's layout; .text, .rodata and .data flattened, gaps zero, .bss left out
        SourceResolver r = files(Map.of("guest/g.s", """
                _start: la a0, msg
                        .section .rodata
                msg:    .byte 7
                        .section .data
                        .balign 16
                count:  .word 0x11223344
                        .section .bss
                        .space 64
                """));
        Image img = Assembler.assemble("""
                _start: nop
                        .section .rodata
                        .balign 4
                payload: .incbin "guest/g.s"
                payload_end:
                skipped: .incbin "guest/g.s", 8, 1
                """, "main.s", r);
        Image guest = Assembler.assemble(r.read("guest/g.s", "main.s").text(), "guest/g.s", r);
        int p = img.symbol("payload");
        assertEquals(0x10 + 4, img.symbol("payload_end") - p, "8 code bytes, 1 rodata, zeros to 0x8000_0010, 4 data");
        assertEquals(0x80000010, guest.symbol("count"));
        assertEquals(hex(words(segment(guest, ".text").data())), hex(new int[] {read32(img, p), read32(img, p + 4)}));
        assertEquals(7, read8(img, p + 8));
        assertEquals(0x11223344, read32(img, p + 0x10));
        assertEquals(7, read8(img, img.symbol("skipped")));
    }

    @Test
    void incbinErrorsAreLocated() {
        SourceResolver r = files(Map.of("bad.s", "nop\n  addi a0, a0, 9999\n", "self.s", ".incbin \"self.s\"\n"));
        AsmException bad = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble("nop\n.incbin \"bad.s\"\n", "main.s", r));
        assertEquals("cannot assemble 'bad.s': bad.s:2:16: immediate 9999 out of range -2048..2047", bad.errors().get(0).message());
        assertEquals(2, bad.errors().get(0).line());
        assertEquals(9, bad.errors().get(0).column());
        AsmException self = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble(".incbin \"self.s\"\n", "main.s", r));
        assertTrue(self.errors().get(0).message().contains("includes itself"), self.errors().get(0).message());
        AsmException binary = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble(".incbin \"data.bin\"\n", "main.s", r));
        assertTrue(binary.errors().get(0).message().startsWith("'.incbin' of 'data.bin': vmsh includes programs"),
                binary.errors().get(0).message());
        AsmException range = org.junit.jupiter.api.Assertions.assertThrows(AsmException.class,
                () -> Assembler.assemble(".incbin \"bad.s\", 4, 100\n", "main.s",
                        files(Map.of("bad.s", "nop\nnop\n"))));
        assertEquals("'.incbin' count 100 out of range 0..4", range.errors().get(0).message());
    }
}
