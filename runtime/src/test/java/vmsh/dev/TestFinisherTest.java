package vmsh.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestFinisherTest {
    private final List<Integer> exits = new ArrayList<>();
    private final TestFinisher finisher = new TestFinisher(exits::add);

    @Test
    void passExitsWithZero() {
        finisher.store(0, 4, 0x5555);
        assertEquals(List.of(0), exits);
    }

    @Test
    void failCarriesTheCodeInTheUpperHalf() {
        finisher.store(0, 4, 42 << 16 | 0x3333);
        finisher.store(0, 4, 0xffff << 16 | 0x3333);
        assertEquals(List.of(42, 0xffff), exits);
    }

    @Test
    void failWithCodeZeroExitsZeroAsInQemu() {
        finisher.store(0, 4, 0x3333);
        assertEquals(List.of(0), exits);
    }

    @Test
    void resetEndsTheRunLikeAPassUnlessTheMachineCanReset() {
        finisher.store(0, 4, 0x7777);
        assertEquals(List.of(0), exits);
        List<String> resets = new ArrayList<>();
        new TestFinisher(exits::add, () -> resets.add("reset")).store(0, 4, 0x7777);
        assertEquals(List.of("reset"), resets);
        assertEquals(List.of(0), exits);
    }

    @Test
    void halfwordWritesCarryTheStatusAlone() {
        finisher.store(0, 2, 0x5555);
        assertEquals(List.of(0), exits);
    }

    @Test
    void otherValuesOffsetsAndByteWritesAreIgnored() {
        finisher.store(0, 4, 0x1234);
        finisher.store(0, 4, 0x0001_5554);
        finisher.store(4, 4, 0x5555);
        finisher.store(0, 1, 0x55);
        assertEquals(List.of(), exits);
        assertEquals(0, finisher.load(0, 4));
        assertEquals(0x1000, finisher.size());
    }
}
