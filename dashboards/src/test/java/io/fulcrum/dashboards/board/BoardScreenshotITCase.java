package io.fulcrum.dashboards.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fulcrum.dashboards.BoardFixtures;
import io.fulcrum.dashboards.query.ReaderQueries;
import io.fulcrum.devstack.clickhouse.ClickHouseServer;
import io.fulcrum.devstack.junit.ClickHouseExtension;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pages as a real browser draws them: headless Chromium screenshots the KPI and initiative pages, and the
 * charts' colours must appear in the picture (an SVG that a browser rejects draws nothing). Skipped where Debian's
 * chromium is not installed. The screenshots stay in target/board-screenshots for a look.
 */
@ExtendWith(ClickHouseExtension.class)
class BoardScreenshotITCase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int SERIES_BLUE = 0x0969da;
    private static final int MARKER_RED = 0xcf222e;

    @Test
    void chartsAreDrawnByARealBrowser(ClickHouseServer server) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium (apt-get install -y chromium)");
        Path dir = Files.createDirectories(Path.of("target", "board-screenshots"));
        try (BoardServer board = BoardServer.start(ReaderQueries.of(BoardFixtures.withResults(server, "shots")),
                new InetSocketAddress("127.0.0.1", 0))) {
            BufferedImage kpi = screenshot(board.uri() + "kpi?id=otif_route", dir.resolve("kpi.png"));
            BufferedImage initiative = screenshot(board.uri() + "initiative?id=INIT-1", dir.resolve("initiative.png"));
            screenshot(board.uri().toString(), dir.resolve("overview.png"));

            assertThat(count(kpi, SERIES_BLUE)).as("series pixels on the KPI page").isGreaterThan(200);
            assertThat(count(kpi, MARKER_RED)).as("initiative marker pixels on the KPI page").isGreaterThan(30);
            assertThat(count(initiative, SERIES_BLUE)).as("interval and series pixels").isGreaterThan(200);
        }
    }

    private static BufferedImage screenshot(String url, Path png) throws Exception {
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("fulcrum-chromium-");
        Process chromium = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=1400,1600", "--screenshot=" + png.toAbsolutePath(), url))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            chromium.destroyForcibly();
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        assertThat(png).exists();
        return ImageIO.read(png.toFile());
    }

    /** Pixels within a small distance of the colour: anti-aliasing blends the edges of thin lines. */
    private static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 24
                        && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 24
                        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 24) {
                    n++;
                }
            }
        }
        return n;
    }
}
