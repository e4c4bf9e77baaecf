package vmsh.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.dev.Uart16550.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Uart16550Test {
    private final Console console = new Console();
    private final Uart16550 uart = new Uart16550(console);

    private int read(int reg) { return uart.load(reg, 1); }

    private void write(int reg, int value) { uart.store(reg, 1, value); }

    @Test
    void transmitsToTheConsoleAndIsAlwaysReadyToSendMore() {
        List<Integer> sink = new ArrayList<>();
        console.setSink(sink::add);
        for (char c : "hi\n".toCharArray()) {
            assertEquals(LSR_THRE | LSR_TEMT, read(LSR) & (LSR_THRE | LSR_TEMT));
            write(THR, c);
        }
        assertEquals("hi\n", console.text());
        assertEquals(List.of((int) 'h', (int) 'i', (int) '\n'), sink);
    }

    @Test
    void receivesWhatTheConsoleWasFed() {
        assertEquals(0, read(LSR) & LSR_DR);
        console.feed("ok");
        assertEquals(LSR_DR, read(LSR) & LSR_DR);
        assertEquals('o', read(RBR));
        assertEquals('k', read(RBR));
        assertEquals(0, read(LSR) & LSR_DR);
        assertEquals(0, read(RBR), "an empty receiver reads 0");
    }

    @Test
    void wideAccessesActOnTheLowByte() {
        uart.store(SCR, 4, 0x1234_56a5);
        assertEquals(0xa5, uart.load(SCR, 4));
        assertEquals(0xa5, uart.load(SCR, 2));
        uart.store(THR, 4, 0xffff_ff41);
        assertEquals("A", console.text());
    }

    @Test
    void registersBeyondTheEighthAreInert() {
        assertEquals(0x100, uart.size());
        uart.store(0x10, 1, 0x55);
        assertEquals(0, uart.load(0x10, 1));
        assertEquals(0, uart.load(0xff, 4));
        assertEquals("", console.text());
    }

    @Test
    void divisorLatchIsReachedWithDlab() {
        write(LCR, LCR_DLAB | 0x03);
        write(DLL, 0x0c);
        write(DLM, 0x01);
        assertEquals(0x0c, read(DLL));
        assertEquals(0x01, read(DLM));
        assertEquals(0x010c, uart.divisor());
        assertEquals("", console.text(), "DLL writes transmit nothing");
        write(LCR, 0x03);
        assertEquals(0x03, read(LCR));
        write(IER, 0x0f);
        assertEquals(0x0f, read(IER));
        write(LCR, LCR_DLAB | 0x03);
        assertEquals(0x01, read(DLM), "IER and DLM are separate registers");
    }

    @Test
    void ierKeepsFourBitsAndMcrFive() {
        write(IER, 0xff);
        assertEquals(0x0f, read(IER));
        write(MCR, 0xff);
        assertEquals(0x1f, read(MCR));
    }

    @Test
    void fifoControlShowsInIir() {
        assertEquals(IIR_NO_INT, read(IIR));
        write(FCR, FCR_FIFO_ENABLE | FCR_CLEAR_RX | 0x04);
        assertEquals(IIR_FIFO_ENABLED | IIR_NO_INT, read(IIR));
        write(FCR, 0);
        assertEquals(IIR_NO_INT, read(IIR));
    }

    @Test
    void lineAndModemStatusAtRest() {
        assertEquals(LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals(MSR_DCD | MSR_DSR | MSR_CTS, read(MSR));
        assertEquals(MCR_OUT2, read(MCR));
    }

    @Test
    void receiveInterruptFollowsDataWhenEnabled() {
        console.feed("x");
        assertFalse(uart.interruptPending(), "disabled");
        write(IER, IER_ERBFI);
        assertTrue(uart.interruptPending());
        assertEquals(IIR_RDI, read(IIR));
        assertTrue(uart.interruptPending(), "reading IIR does not acknowledge received data");
        read(RBR);
        assertFalse(uart.interruptPending());
        assertEquals(IIR_NO_INT, read(IIR));
    }

    @Test
    void transmitterEmptyInterruptIsAcknowledgedByIirAndRaisedAgainByEachSend() {
        write(IER, IER_ETBEI);
        assertTrue(uart.interruptPending(), "enabling it with THR empty raises it");
        assertEquals(IIR_THRI, read(IIR));
        assertFalse(uart.interruptPending(), "reading IIR acknowledged it");
        assertEquals(IIR_NO_INT, read(IIR));
        write(THR, 'a');
        assertTrue(uart.interruptPending(), "sent at once: THR is empty again");
        write(IER, 0);
        assertFalse(uart.interruptPending());
    }

    @Test
    void receivedDataOutranksTransmitterEmpty() {
        write(IER, IER_ERBFI | IER_ETBEI);
        console.feed("z");
        assertEquals(IIR_RDI, read(IIR));
        read(RBR);
        assertEquals(IIR_THRI, read(IIR));
    }

    @Test
    void loopbackReturnsWhatIsSentAndMirrorsTheModemLines() {
        console.feed("from outside");
        write(MCR, MCR_LOOP | MCR_RTS | MCR_OUT2);
        assertEquals(0, read(LSR) & LSR_DR, "outside input is disconnected in loopback");
        assertEquals(MSR_CTS | MSR_DCD, read(MSR));
        write(THR, 0x5a);
        assertEquals("", console.text());
        assertEquals(LSR_DR, read(LSR) & LSR_DR);
        assertEquals(0x5a, read(RBR));
        write(MCR, MCR_OUT2);
        assertEquals('f', read(RBR), "outside input waits through loopback");
    }
}
