package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** m.gdb({port}) from JavaScript: its arguments and errors (gdb itself: vmsh.shell.gdb and the REPL's test). */
class GdbApiTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test void badPortsAreLocatedErrorsAndTheMachineStays() throws Exception {
        assertEquals("test.js:1:16: TypeError: m.gdb({port}) needs port, the TCP port gdb connects to (0: any free one)",
                js.error("m = machine(); m.gdb({})"));
        assertTrue(js.error("m.gdb({port: 70000})").contains("RangeError: m.gdb({port}): port 70000 is not a TCP port"));
        assertTrue(js.error("m.gdb({port: 1, host: 'x'})").contains("host"), "an unknown option is named");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String e = js.error("m.gdb(" + taken.getLocalPort() + ")");
            assertTrue(e.contains("RangeError: m.gdb(): gdb port " + taken.getLocalPort() + ": cannot listen there"), e);
        }
        assertEquals("true\n", js.run("print(m.pc === 0x80000000)"));
    }

    @Test void gdbIsInTheHelp() {
        assertTrue(js.run("m = machine(); help(m)").contains("wait for gdb on localhost:port"));
    }
}
