package vmsh.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;

/** samples/dc/server.s on a cluster: its NIC's interrupts reach it under every technique, and it counts each request once. */
class ServerTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void answersEveryRequestOnceUnderEveryTechnique(String technique) {
        Cluster dc = new Cluster(ClusterConfig.DEFAULTS.hosts(1).host(HvConfig.DEFAULTS.memory(64L << 20)));
        Vm vm = dc.hosts().get(0).create("web", 16L << 20, Technique.parse(technique));
        vm.load(DcGuests.server());
        Client c = dc.client(vm, 2000, 5_000_000, false);
        dc.run(20_000_000);
        System.out.println(vm.console().text() + c + " " + dc.check() + " gap " + Times.format(c.maxGap()) + " " + vm.message());
        assertTrue(vm.console().text().startsWith("server: 10.0.0.1, 256 working-set pages"), vm.console().text());
        assertTrue(c.answered() >= 35, c.toString());
        assertTrue(dc.check().exactlyOnce(), dc.check().toString());
        assertEquals(0, c.retransmissions());
    }
}
