package vmsh.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vmsh.asm.Assembler;
import vmsh.asm.GnuTools;
import vmsh.image.Image;
import vmsh.image.Segment;

class ElfWriterTest {
    /** Prints "ok\n" on the virt machine's UART, then passes through the test finisher. */
    static final String HELLO = """
            # expected output: ok
                    .text
                    .globl  _start
            _start:
                    li      t0, 0x10000000      # UART 16550 transmit register
                    la      t1, message
            1:      lbu     t2, 0(t1)
                    beqz    t2, 2f
                    sb      t2, 0(t0)
                    addi    t1, t1, 1
                    j       1b
            2:      li      t0, 0x100000        # test finisher
                    li      t1, 0x5555          # pass
                    sw      t1, 0(t0)
            halt:   j       halt
                    .section .rodata
            message: .string "ok\\n"
                    .data
            counter: .word  7
                    .bss
            buffer: .zero   64
            """;

    @TempDir Path dir;

    private static Image hello() { return Assembler.assemble(HELLO, "hello.s"); }

    @Test
    void headerAndProgramHeaders() {
        Image img = hello();
        byte[] elf = ElfWriter.write(img);
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, b.getInt(0), "magic");
        assertEquals(1, elf[4], "ELFCLASS32");
        assertEquals(1, elf[5], "little-endian");
        assertEquals(1, elf[6], "EV_CURRENT");
        assertEquals(2, b.getShort(16), "ET_EXEC");
        assertEquals(243, b.getShort(18), "EM_RISCV");
        assertEquals(img.entry(), b.getInt(24), "entry");
        assertEquals(0x80000000, b.getInt(24));
        assertEquals(52, b.getInt(28), "phoff");
        assertEquals(0, b.getInt(36), "flags");
        assertEquals(52, b.getShort(40));
        assertEquals(32, b.getShort(42));
        assertEquals(img.segments().size(), b.getShort(44), "one PT_LOAD per segment");
        assertEquals(40, b.getShort(46));
        int shoff = b.getInt(32), shnum = b.getShort(48);
        assertEquals(elf.length, shoff + 40 * shnum, "section headers end the file");
        for (int i = 0; i < img.segments().size(); i++) {
            Segment s = img.segments().get(i);
            int ph = 52 + 32 * i;
            assertEquals(1, b.getInt(ph), "PT_LOAD");
            int offset = b.getInt(ph + 4);
            assertEquals(s.address(), b.getInt(ph + 8), "vaddr");
            assertEquals(s.address(), b.getInt(ph + 12), "paddr");
            assertEquals(s.data().length, b.getInt(ph + 16), "filesz");
            assertEquals(s.memSize(), b.getInt(ph + 20), "memsz");
            assertEquals(s.flags(), b.getInt(ph + 24), "flags");
            assertEquals(0, Math.floorMod(offset - s.address(), b.getInt(ph + 28)), "offset congruent to vaddr");
            for (int k = 0; k < s.data().length; k++) assertEquals(s.data()[k], elf[offset + k], "segment byte " + k);
        }
        assertEquals(4, img.segments().size(), "text, rodata, data, bss");
        assertEquals(Segment.R | Segment.X, img.segments().get(0).flags());
        assertEquals(0, img.segments().get(3).data().length);
        assertEquals(64, img.segments().get(3).memSize());
    }

    @Test
    void emptyImageIsStillAnElf() {
        byte[] elf = ElfWriter.write(new Image(java.util.List.of(), java.util.Map.of(), 0x80000000));
        assertTrue(ElfReader.isElf(elf));
        assertEquals(0, ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getShort(44));
    }

    @Test
    void gnuReadelfAndObjdumpAcceptIt() throws Exception {
        String readelf = GnuTools.PREFIX + "readelf", objdump = GnuTools.PREFIX + "objdump";
        Assumptions.assumeTrue(GnuTools.installed(readelf) && GnuTools.installed(objdump), "GNU readelf/objdump not installed");
        Files.write(dir.resolve("hello.elf"), ElfWriter.write(hello()));
        String info = GnuTools.check(dir, readelf, "-h", "-l", "-S", "-s", "-W", "hello.elf");
        assertFalse(info.toLowerCase().contains("warning") || info.toLowerCase().contains("error"), info);
        assertTrue(info.contains("EXEC (Executable file)"), info);
        assertTrue(info.contains("RISC-V"), info);
        assertTrue(info.matches("(?s).*LOAD\\s+0x[0-9a-f]+ 0x80000000 0x80000000 .* R E .*"), info);
        assertTrue(info.matches("(?s).*\\.bss\\s+NOBITS\\s+.*"), info);
        assertTrue(info.matches("(?s).*FUNC\\s+GLOBAL\\s+DEFAULT\\s+\\d+ _start.*"), info);

        String dis = GnuTools.check(dir, objdump, "-d", "hello.elf");
        assertTrue(dis.contains("80000000 <_start>:"), dis);
        assertTrue(dis.contains("<halt>:"), dis);
        assertTrue(dis.matches("(?s).*lui\\s+t0,0x10000.*"), dis);
        assertTrue(dis.matches("(?s).*auipc\\s+t1,0x0.*"), dis);
        assertTrue(dis.matches("(?s).*beqz\\s+t2,.*"), dis);
        assertTrue(dis.matches("(?s).*sw\\s+t1,0\\(t0\\).*"), dis);
    }

    @Test
    void qemuRunsIt() throws Exception {
        String qemu = "qemu-system-riscv32";
        Assumptions.assumeTrue(GnuTools.installed(qemu), qemu + " not installed");
        Files.write(dir.resolve("hello.elf"), ElfWriter.write(hello()));
        GnuTools.Result r = GnuTools.run(dir, 20, qemu, "-M", "virt", "-bios", "none", "-nographic",
                "-monitor", "none", "-kernel", "hello.elf");
        assertEquals(0, r.exit(), "QEMU exit status (finisher pass); output:\n" + r.out());
        assertTrue(r.out().contains("ok\n"), "UART output: " + r.out());
    }
}
