package vmsh.shell.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * plot({title, x, series, xLabel, yLabel, logX, logY}): a line chart drawn with XChart, saved
 * as PNG or SVG under the output folder. {@code series} is {name: [y...]} (or {@code y: [...]}
 * for one series); every series has one y per x.
 */
final class JsPlot extends ApiObject {
    static final ApiType<JsPlot> TYPE = ApiType.<JsPlot>of("plot", "p",
                    "A line chart: `p = plot({title: 'TLB misses', x: sizes, series: {lru: a, random: b}, xLabel, yLabel, logX, logY})`.")
            .method("save(name)", "write it as name.png or name.svg under the output folder (--out); returns the path written", JsPlot::save)
            .property("title", "the chart's title", p -> p.title)
            .property("series", "the series' names", p -> p.host.array(new ArrayList<>(p.series.keySet())));

    private static final int WIDTH = 800, HEIGHT = 500;
    /** Decades 1e-6 to 1e20 as JavaScript writes them (0.000001, 0.1, 1000). */
    private static final String DECADES = "0.######";

    private final String title, xLabel, yLabel;
    private final boolean logX, logY;
    private final double[] x;
    private final Map<String, double[]> series = new LinkedHashMap<>();

    private JsPlot(ScriptHost host, Value o) {
        super(host);
        title = text(Args.option(o, "title"), "plot");
        xLabel = text(Args.option(o, "xLabel"), "x");
        yLabel = text(Args.option(o, "yLabel"), "y");
        logX = flag(Args.option(o, "logX"), "logX");
        logY = flag(Args.option(o, "logY"), "logY");
        x = numbers(Args.option(o, "x"), "plot: x");
        Value many = Args.option(o, "series"), one = Args.option(o, "y");
        if (many == null && one == null) throw JsError.type("plot needs series: {name: [y...]} or y: [...]");
        if (one != null) series.put(yLabel, numbers(one, "plot: y"));
        if (many != null) {
            if (!many.hasMembers() || many.hasArrayElements()) throw JsError.type("plot: series must be {name: [y...]}, got " + ValueFormat.inspect(many));
            for (String name : many.getMemberKeys()) series.put(name, numbers(many.getMember(name), "plot: series '" + name + "'"));
        }
        for (Map.Entry<String, double[]> e : series.entrySet())
            if (e.getValue().length != x.length)
                throw JsError.range("plot: series '" + e.getKey() + "' has " + e.getValue().length + " values for " + x.length + " x values");
    }

    static Object create(ScriptHost host, Value[] a) {
        Value o = Args.options(Args.at(a, 0), "plot()", "title", "x", "y", "series", "xLabel", "yLabel", "logX", "logY");
        if (o == null) throw JsError.type("plot({title, x, series}) needs its options");
        return new JsPlot(host, o);
    }

    private static String text(Value v, String fallback) { return v == null ? fallback : ValueFormat.print(v); }

    private static boolean flag(Value v, String what) { return v != null && Args.bool(v, what); }

    private static double[] numbers(Value v, String what) {
        if (v == null || !v.hasArrayElements()) throw JsError.type(what + " must be an array of numbers, got " + ValueFormat.inspect(v));
        double[] d = new double[(int) v.getArraySize()];
        for (int i = 0; i < d.length; i++) {
            Value e = v.getArrayElement(i);
            if (!e.isNumber()) throw JsError.type(what + "[" + i + "] must be a number, got " + ValueFormat.inspect(e));
            d[i] = e.asDouble();
        }
        return d;
    }

    private Object save(Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(name): name");
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!lower.endsWith(".png") && !lower.endsWith(".svg"))
            throw JsError.range("save(name): '" + name + "' must end in .png or .svg");
        files();   // checks the name before drawing
        host.files().outputPath(name);
        byte[] bytes;
        try {
            bytes = Drawing.encode(this, lower.endsWith(".png"));
        } catch (IOException e) {
            throw new JsError("Error", "cannot draw '" + name + "': " + e.getMessage());
        }
        return host.files().write(name, bytes).toString();
    }

    /**
     * The XChart side, in a class of its own: scripts that never save a plot (and vmsh's
     * start-up) do not load XChart at all.
     */
    static final class Drawing {
        static byte[] encode(JsPlot p, boolean png) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (png) BitmapEncoder.saveBitmap(chart(p), bytes, BitmapEncoder.BitmapFormat.PNG);
            else VectorGraphicsEncoder.saveVectorGraphic(chart(p), bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return bytes.toByteArray();
        }

        static XYChart chart(JsPlot p) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(p.title).xAxisTitle(p.xLabel).yAxisTitle(p.yLabel).build();
            chart.getStyler().setXAxisLogarithmic(p.logX).setYAxisLogarithmic(p.logY);
            chart.getStyler().setAntiAlias(true);
            labelNumbersAsJavaScript(chart, p);
            for (Map.Entry<String, double[]> e : p.series.entrySet())
                chart.addSeries(e.getKey(), p.x, e.getValue()).setMarker(SeriesMarkers.CIRCLE);
            return chart;
        }
    }

    /**
     * Tick labels as JavaScript writes numbers. A linear axis formats each label with
     * {@link JsNumber}; a logarithmic one (XChart's own ticks: one label a decade) with a
     * pattern that writes decades from 1e-6 up to 1e20 the same way, JavaScript's plain range.
     */
    private static void labelNumbersAsJavaScript(XYChart chart, JsPlot p) {
        var styler = chart.getStyler();
        styler.setLocale(java.util.Locale.ROOT);
        if (!p.logX) styler.setxAxisTickLabelsFormattingFunction(JsNumber::format);
        else if (plainRange(p.x)) styler.setXAxisDecimalPattern(DECADES);
        if (!p.logY) styler.setyAxisTickLabelsFormattingFunction(JsNumber::format);
        else if (p.series.values().stream().allMatch(JsPlot::plainRange)) styler.setYAxisDecimalPattern(DECADES);
    }

    private static boolean plainRange(double[] values) {
        for (double v : values) if (v > 0 && (v < 1e-6 || v >= 1e20)) return false;
        return true;
    }

    /** Plots draw with AWT, which must not look for a display. */
    private static void files() { System.setProperty("java.awt.headless", "true"); }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(series.keySet());
        return "plot '" + title + "': " + x.length + " points, series " + String.join(", ", names);
    }
}
