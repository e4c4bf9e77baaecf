package vmsh.shell.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.dc.Address;
import vmsh.dc.Client;
import vmsh.dc.Times;

/** A client machine sending requests to a VM's counter service, and what it saw. */
final class JsClient extends ApiObject {
    static final ApiType<JsClient> TYPE = ApiType.<JsClient>of("client", "c",
                    "A client of a VM's counter service (`c = dc.client({to: vm, rate: 2000})`): requests at a rate per simulated second, "
                    + "one on the wire at a time, retransmitted after a timeout; its replies are checked.")
            .property("name", "its name (c0, c1, ...)", c -> c.client.name())
            .property("address", "its network address", c -> Address.format(c.client.address()))
            .property("target", "the address it sends to", c -> Address.format(c.client.target()))
            .method("stats()", "{requests, sent, answered, retransmitted, duplicateReplies, unanswered, inOrder, latency: {min, p50, p99, max}, maxGap}, times in milliseconds", (c, a) -> c.stats())
            .method("timeline()", "[{t, latency, value}]: each answered request, when it was answered and how long it took (milliseconds), and the counter value it got", (c, a) -> c.timeline())
            .method("stop()", "generate no more requests (those waiting still go out)", (c, a) -> {
                c.client.stop();
                return null;
            });

    private Client client;

    JsClient(ScriptHost host, Client client) {
        super(host);
        this.client = client;
    }

    @Override ApiType<?> type() { return TYPE; }

    Client client() { return client; }

    /** The client is now {@code c} of a cluster that took its cluster's place (a replay's). */
    void rebind(Client c) { client = c; }

    private Object stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", client.requests());
        m.put("sent", client.sent());
        m.put("answered", client.answered());
        m.put("retransmitted", client.retransmissions());
        m.put("duplicateReplies", client.duplicateReplies());
        m.put("unanswered", client.unanswered());
        m.put("inOrder", client.inOrder());
        m.put("latency", host.object(latency(client.latencies())));
        m.put("maxGap", Times.ms(client.maxGap()));
        return host.object(m);
    }

    /** min, median, 99th percentile and max of the latencies, in milliseconds (0 when none). */
    static Map<String, Object> latency(long[] l) {
        long[] s = l.clone();
        Arrays.sort(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.length == 0 ? 0.0 : Times.ms(s[0]));
        m.put("p50", s.length == 0 ? 0.0 : Times.ms(s[(s.length - 1) / 2]));
        m.put("p99", s.length == 0 ? 0.0 : Times.ms(s[(int) Math.ceil(0.99 * s.length) - 1]));
        m.put("max", s.length == 0 ? 0.0 : Times.ms(s[s.length - 1]));
        return m;
    }

    private Object timeline() {
        List<Object> rows = new ArrayList<>();
        for (long[] a : client.answers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", Times.ms(a[2]));
            m.put("latency", Times.ms(a[2] - a[1]));
            m.put("value", a[3]);
            rows.add(host.object(m));
        }
        return host.array(rows);
    }

    @Override public String toString() { return client.toString(); }
}
