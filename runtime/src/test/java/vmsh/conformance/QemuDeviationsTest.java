package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A documented QEMU mistake is forgiven exactly; nothing else is. */
class QemuDeviationsTest {
    static final String HEADER = "a: fine\nread sstatus in VU: HS scause 22 epc 0x8 tval insn\nb: fine\n";

    @Test
    void theDocumentedMistakeBecomesTheHeadersLine() {
        String qemu = "a: fine\nread sstatus in VU: HS scause 2 epc 0x8 tval insn\nb: fine\n";
        assertEquals(HEADER, QemuDeviations.corrected("hyper/tour.s", qemu, HEADER));
    }

    @Test
    void otherDifferencesAndOtherSamplesStay() {
        String other = "a: fine\nread sstatus in VU: HS scause 7 epc 0x8 tval insn\nb: fine\n";
        assertEquals(other, QemuDeviations.corrected("hyper/tour.s", other, HEADER));
        String qemu = "a: fine\nread sstatus in VU: HS scause 2 epc 0x8 tval insn\nb: fine\n";
        assertEquals(qemu, QemuDeviations.corrected("hello.s", qemu, HEADER));
    }
}
