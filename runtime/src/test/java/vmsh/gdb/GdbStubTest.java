package vmsh.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.debug.Hooks;
import vmsh.history.History;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/** The stub's replies, packet by packet, on a bare machine with a history. */
class GdbStubTest {
    /** Adds 1..10 into a0, storing each sum to `sum`, then exits through the test finisher with code 0. */
    private static final Image SUM = Assembler.assemble("""
            .text
            _start: li   t0, 10
                    li   a0, 0
                    la   a1, sum
            loop:   add  a0, a0, t0
            store:  sw   a0, 0(a1)
                    addi t0, t0, -1
                    bnez t0, loop
            done:   li   t1, 0x100000
                    li   t2, 0x5555
                    sw   t2, 0(t1)
            1:      j 1b
            .data
            sum:    .word 0
            """, "sum.s");

    private final Machine machine = new Machine(MachineConfig.defaults().memory(1 << 20));
    private final Hooks hooks = new Hooks(machine);
    private final History history;
    private final List<String> console = new ArrayList<>();
    private final GdbStub stub;

    GdbStubTest() {
        machine.load(SUM);
        history = new History(machine, hooks, 4, History.DEFAULT_CAP);
        stub = new GdbStub(new BoardTarget(hooks, history, BoardTarget.Driver.plain(hooks),
                command -> "vmsh says: " + command));
        send("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    }

    private String send(String packet) { return stub.handle(packet, console::add); }

    private int sym(String name) { return SUM.symbol(name); }

    private static String hex(int a) { return Integer.toHexString(a); }

    private String consoleText() {
        StringBuilder s = new StringBuilder();
        for (String o : console) s.append(new String(Packets.bytes(o.substring(1)), StandardCharsets.UTF_8));
        return s.toString();
    }

    @Test void announcesWhatItDoes() {
        String features = new GdbStub(new BoardTarget(hooks, history, BoardTarget.Driver.plain(hooks), null))
                .handle("qSupported:swbreak+", console::add);
        assertTrue(features.contains("PacketSize=4000"), features);
        assertTrue(features.contains("qXfer:features:read+"), features);
        assertTrue(features.contains("ReverseStep+;ReverseContinue+"), features);
        assertTrue(features.contains("swbreak+"), features);
        String without = new GdbStub(new BoardTarget(hooks, null, BoardTarget.Driver.plain(hooks), null))
                .handle("qSupported", console::add);
        assertTrue(!without.contains("Reverse") && !without.contains("swbreak"), without);
    }

    @Test void theTargetDescriptionNamesTheRegistersInPieces() {
        StringBuilder xml = new StringBuilder();
        for (int offset = 0; ; offset += 0x100) {
            String piece = send("qXfer:features:read:target.xml:" + hex(offset) + ",100");
            xml.append(new String(Packets.unescape(piece.substring(1)), StandardCharsets.ISO_8859_1));
            if (piece.startsWith("l")) break;
            assertTrue(piece.startsWith("m"), piece);
        }
        String x = xml.toString();
        assertTrue(x.contains("<architecture>riscv:rv32</architecture>"), x);
        assertTrue(x.contains("<reg name=\"sp\" bitsize=\"32\" regnum=\"2\" type=\"data_ptr\"/>"), x);
        assertTrue(x.contains("<reg name=\"pc\" bitsize=\"32\" regnum=\"32\""), x);
        assertTrue(x.contains("<reg name=\"mstatus\" bitsize=\"32\" regnum=\"833\""), x);   // 65 + 0x300
        assertTrue(x.contains("<reg name=\"priv\" bitsize=\"32\" regnum=\"4161\""), x);
        assertTrue(!x.contains("\"hstatus\""), "no H extension on this hart: " + x);
        assertEquals("E00", send("qXfer:features:read:other.xml:0,100"));
    }

    @Test void registersReadAndWrite() {
        String g = send("g");
        assertEquals(33 * 8, g.length());
        assertEquals(Packets.word(machine.pc()), g.substring(32 * 8));
        assertEquals("OK", send("P5=efbeadde"));
        assertEquals(0xdeadbeef, machine.reg(5));
        assertEquals("efbeadde", send("p5"));
        assertEquals("OK", send("P0=01000000"));
        assertEquals("00000000", send("p0"), "x0 stays 0");
        assertEquals("OK", send("P20=" + Packets.word(sym("done"))));
        assertEquals(sym("done"), machine.pc());
        assertEquals(Packets.word(3), send("p1041"), "priv: M-mode");
        assertEquals(Packets.word(machine.csr(0x301)), send("p" + hex(65 + 0x301)), "misa");
        assertEquals("E00", send("p" + hex(65 + 0x600)), "no hstatus without H");
        assertEquals("OK", send("P" + hex(65 + 0x340) + "=05000000"), "mscratch");
        assertEquals(5, machine.csr(0x340));
        assertEquals("OK", send("P" + hex(65 + 0x305) + "=03010000"), "mtvec: WARL");
        assertEquals(0x100, machine.csr(0x305), "mode 3 is reserved: the base only");
        assertEquals("OK", send("P1041=01000000"));
        assertEquals(1, machine.privilege());
        assertEquals("E.privilege 2 must be 0 (U), 1 (S) or 3 (M)", send("P1041=02000000"), "no privilege 2");
        assertEquals("E00", send("P" + hex(65 + 0x600) + "=00000000"), "no hstatus to write");
        String all = send("g");
        assertEquals("OK", send("G" + all));
    }

    @Test void memoryThroughTheMmuAndPhysical() {
        int sum = sym("sum");
        assertEquals("OK", send("M" + hex(sum) + ",4:04030201"));
        assertEquals(0x01020304, machine.read(sum, 4));
        assertEquals("0403", send("m" + hex(sum) + ",2"));
        assertEquals("OK", send("X" + hex(sum) + ",2:}\u0003}\u0004"));   // '#' and '$', escaped
        assertEquals("2324", send("m" + hex(sum) + ",2"));
        assertEquals("E14", send("m10000000,4"), "devices are not read by the debugger");
        assertEquals("E14", send("M0,1:00"));
        String end = hex(0x80000000 + (1 << 20) - 2);
        assertEquals("0000", send("m" + end + ",8"), "a read stops where RAM ends");
        assertEquals("OK", send("qRcmd," + Packets.hex("memory physical")));
        assertTrue(consoleText().contains("physical"), consoleText());
        assertEquals("2324", send("m" + hex(sum) + ",2"), "paging is off: the same bytes");
    }

    @Test void malformedPacketsGetErrorRepliesAndUnknownOnesTheEmptyReply() {
        for (String bad : new String[] {"mzz,4", "m80000000", "M80000000,4:0102", "M80000000,2", "P5", "P5=123",
                "Z0,80000000", "Zq,1,4", "X80000000,1:}", "p", "qRcmd,4", "G00", "m123456789,1"}) {
            assertEquals("E01", send(bad), bad);
        }
        assertEquals("", send("vMustReplyEmpty"));
        assertEquals("", send("Z9,80000000,4"));
        assertEquals("", send("qSomethingNew"));
        assertEquals("", send("!"));
        assertEquals("T05", send("?"));
    }

    @Test void breakpointsStepsAndContinues() {
        assertEquals("OK", send("Z0," + hex(sym("store")) + ",4"));
        assertEquals("T05swbreak:;", send("c"));
        assertEquals(sym("store"), machine.pc());
        assertEquals(10, machine.reg(10));
        assertEquals("T05", send("s"));
        assertEquals(sym("store") + 4, machine.pc());
        assertEquals("T05swbreak:;", send("vCont;c"));
        assertEquals(19, machine.reg(10));
        assertEquals("OK", send("z0," + hex(sym("store")) + ",4"));
        assertEquals("OK", send("Z1," + hex(sym("done")) + ",4"));
        assertEquals("T05hwbreak:;", send("vCont;c:1"));
        assertEquals("OK", send("z1," + hex(sym("done")) + ",4"));
        assertEquals("W00", send("c"));
        assertEquals("W00", send("?"));
    }

    @Test void watchpointsReportTheAddressAccessed() {
        int sum = sym("sum");
        assertEquals("OK", send("Z2," + hex(sum) + ",4"));
        assertEquals("T05watch:" + hex(sum) + ";", send("c"));
        assertEquals(sym("store"), machine.pc(), "before the store, as gdb's RISC-V target expects: it steps over it");
        assertEquals(0, machine.read(sum, 4));
        assertEquals("OK", send("z2," + hex(sum) + ",4"));
        assertEquals("T05", send("s"));
        assertEquals(10, machine.read(sum, 4));
        assertEquals("OK", send("Z2," + hex(sum) + ",4"));
        assertEquals("OK", send("z2," + hex(sum) + ",4"));
        assertEquals("OK", send("Z4," + hex(sum) + ",4"));
        assertEquals("T05awatch:" + hex(sum) + ";", send("c"));
        assertEquals(10, machine.read(sum, 4));
        assertEquals(19, machine.reg(10), "a0 holds the sum about to be stored");
    }

    /** gdb's own step over the accessing instruction, watchpoints out of the way, as it does after a watchpoint stop. */
    private void stepOver(String direction) {
        assertEquals("OK", send("z2," + hex(sym("sum")) + ",4"));
        assertEquals("T05", send(direction));
        assertEquals("OK", send("Z2," + hex(sym("sum")) + ",4"));
    }

    @Test void reverseStepAndContinueGoBackInTheHistory() {
        assertEquals("OK", send("Z2," + hex(sym("sum")) + ",4"));
        for (int i = 0; i < 3; i++) {
            send("c");
            stepOver("s");
        }
        assertEquals(27, machine.read(sym("sum"), 4));
        long at = machine.instructions();
        assertEquals("T05", send("bs"));
        assertEquals(at - 1, machine.instructions());
        assertEquals(sym("store"), machine.pc());
        assertEquals("T05watch:" + hex(sym("sum")) + ";", send("bc"), "back to the store that wrote 19");
        assertEquals(sym("store") + 4, machine.pc(), "just after it: gdb steps back over it");
        assertEquals(19, machine.read(sym("sum"), 4));
        stepOver("bs");
        assertEquals(sym("store"), machine.pc());
        assertEquals(10, machine.read(sym("sum"), 4));
        assertEquals(19, machine.reg(10));
        assertEquals("T05watch:" + hex(sym("sum")) + ";", send("bc"));
        stepOver("bs");
        assertEquals(0, machine.read(sym("sum"), 4));
        assertEquals("T05replaylog:begin;", send("bc"));
        assertEquals(0, machine.instructions());
        assertEquals("T05replaylog:begin;", send("bs"));
        assertTrue(consoleText().contains("oldest point of history"), consoleText());
        assertEquals("T05watch:" + hex(sym("sum")) + ";", send("c"), "forward again");
        stepOver("s");
        assertEquals(10, machine.read(sym("sum"), 4));
    }

    @Test void monitorCommandsGoToTheHostAndTheirOutputToGdbsConsole() {
        assertEquals("OK", send("qRcmd," + Packets.hex("info tlb")));
        assertEquals("vmsh says: info tlb\n", consoleText());
        console.clear();
        assertEquals("OK", send("qRcmd," + Packets.hex("help")));
        assertTrue(consoleText().contains("monitor memory physical"), consoleText());
        console.clear();
        assertEquals("E02", send("qRcmd," + Packets.hex("memory sideways")));
        assertTrue(consoleText().contains("sideways"), consoleText());
    }

    @Test void detachAndKillEndTheConversationAndTakeTheirPointsAway() {
        assertEquals("OK", send("Z0," + hex(sym("store")) + ",4"));
        assertEquals("OK", send("D"));
        assertEquals(GdbStub.Ending.DETACHED, stub.ending());
        assertTrue(hooks.list().isEmpty(), "gdb's breakpoint is gone: " + hooks);
        GdbStub other = new GdbStub(new BoardTarget(hooks, history, BoardTarget.Driver.plain(hooks), null));
        assertNull(other.handle("k", console::add));
        assertEquals(GdbStub.Ending.KILLED, other.ending());
    }
}
