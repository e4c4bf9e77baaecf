package vmsh.gdb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stub's side of the GDB Remote Serial Protocol for one target and one connection:
 * each packet from gdb gets its reply (see {@link #handle}); {@link #serve} runs the
 * conversation until gdb detaches, kills or goes away. A packet it cannot parse gets an
 * error reply ({@code E01}); one it does not know, the empty reply, as the protocol asks.
 * Breakpoints and watchpoints gdb set go when the conversation ends, however it ends; the
 * target is left stopped and usable.
 */
public final class GdbStub {
    /** The PacketSize announced: the longest packet body gdb may send or ask for, in bytes. */
    static final int PACKET_SIZE = 0x4000;
    static final String OK = "OK", EMPTY = "", MALFORMED = "E01", NO_MEMORY = "E14", REFUSED = "E02";
    /** Why bs and bc are refused on a target without a history (gdb only sends them when ReverseStep+ was announced). */
    static final String IRREVERSIBLE = "vmsh: this target keeps no history to go back in: reverse execution works on bare machines "
            + "that keep one (machine({history: false}) keeps none) and on VMs of a host that keeps one (hv.keepHistory())";
    /** How often waiting for gdb looks at the host's limits (Ctrl-C at the prompt, a deadline). */
    private static final long POLL_MILLIS = 100;

    /** How a conversation ended. */
    public enum Ending {
        /** gdb detached ({@code detach}, {@code quit}): the target goes on as it is */
        DETACHED("detached"),
        /** gdb killed the target ({@code kill}) */
        KILLED("killed"),
        /** the connection closed without a goodbye */
        GONE("disconnected");

        public final String label;

        Ending(String label) { this.label = label; }

        @Override public String toString() { return label; }
    }

    private final DebugTarget target;
    private final Set<Point> points = new LinkedHashSet<>();
    private Consumer<String> early = body -> { };
    private Stop last = Stop.trap("");
    private boolean physical, breakReasons, noAckAsked;
    private Ending ending;
    private int resumes;

    public GdbStub(DebugTarget target) { this.target = target; }

    // ---------------------------------------------------------------- the conversation

    /**
     * Answers gdb on {@code channel} until the conversation ends; {@code idle} runs every so
     * often while gdb is silent (it may throw to end the conversation, e.g. at a deadline).
     * The channel is the caller's to close.
     */
    public Ending serve(PacketChannel channel, Runnable idle) throws InterruptedException {
        early = channel::send;
        channel.onInterrupt(target::requestStop);
        try {
            while (ending == null) {
                PacketChannel.Received r = channel.next(POLL_MILLIS);
                if (r == null) {
                    idle.run();
                    continue;
                }
                if (r.gone()) return Ending.GONE;
                String reply = handle(r.body(), channel);
                if (reply != null) channel.send(reply);
                if (noAckAsked) {
                    channel.noAcks();
                    noAckAsked = false;
                }
            }
            return ending;
        } finally {
            clearPoints();
            early = body -> { };
        }
    }

    /**
     * The reply to one packet (null: none is sent) for a caller without a connection;
     * packets sent before it (console output) go to {@code early}.
     */
    public String handle(String body, Consumer<String> early) {
        this.early = early;
        try {
            return handle(body, (PacketChannel) null);
        } finally {
            this.early = b -> { };
        }
    }

    private String handle(String body, PacketChannel channel) {
        try {
            return dispatch(body, channel);
        } catch (Packets.Malformed | IndexOutOfBoundsException e) {
            return MALFORMED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            console(e.getMessage());
            return REFUSED;
        }
    }

    /** How the conversation ended, or null while it goes on. */
    public Ending ending() { return ending; }

    /** The last stop gdb was told of (before any resume: a trap). */
    public Stop lastStop() { return last; }

    /** Resumes (continues, steps, reverse) gdb asked for so far. */
    public int resumes() { return resumes; }

    private String dispatch(String p, PacketChannel channel) {
        if (p.isEmpty()) return EMPTY;
        switch (p.charAt(0)) {
            case '?': return last.kind() == Stop.Kind.EXITED ? last.reply() : stopReply(Stop.trap(""));
            case 'g': return registers();
            case 'G': return setRegisters(p.substring(1));
            case 'p': return register((int) Packets.number(p.substring(1)));
            case 'P': return setRegister(p.substring(1));
            case 'm': return readMemory(p.substring(1));
            case 'M': return writeMemory(p.substring(1), false);
            case 'X': return writeMemory(p.substring(1), true);
            case 'Z': return point(p.substring(1), true);
            case 'z': return point(p.substring(1), false);
            case 'c', 'C': return resume(false, channel);
            case 's', 'S': return resume(true, channel);
            case 'b': return reverse(p, channel);
            case 'H', 'T': return OK;   // one thread: any thread id names it
            case 'D': return end(Ending.DETACHED, OK);
            case 'k': return end(Ending.KILLED, null);
            case 'q', 'Q': return query(p);
            case 'v': return vPacket(p, channel);
            default: return EMPTY;
        }
    }

    private String end(Ending how, String reply) {
        ending = how;
        clearPoints();
        return reply;
    }

    // ---------------------------------------------------------------- queries

    private String query(String p) {
        if (p.startsWith("qSupported")) return supported(p);
        if (p.equals("QStartNoAckMode")) {
            noAckAsked = true;
            return OK;
        }
        if (p.startsWith("qXfer:features:read:")) return features(p.substring("qXfer:features:read:".length()));
        if (p.startsWith("qRcmd,")) return monitor(new String(Packets.bytes(p.substring(6)), java.nio.charset.StandardCharsets.UTF_8));
        return switch (p) {
            case "qAttached" -> "1";   // an existing process: quitting gdb detaches rather than kills
            case "qC" -> "QC1";
            case "qfThreadInfo" -> "m1";
            case "qsThreadInfo" -> "l";
            case "qSymbol::" -> OK;
            default -> EMPTY;
        };
    }

    private String supported(String p) {
        breakReasons = p.contains("swbreak+");
        List<String> features = new ArrayList<>(List.of("PacketSize=" + Integer.toHexString(PACKET_SIZE),
                "qXfer:features:read+", "QStartNoAckMode+", "vContSupported+"));
        if (breakReasons) features.addAll(List.of("swbreak+", "hwbreak+"));
        if (target.reversible()) features.addAll(List.of("ReverseStep+", "ReverseContinue+"));
        return String.join(";", features);
    }

    /** target.xml, in the pieces gdb asks for: m (more follows) or l (the last piece). */
    private String features(String args) {
        int colon = args.indexOf(':');
        if (colon < 0) throw new Packets.Malformed("qXfer without offset and length");
        if (!args.substring(0, colon).equals("target.xml")) return "E00";
        String[] range = args.substring(colon + 1).split(",", -1);
        if (range.length != 2) throw new Packets.Malformed("qXfer needs offset,length");
        byte[] xml = TargetDescription.xml(target).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long offset = Packets.number(range[0]), length = Math.min(Packets.number(range[1]), PACKET_SIZE / 2);
        if (offset >= xml.length) return "l";
        int end = (int) Math.min(xml.length, offset + length);
        return (end == xml.length ? "l" : "m") + Packets.escape(java.util.Arrays.copyOfRange(xml, (int) offset, end));
    }

    private String vPacket(String p, PacketChannel channel) {
        if (p.equals("vCont?")) return "vCont;c;C;s;S";
        if (p.startsWith("vCont;")) {
            char action = p.charAt(6);
            return switch (action) {
                case 'c', 'C' -> resume(false, channel);
                case 's', 'S' -> resume(true, channel);
                default -> EMPTY;   // only c, C, s and S are announced
            };
        }
        if (p.startsWith("vKill")) return end(Ending.KILLED, OK);
        return EMPTY;   // vMustReplyEmpty and everything else this stub does not do
    }

    // ---------------------------------------------------------------- monitor

    /** The stub's own commands, then the host's; the output goes to gdb's console as O packets. */
    private String monitor(String command) {
        String c = command.strip();
        String out;
        if (c.equals("help")) {
            out = "monitor memory physical   m and M packets (gdb's x, print *p) read and write physical memory (a VM's: guest-physical)\n"
                + "monitor memory virtual    ... through the MMU, as the hart sees it now (a VM's: through the guest's page table; the default)\n"
                + "monitor memory            which one is in use\n"
                + "any other monitor command goes to vmsh (info registers, info tlb, info mem, info history, x/4x ADDR, xp/4x ADDR, ...)\n";
        } else if (c.startsWith("memory")) {
            out = memoryMode(c.substring("memory".length()).strip());
        } else {
            out = target.monitor(c);
        }
        if (!out.isEmpty() && !out.endsWith("\n")) out += "\n";
        if (!out.isEmpty()) early.accept("O" + Packets.hex(out));
        return OK;
    }

    private String memoryMode(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "physical", "phys" -> physical = true;
            case "virtual", "virt" -> physical = false;
            case "" -> { }
            default -> throw new IllegalArgumentException("monitor memory: '" + mode + "' is neither physical nor virtual");
        }
        return "memory accesses are " + (physical ? "physical (a VM's: guest-physical)" : "virtual (through the MMU as the hart sees it now; a VM's: the guest's page table)");
    }

    /** A line on gdb's console (an O packet). */
    private void console(String line) {
        if (line != null && !line.isEmpty()) early.accept("O" + Packets.hex(line.endsWith("\n") ? line : line + "\n"));
    }

    // ---------------------------------------------------------------- registers

    private String registers() {
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < TargetDescription.G_REGISTERS; n++) s.append(Packets.word(read(n)));
        return s.toString();
    }

    private String setRegisters(String hex) {
        if (hex.length() != TargetDescription.G_REGISTERS * 8) throw new Packets.Malformed("G carries " + TargetDescription.G_REGISTERS + " registers");
        for (int n = 1; n < TargetDescription.G_REGISTERS; n++) write(n, Packets.wordOf(hex.substring(8 * n, 8 * n + 8)));
        return OK;
    }

    private String register(int n) {
        if (!readable(n)) return "E00";
        return Packets.word(read(n));
    }

    private String setRegister(String args) {
        int eq = args.indexOf('=');
        if (eq < 0) throw new Packets.Malformed("P needs n=value");
        int n = (int) Packets.number(args.substring(0, eq));
        int value = Packets.wordOf(args.substring(eq + 1));
        if (!readable(n)) return "E00";
        try {
            write(n, value);
        } catch (IllegalArgumentException e) {
            return textualError(e.getMessage());
        }
        return OK;
    }

    /**
     * An error reply with its reason ({@code E.text}), which gdb shows in its message; an O
     * packet would not do here: gdb takes one only while the target runs or a monitor command does.
     */
    static String textualError(String reason) {
        return "E." + reason.replaceAll("[$#}*]", "").replaceAll("[^\\x20-\\x7e]", "?");
    }

    private boolean readable(int n) {
        if (n >= 0 && n <= TargetDescription.PC || n == TargetDescription.PRIV) return true;
        int csr = n - TargetDescription.FIRST_CSR;
        return csr >= 0 && csr < TargetDescription.CSR_COUNT && target.hasCsr(csr);
    }

    private int read(int n) {
        if (n < 32) return target.reg(n);
        if (n == TargetDescription.PC) return target.pc();
        if (n == TargetDescription.PRIV) return target.privilege();
        return target.csr(n - TargetDescription.FIRST_CSR);
    }

    private void write(int n, int value) {
        if (n < 32) target.setReg(n, value);
        else if (n == TargetDescription.PC) target.setPc(value);
        else if (n == TargetDescription.PRIV) target.setPrivilege(value);
        else target.setCsr(n - TargetDescription.FIRST_CSR, value);
    }

    // ---------------------------------------------------------------- memory

    /** m addr,length: the bytes up to the first that is not there; E14 when the first is not. */
    private String readMemory(String args) {
        String[] a = args.split(",", -1);
        if (a.length != 2) throw new Packets.Malformed("m needs addr,length");
        int address = Packets.address(a[0]);
        long length = Math.min(Packets.number(a[1]), PACKET_SIZE / 2);
        StringBuilder s = new StringBuilder();
        for (long i = 0; i < length; i++) {
            int b = target.readByte((int) (address + i), physical);
            if (b < 0) break;
            s.append(Packets.hex(new byte[] {(byte) b}));
        }
        return s.isEmpty() && length > 0 ? NO_MEMORY : s.toString();
    }

    /** M addr,length:hex or X addr,length:binary. */
    private String writeMemory(String args, boolean binary) {
        int colon = args.indexOf(':');
        if (colon < 0) throw new Packets.Malformed("memory write without data");
        String[] a = args.substring(0, colon).split(",", -1);
        if (a.length != 2) throw new Packets.Malformed("memory write needs addr,length");
        int address = Packets.address(a[0]);
        long length = Packets.number(a[1]);
        String data = args.substring(colon + 1);
        byte[] bytes = binary ? Packets.unescape(data) : Packets.bytes(data);
        if (bytes.length != length) throw new Packets.Malformed("memory write of " + length + " bytes carries " + bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (!target.writeByte(address + i, physical, bytes[i] & 0xff)) return NO_MEMORY;
        }
        return OK;
    }

    // ---------------------------------------------------------------- breakpoints and watchpoints

    /** Z type,addr,kind / z type,addr,kind. */
    private String point(String args, boolean insert) {
        String[] a = args.split("[,;]", -1);
        if (a.length < 3) throw new Packets.Malformed("Z and z need type,addr,kind");
        int type = (int) Packets.number(a[0]);
        if (type > Point.Type.ACCESS_WATCH.ordinal()) return EMPTY;
        Point p = new Point(Point.Type.values()[type], Packets.address(a[1]), (int) Math.max(1, Packets.number(a[2])));
        if (insert) {
            if (points.contains(p)) return OK;
            if (!target.insert(p)) return EMPTY;
            points.add(p);
            return OK;
        }
        if (!points.remove(p)) return OK;   // gdb may remove what it never set; nothing to do
        target.remove(p);
        return OK;
    }

    private void clearPoints() {
        for (Point p : points) target.remove(p);
        points.clear();
    }

    // ---------------------------------------------------------------- running

    private String resume(boolean step, PacketChannel channel) {
        return stopped(() -> target.resume(step), channel);
    }

    /** bs and bc; a target without history answers with an error and says why on gdb's console. */
    private String reverse(String p, PacketChannel channel) {
        if (!target.reversible()) {
            console(IRREVERSIBLE);
            return REFUSED;
        }
        return switch (p) {
            case "bs" -> stopped(target::reverseStep, channel);
            case "bc" -> stopped(target::reverseContinue, channel);
            default -> EMPTY;
        };
    }

    /** Runs {@code how} with Ctrl-C from gdb reaching it, and answers with the stop reply. */
    private String stopped(java.util.function.Supplier<Stop> how, PacketChannel channel) {
        resumes++;
        target.clearStopRequest();
        if (channel != null && channel.takeInterrupt()) target.requestStop();
        Stop stop;
        try {
            stop = how.get();
        } finally {
            if (channel != null) channel.takeInterrupt();
        }
        last = stop;
        console(stop.message());
        return stopReply(stop);
    }

    /** The stop reply; without swbreak+ from gdb, a breakpoint hit is a plain SIGTRAP. */
    private String stopReply(Stop stop) {
        if (stop.kind() == Stop.Kind.HIT && stop.point().type().breakpoint() && !breakReasons) return Stop.trap("").reply();
        return stop.reply();
    }
}
