package io.fulcrum.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.NavigableMap;

/**
 * One detection rule for a KPI series of one business object. Implementations are immutable and stateless: all
 * they know of the past is the history they are handed, which keeps them exact under revisions of past windows.
 */
public interface Detector extends Serializable {

    /** Stable rule name, part of the alert id (for example {@code "threshold"}); unique within an {@link AlertPolicy}. */
    String rule();

    /**
     * How far back the detector looks, so that the caller keeps enough history.
     *
     * @param windowSize the KPI's window size
     */
    Duration lookback(Duration windowSize);

    /**
     * Evaluates one window.
     *
     * @param history earlier windows of the same series, window start (epoch ms) to value, ascending; only
     *     windows strictly before {@code windowStart}
     * @param windowStart start of the evaluated window, epoch ms
     * @param windowSize the KPI's window size
     * @param value the window's KPI value
     * @param direction which way the KPI is good
     */
    Detection evaluate(NavigableMap<Long, Double> history, long windowStart, Duration windowSize, double value,
            Direction direction);

    /**
     * What this detector found, in an operator's words: the part of an alert's sentence ({@link AlertReason}) that
     * follows the observed value and window, e.g. "below the critical threshold 0.9". Only called for detections
     * this detector made that are normal or breaches (not lacking history).
     *
     * @param label writes the KPI's values with its unit
     */
    String explain(Detection detection, Direction direction, KpiLabel label);
}
