package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every output writes numbers as JavaScript does: print, the REPL's echo, table, JSON, plots, asm templates. */
class JsNumberTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void printWritesNumbersAsJavaScript() {
        assertEquals("2147483648 3000000000 0 1 2147483652\n",
                js.run("const m = machine(); print(2**31, 3e9, -0, 0.5+0.5, m.pc + 4)"));
        assertEquals("1e+21 1e-7 0.000001 5e-324 -1.5e+300 NaN -Infinity 0.30000000000000004 123456789012345680000\n",
                js.run("print(1e21, 1e-7, 1e-6, 5e-324, -1.5e300, NaN, -Infinity, 0.1 + 0.2, 123456789012345678901)"));
        assertEquals("10 1180591620717411303424\n", js.run("print(10n, 2n ** 70n)"));
    }

    @Test
    void formatAgreesWithTheJavaScriptEngineOnManyDoubles() {
        List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 1.0, 0.1, 1e21, 1e20, 123e18, 1e-6, 1e-7, 1.5e-7, 4.9e-324,
                Double.MIN_NORMAL, Double.MAX_VALUE, 2.0e22, 9.5, 0.5, 1.0 / 3, 2.0 / 3, 5e-324, 1e23, 8.41e21,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4294967295.0, 9007199254740993.0));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            xs.add(d);
            xs.add((double) random.nextLong(1L << 53) / (1L << random.nextInt(60)));
            xs.add(Math.scalb((double) random.nextInt(100), random.nextInt(-90, 90)));
        }
        Value toStrings = js.session.eval("(...xs) => xs.map(String)", "t.js", 1);
        Value strings = toStrings.execute(xs.toArray());
        for (int i = 0; i < xs.size(); i++)
            assertEquals(strings.getArrayElement(i).asString(), JsNumber.format(xs.get(i)), "bits " + Long.toHexString(Double.doubleToRawLongBits(xs.get(i))));
    }

    @Test
    void theReplEchoesNumbersOfApiObjectsAsJavaScript() {
        Value figures = js.session.eval("(passes, active, big, tiny) => ({passes, active, big, tiny})", "t.js", 1)
                .execute(0.0, 1.0, 3e9, 1e-7);   // Java doubles, as API objects give them
        assertEquals("{ passes: 0, active: 1, big: 3000000000, tiny: 1e-7 }", ValueFormat.inspect(figures));
        assertEquals("[1.5, 0, 1e+300, 10n]", ValueFormat.inspect(js.session.eval("[1.5, -0, 1e300, 10n]", "t.js", 1)));
    }

    @Test
    void tablesWriteNumbersAsJavaScript() {
        assertEquals("""
                         a                    b      c     d          pc
                ----------  -------------------  -----  ----  ----------
                3000000000  0.30000000000000004  1e+21  1e-7  0x80000000
                """, js.run("print(table([{a: 3e9, b: 0.1 + 0.2, c: 1e21, d: 1e-7, pc: 2**31}]))"));
        assertEquals("2.5  2147483648\n", js.run("print(table([[2.5, 2**31]]))"));
    }

    @Test
    void jsonWritesNumbersAsJavaScript() {
        Value v = js.session.eval("({a: 2**31, b: 0.5 + 0.5, c: -0, d: 1e21, e: 0.1, f: NaN, g: [3e9, Infinity]})", "t.js", 1);
        assertEquals("{\n  \"a\": 2147483648,\n  \"b\": 1,\n  \"c\": 0,\n  \"d\": 1e+21,\n  \"e\": 0.1,\n  \"f\": null,\n"
                + "  \"g\": [\n    3000000000,\n    null\n  ]\n}", Json.of(v));
    }

    @Test
    void asmTemplatesInsertNumbersAsJavaScript() {
        assertEquals("2147483648\n", js.run("const img = asm`_start: .word ${2**31}`;"
                + "const m = machine(); m.load(img); print(m.mem.read32(img.entry))"));
    }

    @Test
    void plotAxesLabelNumbersAsJavaScript() throws Exception {
        Value p = js.session.eval("plot({title: 't', x: [1, 2, 3], series: {a: [3e9, 4e9, 5e9]}})", "t.js", 1);
        var chart = JsPlot.Drawing.chart((JsPlot) p.asProxyObject());
        assertEquals("3000000000", chart.getStyler().getyAxisTickLabelsFormattingFunction().apply(3e9));
        assertEquals("2600", chart.getStyler().getyAxisTickLabelsFormattingFunction().apply(2600.0));
        assertEquals("0.1", chart.getStyler().getxAxisTickLabelsFormattingFunction().apply(0.1));
        Value log = js.session.eval("plot({title: 't', x: [1, 10, 100], series: {a: [1, 1e6, 1e9]}, logX: true, logY: true})", "t.js", 1);
        var logChart = JsPlot.Drawing.chart((JsPlot) log.asProxyObject());
        var decades = new java.text.DecimalFormat(logChart.getStyler().getYAxisDecimalPattern(),
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        assertEquals("1000000000 0.000001 1", decades.format(1e9) + " " + decades.format(1e-6) + " " + decades.format(1.0));
        js.run("plot({title: 't', x: [1, 10], y: [1, 10], logY: true}).save('log.png')");
        assertTrue(Files.size(js.dir().resolve("log.png")) > 0);
    }
}
