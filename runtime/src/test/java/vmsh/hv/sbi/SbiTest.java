package vmsh.hv.sbi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.hv.sbi.SbiIds.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SBI dispatch on a fake vCPU register file and a fake VMM. */
class SbiTest {
    static final int A0 = 10, A1 = 11, A2 = 12, A6 = 16, A7 = 17;

    /** A VMM stand-in: 64 bytes of guest RAM at 0x8000_0000, a console, a timer, power. */
    static final class FakeVmm implements SbiEnvironment {
        final byte[] ram = new byte[64];
        final StringBuilder out = new StringBuilder();
        final ArrayDeque<Integer> in = new ArrayDeque<>();
        final List<String> calls = new ArrayList<>();
        long timer = -2;

        @Override public void consoleWrite(int b) { out.append((char) b); }
        @Override public int consoleRead() { return in.isEmpty() ? -1 : in.poll(); }
        @Override public boolean isGuestRam(long gpa, long length) { return gpa >= 0x8000_0000L && gpa + length <= 0x8000_0040L; }
        @Override public byte[] readGuest(long gpa, int length) {
            byte[] b = new byte[length];
            System.arraycopy(ram, (int) (gpa - 0x8000_0000L), b, 0, length);
            return b;
        }
        @Override public void writeGuest(long gpa, byte[] bytes) { System.arraycopy(bytes, 0, ram, (int) (gpa - 0x8000_0000L), bytes.length); }
        @Override public void setTimer(long time) { timer = time; }
        @Override public void systemReset(int type, int reason) { calls.add("reset " + type + " " + reason); }
    }

    final FakeVmm vmm = new FakeVmm();
    final int[] x = new int[33];

    private int[] call(int eid, int fid, int... args) {
        x[A7] = eid;
        x[A6] = fid;
        for (int i = 0; i < args.length; i++) x[A0 + i] = args[i];
        Sbi.call(x, vmm);
        return new int[] {x[A0], x[A1]};
    }

    @Test void baseReportsVersionImplementationAndIds() {
        assertArrayEquals(new int[] {SUCCESS, 2 << 24}, call(EXT_BASE, BASE_GET_SPEC_VERSION));
        assertArrayEquals(new int[] {SUCCESS, 0x766D7368}, call(EXT_BASE, BASE_GET_IMPL_ID));
        assertArrayEquals(new int[] {SUCCESS, IMPL_VERSION}, call(EXT_BASE, BASE_GET_IMPL_VERSION));
        assertArrayEquals(new int[] {SUCCESS, MVENDORID}, call(EXT_BASE, BASE_GET_MVENDORID));
        assertArrayEquals(new int[] {SUCCESS, MARCHID}, call(EXT_BASE, BASE_GET_MARCHID));
        assertArrayEquals(new int[] {SUCCESS, MIMPID}, call(EXT_BASE, BASE_GET_MIMPID));
    }

    @Test void probeSaysWhichExtensionsExist() {
        for (int eid : new int[] {EXT_BASE, EXT_TIME, EXT_SRST, EXT_DBCN, EXT_HSM, EXT_LEGACY_PUTCHAR, EXT_LEGACY_GETCHAR})
            assertArrayEquals(new int[] {SUCCESS, 1}, call(EXT_BASE, BASE_PROBE_EXTENSION, eid), Integer.toHexString(eid));
        assertArrayEquals(new int[] {SUCCESS, 0}, call(EXT_BASE, BASE_PROBE_EXTENSION, 0x4E41434C));   // NACL: not here
        assertArrayEquals(new int[] {SUCCESS, 0}, call(EXT_BASE, BASE_PROBE_EXTENSION, EXT_VMSH_BALLOON));   // no balloon here
        assertArrayEquals(new int[] {SUCCESS, 0}, call(EXT_BASE, BASE_PROBE_EXTENSION, EXT_VMSH));   // not a pv VM
    }

    @Test void hartStateManagementOnOneHart() {
        assertArrayEquals(new int[] {SUCCESS, HSM_STATE_STARTED}, call(EXT_HSM, HSM_HART_GET_STATUS, 0));
        assertEquals(ERR_INVALID_PARAM, call(EXT_HSM, HSM_HART_GET_STATUS, 1)[0], "there is no hart 1");
        assertEquals(ERR_INVALID_PARAM, call(EXT_HSM, HSM_HART_START, 1)[0]);
        assertEquals(ERR_ALREADY_AVAILABLE, call(EXT_HSM, HSM_HART_START, 0)[0], "hart 0 runs");
        assertEquals(ERR_NOT_SUPPORTED, call(EXT_HSM, 7)[0]);
    }

    @Test void unknownExtensionsAndFunctionsAreNotSupported() {
        x[A1] = 77;
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(0x12345678, 0));   // a1 untouched on error
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(EXT_BASE, 99));
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(EXT_TIME, 1));
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(EXT_VMSH, 1));   // only a pv VMM answers EXT_VMSH
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(EXT_VMSH, 0, 8));
        assertArrayEquals(new int[] {ERR_NOT_SUPPORTED, 77}, call(EXT_VMSH_BALLOON, 0));   // this VMM offers no balloon
    }

    @Test void legacyConsoleReturnsInA0Only() {
        x[A1] = 1234;
        call(EXT_LEGACY_PUTCHAR, 0, 'h');
        call(EXT_LEGACY_PUTCHAR, 0, 'i' | 0x100);   // the low byte only
        assertEquals("hi", vmm.out.toString());
        assertEquals(0, x[A0]);
        assertEquals(1234, x[A1]);
        vmm.in.add((int) 'k');
        assertEquals('k', call(EXT_LEGACY_GETCHAR, 0)[0]);
        assertEquals(-1, call(EXT_LEGACY_GETCHAR, 0)[0]);
        assertEquals(1234, x[A1]);
    }

    @Test void debugConsoleWritesAndReadsGuestMemory() {
        byte[] text = "hello".getBytes();
        System.arraycopy(text, 0, vmm.ram, 8, 5);
        assertArrayEquals(new int[] {SUCCESS, 5}, call(EXT_DBCN, DBCN_CONSOLE_WRITE, 5, 0x8000_0008, 0));
        assertEquals("hello", vmm.out.toString());
        assertArrayEquals(new int[] {SUCCESS, 0}, call(EXT_DBCN, DBCN_CONSOLE_WRITE_BYTE, '!'));
        assertEquals("hello!", vmm.out.toString());
        vmm.in.add((int) 'o');
        vmm.in.add((int) 'k');
        assertArrayEquals(new int[] {SUCCESS, 2}, call(EXT_DBCN, DBCN_CONSOLE_READ, 10, 0x8000_0020, 0));
        assertEquals('o', vmm.ram[0x20]);
        assertEquals('k', vmm.ram[0x21]);
    }

    @Test void debugConsoleRefusesMemoryOutsideGuestRam() {
        assertEquals(ERR_INVALID_PARAM, call(EXT_DBCN, DBCN_CONSOLE_WRITE, 5, 0x8000_003e, 0)[0]);  // runs past the end
        assertEquals(ERR_INVALID_PARAM, call(EXT_DBCN, DBCN_CONSOLE_WRITE, 5, 0x8000_0000, 1)[0]);  // above 4 GiB (a2)
        assertEquals(ERR_INVALID_PARAM, call(EXT_DBCN, DBCN_CONSOLE_READ, 1, 0x1000, 0)[0]);
        assertEquals("", vmm.out.toString());
    }

    @Test void setTimerTakesTheSixtyFourBitTimeInA1A0() {
        assertArrayEquals(new int[] {SUCCESS, 0}, call(EXT_TIME, TIME_SET_TIMER, 0xffff_fff0, 2));
        assertEquals(0x2_ffff_fff0L, vmm.timer);
    }

    @Test void systemResetPassesTypeAndReasonAndChecksThem() {
        assertEquals(SUCCESS, call(EXT_SRST, SRST_SYSTEM_RESET, SRST_TYPE_SHUTDOWN, SRST_REASON_SYSTEM_FAILURE)[0]);
        assertEquals(List.of("reset 0 1"), vmm.calls);
        assertEquals(ERR_INVALID_PARAM, call(EXT_SRST, SRST_SYSTEM_RESET, 7, 0)[0]);
        assertEquals(ERR_INVALID_PARAM, call(EXT_SRST, SRST_SYSTEM_RESET, 0, 5)[0]);   // a reserved reason
        assertEquals(SUCCESS, call(EXT_SRST, SRST_SYSTEM_RESET, SRST_TYPE_COLD_REBOOT, 0xF000_0001)[0]);   // vendor reason
        assertEquals(List.of("reset 0 1", "reset 1 -268435455"), vmm.calls);
    }
}
