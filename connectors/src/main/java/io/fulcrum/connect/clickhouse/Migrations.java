package io.fulcrum.connect.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An ordered set of migrations with distinct versions: Fulcrum's own, or the files of a directory. */
public final class Migrations {

    /** Where Fulcrum's migration files live on the class path. */
    public static final String BUNDLED_LOCATION = "io/fulcrum/connect/clickhouse/migrations/";
    /**
     * Lists the bundled files, one name a line: a directory inside a jar cannot be listed portably, so the files
     * are named here (a unit test checks the list against the directory).
     */
    public static final String INDEX = "index";

    private final List<Migration> ordered;

    private Migrations(List<Migration> migrations) {
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version() == sorted.get(i - 1).version()) {
                throw new IllegalArgumentException("migrations " + sorted.get(i - 1).fileName() + " and "
                        + sorted.get(i).fileName() + " share version " + sorted.get(i).version()
                        + "; give the newer one the next free version");
            }
        }
        this.ordered = List.copyOf(sorted);
    }

    public static Migrations of(List<Migration> migrations) {
        return new Migrations(migrations);
    }

    /** Fulcrum's tables and views, from the class path. */
    public static Migrations bundled() {
        ClassLoader loader = Migrations.class.getClassLoader();
        List<Migration> migrations = new ArrayList<>();
        for (String line : readText(loader, BUNDLED_LOCATION + INDEX).split("\n")) {
            String name = line.trim();
            if (!name.isEmpty()) {
                migrations.add(Migration.of(name, readText(loader, BUNDLED_LOCATION + name)));
            }
        }
        return new Migrations(migrations);
    }

    /** The {@code V*.sql} files of a directory. */
    public static Migrations fromDirectory(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Migration> migrations = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).collect(Collectors.toList())) {
                migrations.add(Migration.of(file.getFileName().toString(), Files.readString(file)));
            }
            return new Migrations(migrations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration files from " + directory, e);
        }
    }

    /** By ascending version. */
    public List<Migration> ordered() {
        return ordered;
    }

    private static String readText(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + resource + " is missing: the connectors "
                        + "jar is incomplete; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + resource, e);
        }
    }
}
