package io.fulcrum.connect.source;

/**
 * Why a record of a source could not become an {@code OperationalEvent}. Written at the start of the dead letter's
 * reason message ({@code source 'tms-eu': MISSING_OBJECT_ID: ...}); the dead letter's reason code is
 * {@code CORRUPT_PAYLOAD} for {@link #MALFORMED} and {@code INVALID_RECORD} for the others.
 */
public enum MappingFailure {
  /** The bytes are not a record of the source's format (not JSON, a CSV line with other columns, not Avro). */
  MALFORMED,
  /** The primary or a related business object has no id. */
  MISSING_OBJECT_ID,
  /** The record has no event time. */
  MISSING_EVENT_TIME,
  /** The event time is not written in the declared form. */
  UNPARSABLE_TIME,
  /** The event type is taken from a field the record lacks. */
  MISSING_EVENT_TYPE,
  /** An event-id field is absent. */
  MISSING_EVENT_ID,
  /** A field holds a value of another type than its use needs (text for a measure, an object for an id, ...). */
  WRONG_TYPE
}
