package io.fulcrum.pipeline;

import java.nio.file.Path;

/** {@code fulcrum.yaml} cannot run: names the file, the field, what is wrong and the fix. */
public final class PipelineConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;

    public PipelineConfigurationException(Path file, String field, String problem) {
        super(file + ": field '" + field + "': " + problem);
        this.file = file;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public String field() {
        return field;
    }
}
