package io.fulcrum.connect.source;

/** Conversions of the raw field values {@link FieldAccessor}s return. */
final class RawValues {

  private static final int SHOWN_CHARS = 60;

  private RawValues() {}

  /** Text of a scalar value, numbers without a needless ".0"; null for a structured one. */
  static String text(Object raw) {
    if (raw instanceof String s) {
      return s;
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
    if (raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    return null;
  }

  /** A value for an error message: its type and (shortened) text. */
  static String describe(Object raw) {
    if (raw == null) {
      return "nothing";
    }
    String kind = raw instanceof String ? "text" : raw instanceof Number ? "number" : raw instanceof Boolean
        ? "boolean" : "a structured value";
    String text = raw.toString();
    if (text.length() > SHOWN_CHARS) {
      text = text.substring(0, SHOWN_CHARS) + "...";
    }
    return kind + " '" + text + "'";
  }
}
