package io.fulcrum.impact;

import java.nio.file.Path;

/** The California Proposition 99 panel of ../shared/datasets (Abadie, Diamond, Hainmueller 2010; synthdid's copy). */
final class Prop99 {

    static final long START = 1989;

    private Prop99() {}

    static Path file() {
        String shared = System.getProperty("fulcrum.shared.dir");
        if (shared == null) {
            throw new IllegalStateException("System property fulcrum.shared.dir is not set; run the tests through "
                    + "Maven (surefire sets it to ../shared) or pass -Dfulcrum.shared.dir=/path/to/shared");
        }
        return Path.of(shared, "datasets", "california_prop99.csv");
    }

    static Panel panel() {
        return PanelCsvReader.builder().delimiter(';').objectColumn("State").periodColumn("Year")
                .valueColumn("PacksPerCapita").build().read(file());
    }

    static ImpactDesign design() {
        return ImpactDesign.builder().treated("California").start(START).build();
    }
}
