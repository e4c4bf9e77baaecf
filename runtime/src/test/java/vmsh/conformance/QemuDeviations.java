package vmsh.conformance;

import java.util.List;

/**
 * Where the installed QEMU (7.2, Debian 12's) does not do what the privileged spec says, so
 * a sample's header (the spec's answer, which vmsh gives) and QEMU's console legitimately
 * differ. Each entry names the sample, the experiment (the text before the first colon of
 * its line), how QEMU's wrong answer starts, and the rule. A QEMU line is replaced by the
 * header's only when it is exactly that documented mistake: any other difference, and any
 * QEMU that has fixed it, is compared as usual.
 */
final class QemuDeviations {
    private QemuDeviations() {}

    record Deviation(String sample, String experiment, String qemuSays, String rule) {}

    static final List<Deviation> KNOWN = List.of(
        new Deviation("hyper/tour.s", "store through a VS page table that is not mapped", "HS scause 21 ",
            "a guest-page fault of an implicit VS-stage access is reported for the original access type: store (23)"),
        new Deviation("hyper/tour.s", "read sstatus in VU", "HS scause 2 ",
            "VU-mode accessing a supervisor CSR that HS-mode could access raises a virtual-instruction exception (22)"),
        new Deviation("hyper/tour.s", "read satp in VS with hstatus.VTVM", "no trap",
            "with hstatus.VTVM, VS-mode accessing satp raises a virtual-instruction exception (22)"),
        new Deviation("hyper/tour.s", "hlv.w in HS as VU from a supervisor page", "HS scause 5 ",
            "a VS-stage permission failure of HLV is a load page fault (13); QEMU 7.2 looks at satp, not vsatp"),
        new Deviation("hyper/tour.s", "hlvx.wu in HS from an execute-only page", "HS scause 5 ",
            "HLVX reads what is executable: an execute-only page does not fault"),
        new Deviation("hyper/tour.s", "hlv.w in HS from an execute-only page", "HS scause 5 ",
            "a load from an execute-only page (MXR clear) is a load page fault (13)"));

    /** QEMU's console of {@code sample} with its known mistakes replaced by the lines {@code expected} has. */
    static String corrected(String sample, String qemu, String expected) {
        List<String> want = expected.lines().toList();
        StringBuilder out = new StringBuilder();
        for (String line : qemu.split("\n", -1)) {
            out.append(correctedLine(sample, line, want)).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String correctedLine(String sample, String line, List<String> expected) {
        for (Deviation d : KNOWN) {
            String head = d.experiment() + ": ";
            if (!d.sample().equals(sample) || !line.startsWith(head + d.qemuSays())) continue;
            for (String e : expected) if (e.startsWith(head)) return e;
        }
        return line;
    }
}
