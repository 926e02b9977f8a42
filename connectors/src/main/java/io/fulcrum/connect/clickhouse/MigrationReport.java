package io.fulcrum.connect.clickhouse;

import java.util.List;

/**
 * What one run of the {@link Migrator} did.
 *
 * @param applied file names applied by this run, in order
 * @param alreadyApplied file names found applied before (checksums verified)
 */
public record MigrationReport(List<String> applied, List<String> alreadyApplied) {

    public MigrationReport {
        applied = List.copyOf(applied);
        alreadyApplied = List.copyOf(alreadyApplied);
    }
}
