package dev.pyramid.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run's trade-off curves with XChart: recall@k against client QPS (one series per system, shard count and
 * number of clients) and against the server-side search work per query (one series per system and shard count).
 */
final class RecallCharts {

    private RecallCharts() {}

    static void draw(Path dir, String title, List<PointResult> points, int maxClients) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart qps = chart(title + ": recall vs QPS", "queries per second (client side)");
        for (int clients : List.of(1, maxClients)) {
            addSeries(qps, points, p -> p.timing(clients) == null ? Double.NaN : p.timing(clients).qps(), " " + clients + " client" + (clients == 1 ? "" : "s"));
            if (maxClients == 1) {
                break;
            }
        }
        BitmapEncoder.saveBitmap(qps, dir.resolve("recall-vs-qps.png").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart server = chart(title + ": recall vs server-side search work", "mean search ms per query (profile, summed over shards)");
        addSeries(server, points, PointResult::serverMillis, "");
        BitmapEncoder.saveBitmap(server, dir.resolve("recall-vs-server-ms.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title).xAxisTitle("recall@k").yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    private static void addSeries(XYChart chart, List<PointResult> points, ToDoubleFunction<PointResult> y, String suffix) {
        Map<String, List<PointResult>> bySeries = new LinkedHashMap<>();
        for (PointResult point : points) {
            if (Double.isFinite(y.applyAsDouble(point)) && y.applyAsDouble(point) > 0) {
                String name = String.format(Locale.ROOT, "%s %d shard%s%s", point.system(), point.index().shards(), point.index().shards() == 1 ? "" : "s", suffix);
                bySeries.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(point);
            }
        }
        for (Map.Entry<String, List<PointResult>> series : bySeries.entrySet()) {
            List<PointResult> sorted = series.getValue().stream().sorted(Comparator.comparingDouble(PointResult::recall)).toList();
            XYSeries drawn = chart.addSeries(
                series.getKey(),
                sorted.stream().mapToDouble(PointResult::recall).toArray(),
                sorted.stream().mapToDouble(y).toArray()
            );
            drawn.setMarker(SeriesMarkers.CIRCLE);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
    }
}
