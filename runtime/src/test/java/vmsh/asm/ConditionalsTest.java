package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.asm.AsmTesting.hex;
import static vmsh.asm.AsmTesting.words;

import org.junit.jupiter.api.Test;

/** Conditional assembly: the choices (the GNU corpus checks the bytes) and the located errors. */
class ConditionalsTest {
    private static String error(String source) {
        AsmError e = AsmTesting.error(source);
        return e.line() + ":" + e.column() + ": " + e.message();
    }

    @Test
    void aSwitchDefinedBeforeAnIncludeChoosesTheCode() {
        String pv = ".equ PARAVIRT, 1\n.ifndef PARAVIRT\n.equ PARAVIRT, 0\n.endif\n.if PARAVIRT\nli a0, 1\n.else\nli a0, 2\n.endif";
        assertEquals("00100513", hex(words(pv)));
        assertEquals("00200513", hex(words(pv.replace(".equ PARAVIRT, 1\n", ""))));
    }

    @Test
    void constantsFollowEarlierConstantsOnly() {
        assertEquals("00300513", hex(words(".equ A, 1\n.equ B, A + 2\n.if B == 3\nli a0, B\n.endif")));
        assertEquals("2:5: '.if' needs a constant expression: 'here' is not a constant",
                error("here: nop\n.if here\n.endif"));
        assertEquals("1:5: '.if' needs a constant expression: 'LATER' is not defined before it",
                error(".if LATER\n.endif\n.equ LATER, 1"));
    }

    @Test
    void unbalancedDirectivesAreLocated() {
        assertEquals("2:1: '.endif' without '.if'", error("nop\n.endif"));
        assertEquals("1:1: '.else' without '.if'", error(".else"));
        assertEquals("3:1: '.if' without '.endif'", error("nop\nnop\n.if 1\nnop"));
        assertEquals("4:1: second '.else' for the '.if' at line 1", error(".if 1\n.else\nnop\n.else\n.endif"));
        assertEquals("3:1: '.elseif' after '.else'", error(".if 0\n.else\n.elseif 1\n.endif"));
    }

    @Test
    void errorDirectivesStopOnlyWhereAssembled() {
        assertEquals("2:1: the pv build needs PARAVIRT", error(".if 1\n.error \"the pv build needs PARAVIRT\"\n.endif"));
        assertEquals("00000013", hex(words(".if 0\n.error \"skipped\"\n.endif\nnop")));
        assertEquals("1:1: '.err' encountered", error(".err"));
    }

    @Test
    void exitmLeavesTheMacroAndItsConditionals() {
        assertEquals("00150513", hex(words(".macro m\naddi a0, a0, 1\n.if 1\n.exitm\n.endif\naddi a0, a0, 2\n.endm\nm")));
        assertEquals("1:1: '.exitm' outside a macro", error(".exitm"));
    }
}
