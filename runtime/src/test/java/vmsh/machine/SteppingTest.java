package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.machine.Guest.*;
import static vmsh.machine.PagingTest.USER;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A budget that ends on a jump to another page ends there, paging on or off (it once spun forever with Sv32 on). */
class SteppingTest {
    @Test @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) void steppingOverAJumpToAnotherPageWithPagingOn() {
        Guest g = PagingTest.user("""
                j far
                .balign 4096
            far:
                li a0, 7
                ecall
                """);
        g.map(USER + 0x1000, g.symbol("far"), URX);
        List<Integer> pcs = new ArrayList<>();
        while (g.machine.privilege() != PRV_U || g.machine.pc() != USER) g.machine.step();
        for (int i = 0; i < 2; i++) {
            assertEquals(StopReason.BUDGET, g.machine.step().reason());
            pcs.add(g.machine.pc());
        }
        assertEquals(List.of(USER + 0x1000, USER + 0x1004), pcs);
        assertEquals(7, g.reg(A0));
    }
}
