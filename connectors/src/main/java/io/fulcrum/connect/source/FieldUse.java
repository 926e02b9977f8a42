package io.fulcrum.connect.source;

/** What a field of a definition is read for, which decides the values it may hold. */
enum FieldUse {
  /** A measure: a number, or a boolean read as 1/0. */
  NUMBER("a number or a boolean"),
  /** An object id or event-id part: text or a whole number. */
  ID("text or a whole number"),
  /** An event time in an epoch form. */
  EPOCH_TIME("a number"),
  /** An event time in a text form, or an event type. */
  TEXT("text"),
  /** An attribute or a skip rule's field: any single value. */
  SCALAR("a single value (text, number or boolean)");

  private final String expected;

  FieldUse(String expected) {
    this.expected = expected;
  }

  String expected() {
    return expected;
  }
}
