package vmsh.shell.campaign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * {@code --plot FILE.png|.svg}: a summary drawn with XChart, as plot() draws: one line per
 * series (and per y when there are several), the mean at each x with error bars of one
 * standard deviation over the replicates.
 */
final class SummaryPlot {
    private static final int WIDTH = 800, HEIGHT = 500;

    private SummaryPlot() {}

    static byte[] draw(Summary s, String script, String fileName) {
        if (s.x() == null) throw new VmshException(ExitCode.USAGE, "--plot needs --x NAME (the parameter along the x axis)");
        Map<String, List<double[]>> series = new LinkedHashMap<>();   // name -> [x, mean, sd] points
        for (Summary.Cell cell : s.cells()) {
            if (!(s.x(cell) instanceof Number x))
                throw new VmshException(ExitCode.USAGE, "--x " + s.x() + ": its values are not all numbers (" + Values.text(s.x(cell)) + "); plot it as --group");
            for (String y : s.ys()) {
                Summary.Stats st = cell.stats().get(y);
                if (st.n() == 0) continue;
                String name = seriesName(cell.series(), y, s.ys().size() > 1);
                series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x.doubleValue(), st.mean(), st.sd()});
            }
        }
        if (series.isEmpty()) throw new VmshException(ExitCode.ERROR, "--plot: no run reported a number for " + String.join(", ", s.ys()));
        String title = script + ": " + String.join(", ", s.ys()) + " against " + s.x()
                + (s.over().isEmpty() ? "" : " (mean and sd over " + String.join(", ", s.over()) + ")");
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(s.x())
                .yAxisTitle(String.join(", ", s.ys())).build();
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> points = new ArrayList<>(e.getValue());
            points.sort((a, b) -> Double.compare(a[0], b[0]));
            chart.addSeries(e.getKey(), column(points, 0), column(points, 1), column(points, 2)).setMarker(SeriesMarkers.CIRCLE);
        }
        return encode(chart, fileName);
    }

    private static String seriesName(String series, String y, boolean severalYs) {
        if (series.isEmpty()) return y;
        return severalYs ? series + " " + y : series;
    }

    private static double[] column(List<double[]> points, int i) {
        double[] c = new double[points.size()];
        for (int k = 0; k < c.length; k++) c[k] = points.get(k)[i];
        return c;
    }

    private static byte[] encode(XYChart chart, String fileName) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".svg"))
                VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            else BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot draw " + fileName + ": " + e.getMessage());
        }
        return bytes.toByteArray();
    }
}
