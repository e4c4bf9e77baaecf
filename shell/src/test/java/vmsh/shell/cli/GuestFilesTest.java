package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** Files given as guests or included: devices, binary files and runaway sizes are refused in one line. */
class GuestFilesTest {
    @TempDir
    Path tmp;

    @Test
    void includingADeviceIsALocatedAssemblyError() throws IOException {
        Path s = Files.writeString(tmp.resolve("devzero.s"), ".include \"/dev/zero\"\n_start: nop\n");
        VmshRun r = VmshRun.of("asm", s.toString(), "-o", tmp.resolve("x.elf").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith(s + ":1:10: error: cannot open include '/dev/zero': /dev/zero is not a regular file"
                + " (a device or a folder)\n"), r.err());
    }

    @Test
    void includingAFileOverTheLimitIsRefused() throws IOException {
        Path big = tmp.resolve("big.s");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(vmsh.asm.SourceResolver.MAX_SOURCE_BYTES + 1);   // sparse: no disk used
        }
        Path s = Files.writeString(tmp.resolve("main.s"), ".include \"big.s\"\n");
        VmshRun r = VmshRun.of("boot", s.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("cannot open include 'big.s': " + big + " has 64 MiB, more than the 64 MiB vmsh reads as text"), r.err());
    }

    @Test
    void aBinaryFileIsNeitherSourceNorElf() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.bin"), new byte[] {0x7f, 0x45, 0x4c, 0, 1, 2, 3, (byte) 0xff});
        for (String command : new String[] {"boot", "asm", "disasm"}) {
            VmshRun r = VmshRun.of(command, junk.toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals("vmsh: " + junk + " is neither assembly source nor an ELF executable (it holds binary data)\n", r.err());
        }
        Path latin1 = Files.write(tmp.resolve("latin1.s"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertEquals("vmsh: " + latin1 + " is neither assembly source nor an ELF executable (it is not UTF-8 text)\n",
                VmshRun.of("boot", latin1.toString()).err());
    }

    @Test
    void aDeviceIsNoGuest() {
        VmshRun r = VmshRun.of("boot", "/dev/zero");
        assertEquals(1, r.status(), r.toString());
        assertEquals("vmsh: /dev/zero is not a regular file (a device or a folder)\n", r.err());
    }
}
