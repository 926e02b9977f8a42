package io.fulcrum.connect.clickhouse;

/**
 * A migration could not be applied, or the applied ones do not match the files; start-up stops. The message names
 * the file, the statement and the server's error.
 */
public final class MigrationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String fileName;

    public MigrationException(String fileName, String message, Throwable cause) {
        super(message, cause);
        this.fileName = fileName;
    }

    /** The migration file at fault. */
    public String fileName() {
        return fileName;
    }
}
