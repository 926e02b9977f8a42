package io.fulcrum.connect.kafka;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A metric group that keeps its counters by dotted path so unit tests can read them; a running Flink job would
 * hand them to its reporters instead.
 */
final class RecordingMetricGroup extends UnregisteredMetricsGroup {

  private final String prefix;
  private final Map<String, Counter> counters;

  RecordingMetricGroup() {
    this("", new TreeMap<>());
  }

  private RecordingMetricGroup(String prefix, Map<String, Counter> counters) {
    this.prefix = prefix;
    this.counters = counters;
  }

  @Override
  public Counter counter(String name) {
    return counters.computeIfAbsent(prefix + name, n -> new SimpleCounter());
  }

  @Override
  public MetricGroup addGroup(String key, String value) {
    return new RecordingMetricGroup(prefix + key + "." + value + ".", counters);
  }

  @Override
  public MetricGroup addGroup(String name) {
    return new RecordingMetricGroup(prefix + name + ".", counters);
  }

  long count(String path) {
    Counter c = counters.get(path);
    return c == null ? 0 : c.getCount();
  }
}
