package io.fulcrum.connect.clickhouse;

import io.fulcrum.connect.clickhouse.internal.SqlScript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned migration file, {@code V<version>__<description>.sql}: a SQL script with {@link DdlLayout}
 * placeholders. Its checksum is taken over the template, so a file edited after it was applied is noticed whatever
 * the layout.
 */
public final class Migration {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final int version;
    private final String fileName;
    private final String template;
    private final String checksum;

    private Migration(int version, String fileName, String template) {
        this.version = version;
        this.fileName = fileName;
        this.template = template;
        this.checksum = sha256(template);
    }

    /**
     * @throws IllegalArgumentException when the name is not {@code V<version>__<description>.sql}
     */
    public static Migration of(String fileName, String template) {
        Objects.requireNonNull(fileName, "fileName can't be null");
        Objects.requireNonNull(template, "template can't be null");
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name '" + fileName + "' does not follow "
                    + "V<version>__<description>.sql (for example V007__supplier_kpis.sql)");
        }
        return new Migration(Integer.parseInt(m.group(1)), fileName, template);
    }

    public int version() {
        return version;
    }

    public String fileName() {
        return fileName;
    }

    /** Hex SHA-256 of the template text. */
    public String checksum() {
        return checksum;
    }

    /** The statements to run for a layout, in file order. */
    public List<String> statements(DdlLayout layout) {
        return SqlScript.statements(layout.render(template, fileName));
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return fileName;
    }
}
