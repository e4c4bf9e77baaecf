package vmsh.asm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed GNU RISC-V tools (and QEMU) for differential tests. */
public final class GnuTools {
    public static final String PREFIX = "riscv64-unknown-elf-";

    private GnuTools() {}

    /** Output of a finished command. */
    public record Result(int exit, String out) {}

    /** True when {@code tool} can be started. */
    public static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    public static Result run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try { out[0] = p.getInputStream().readAllBytes(); } catch (IOException e) { out[0] = new byte[0]; }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed; fails with its output otherwise. */
    public static String check(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, 60, command);
        if (r.exit() != 0) throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "):\n" + r.out());
        return r.out();
    }

    /** An ld script placing input sections exactly as {@link Assembler#layout} reports. */
    public static String linkerScript(List<Assembler.Placement> layout, int origin) {
        StringBuilder b = new StringBuilder("ENTRY(_start)\nSECTIONS {\n  . = 0x" + Integer.toHexString(origin) + ";\n");
        List<String> outputs = new ArrayList<>();
        for (Assembler.Placement p : layout) if (!outputs.contains(p.output())) outputs.add(p.output());
        for (String out : List.of(".text", ".rodata", ".data", ".bss")) {
            b.append("  ").append(out).append(" : {");
            for (Assembler.Placement p : layout) if (p.output().equals(out)) b.append(" *(").append(p.section()).append(')');
            if (out.equals(".bss")) b.append(" *(COMMON)");
            b.append(" }\n");
        }
        return b.append("}\n").toString();
    }
}
