package vmsh.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import vmsh.isa.Extension;
import vmsh.isa.Isa;

/**
 * The reference tools: GNU as/ld build a sample into an ELF, QEMU's {@code virt} machine
 * runs it. QEMU's exit status is the guest's finisher code (0x5555 exits 0,
 * (code&lt;&lt;16)|0x3333 exits code).
 */
final class GnuToolchain {
    static final String AS = "riscv64-unknown-elf-as", LD = "riscv64-unknown-elf-ld", NM = "riscv64-unknown-elf-nm";
    static final String OBJCOPY = "riscv64-unknown-elf-objcopy";
    static final String QEMU = "qemu-system-riscv32";
    private static final long TOOL_SECONDS = 30;

    private GnuToolchain() {}

    /** True when every named program is on PATH. */
    static boolean installed(String... programs) {
        for (String program : programs) if (!onPath(program)) return false;
        return true;
    }

    /** The reason to skip, naming what is missing. */
    static String missing(String... programs) {
        List<String> absent = new ArrayList<>();
        for (String program : programs) if (!onPath(program)) absent.add(program);
        return "not installed: " + String.join(", ", absent);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator))
            if (Files.isExecutable(Path.of(dir, program))) return true;
        return false;
    }

    /**
     * {@code source} assembled with GNU as (includes found next to it) and linked at
     * 0x8000_0000 without relaxation, so its code matches vmsh's assembler byte for byte.
     */
    static Path build(Path source, Path workDir) { return build(source, workDir, Isa.DEFAULT); }

    /**
     * The same for a hart with {@code isa} (GNU's -march). A file of the sample's folder that
     * does {@code .incbin "x.s"} (vmsh assembles a program named so and includes its bytes)
     * is given GNU's equivalent: x.s built here and flattened by objcopy, the .incbin pointed
     * at that, in a copy of the file found before the original (-I order).
     */
    static Path build(Path source, Path workDir, Isa isa) {
        String name = source.getFileName().toString().replaceAll("\\.s$", "");
        Path object = workDir.resolve(name + ".o"), elf = workDir.resolve(name + ".elf");
        Path payloads = withPayloads(source.getParent(), workDir.resolve(name + "-payloads"));
        List<String> as = new ArrayList<>(List.of(AS, "-march=" + isa, "-mabi=ilp32"));
        if (payloads != null) as.addAll(List.of("-I", payloads.toString()));
        as.addAll(List.of("-I", source.getParent().toString(), source.toString(), "-o", object.toString()));
        exec(TOOL_SECONDS, as.toArray(String[]::new));
        // a sample with its own linker script next to it (samples/kernel/kernel.ld) uses it
        Path script = source.resolveSibling(name + ".ld");
        if (Files.isRegularFile(script))
            exec(TOOL_SECONDS, LD, "-m", "elf32lriscv", "--no-relax", "-T", script.toString(),
                    object.toString(), "-o", elf.toString());
        else
            exec(TOOL_SECONDS, LD, "-m", "elf32lriscv", "--no-relax", "-Ttext=0x80000000",
                    object.toString(), "-o", elf.toString());
        return elf;
    }

    private static final Pattern INCBIN_SOURCE = Pattern.compile("(?m)^(\\s*\\.incbin\\s+)\"([^\"]+\\.s)\"");

    /** Copies of the folder's files that .incbin a source, pointed at its GNU-built binary; null when there are none. */
    private static Path withPayloads(Path folder, Path out) {
        try (Stream<Path> files = Files.list(folder)) {
            boolean any = false;
            for (Path file : files.filter(f -> f.toString().endsWith(".s")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = INCBIN_SOURCE.matcher(text);
                StringBuilder rewritten = new StringBuilder();
                boolean found = false;
                while (m.find()) {
                    Path program = folder.resolve(m.group(2)).normalize();
                    Path binary = flatBinary(program, out);
                    m.appendReplacement(rewritten, Matcher.quoteReplacement(m.group(1) + "\"" + binary + "\""));
                    found = true;
                }
                if (!found) continue;
                m.appendTail(rewritten);
                Files.createDirectories(out);
                Files.writeString(out.resolve(file.getFileName()), rewritten.toString());
                any = true;
            }
            return any ? out : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code program} built as a sample is, then flattened from its first to its last loaded byte. */
    private static Path flatBinary(Path program, Path out) throws IOException {
        Files.createDirectories(out);
        Path elf = build(program, out);
        Path binary = out.resolve(program.getFileName().toString().replaceAll("\\.s$", ".bin"));
        exec(TOOL_SECONDS, OBJCOPY, "-O", "binary", elf.toString(), binary.toString());
        return binary;
    }

    /** What a guest did under QEMU: its UART output and QEMU's exit status. */
    record QemuRun(String console, int exitCode) {}

    static QemuRun runQemu(Path elf, long timeoutSeconds) { return runQemu(elf, timeoutSeconds, Isa.DEFAULT); }

    /** The same on a QEMU hart with the optional extensions of {@code isa} on and the others off. */
    static QemuRun runQemu(Path elf, long timeoutSeconds, Isa isa) {
        // -icount shift=0: one instruction per nanosecond of virtual time, so timer-driven
        // guests (the kernel's preemption) run deterministically, as on vmsh
        Result r = exec(timeoutSeconds, QEMU, "-M", "virt", "-cpu", qemuCpu(isa), "-bios", "none", "-nographic",
                "-monitor", "none", "-icount", "shift=0", "-kernel", elf.toString());
        return new QemuRun(r.stdout(), r.exitCode());
    }

    /** QEMU's generic RV32 hart with each optional extension (QEMU's properties are their ISA-string tokens) on or off. */
    static String qemuCpu(Isa isa) {
        StringBuilder cpu = new StringBuilder("rv32");
        for (Extension e : Extension.values())
            if (!e.alwaysImplemented() && e.token != null) cpu.append(',').append(e.token).append('=').append(isa.has(e));
        return cpu.toString();
    }

    /** The address of {@code symbol} in {@code elf}, from GNU nm. */
    static int symbol(Path elf, String symbol) {
        for (String line : exec(TOOL_SECONDS, NM, elf.toString()).stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(symbol)) return (int) Long.parseLong(f[0], 16);
        }
        throw new IllegalArgumentException("no symbol " + symbol + " in " + elf);
    }

    /**
     * Writes {@code value} over the 32-bit word that {@code elf} loads at {@code address}:
     * finds the PT_LOAD segment whose file image holds it and patches the file.
     */
    static void patchWord(Path elf, int address, int value) {
        try {
            byte[] bytes = Files.readAllBytes(elf);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int phoff = b.getInt(28), phentsize = b.getShort(42) & 0xffff, phnum = b.getShort(44) & 0xffff;
            for (int i = 0; i < phnum; i++) {
                int ph = phoff + i * phentsize;
                long type = b.getInt(ph) & 0xffffffffL, offset = b.getInt(ph + 4) & 0xffffffffL;
                long vaddr = b.getInt(ph + 8) & 0xffffffffL, filesz = b.getInt(ph + 16) & 0xffffffffL;
                long at = (address & 0xffffffffL) - vaddr;
                if (type == 1 && at >= 0 && at + 4 <= filesz) {
                    b.putInt((int) (offset + at), value);
                    Files.write(elf, bytes);
                    return;
                }
            }
            throw new IllegalArgumentException(String.format("no loaded file bytes at 0x%08x in %s", address, elf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(String stdout, int exitCode) {}

    /** Runs a program with stdin empty; kills it after the timeout; a failing tool throws with its stderr. */
    private static Result exec(long timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("vmsh-tool", ".out"), err = Files.createTempFile("vmsh-tool", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(command[0] + " did not finish in " + timeoutSeconds + " s");
                }
                boolean tool = !command[0].equals(QEMU);
                if (tool && p.exitValue() != 0)
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(err));
                return new Result(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1), p.exitValue());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
