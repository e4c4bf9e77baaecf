package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which scripts ask for compiled JavaScript in their leading comments (the launcher reads them by the same rule). */
class JsCompilationTest {
    @Test
    void theHeaderCountsAmongTheLeadingCommentsOnly() {
        assertTrue(JsCompilation.askedFor("// vmsh: --js-compile\nprint(1)\n"));
        assertTrue(JsCompilation.askedFor("#!/usr/bin/env vmsh\n// hooks on every instruction\n\n//vmsh:   --js-compile  \r\nlet n = 0\n"));
        assertFalse(JsCompilation.askedFor("print(1)\n// vmsh: --js-compile\n"));
        assertFalse(JsCompilation.askedFor("/* vmsh: --js-compile */\nprint(1)\n"));
        assertFalse(JsCompilation.askedFor("// vmsh: --js-compile-later\n"));
        assertFalse(JsCompilation.askedFor("// vmsh: --no-js-compile\n"));
        assertFalse(JsCompilation.askedFor(""));
        assertFalse(JsCompilation.askedFor("//\n".repeat(20) + "// vmsh: --js-compile\n"));
        assertTrue(JsCompilation.askedFor("//\n".repeat(19) + "// vmsh: --js-compile\n"));
    }
}
