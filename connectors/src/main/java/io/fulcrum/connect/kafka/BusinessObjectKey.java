package io.fulcrum.connect.kafka;

import io.fulcrum.schema.BusinessObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Kafka key of records about one business object: UTF-8 of {@code <type>/<id>}. Every Fulcrum topic keyed by
 * business object uses it, so the records of one object land in the same partition number across topics.
 */
public final class BusinessObjectKey {

  private BusinessObjectKey() {}

  public static byte[] bytes(BusinessObjectRef object) {
    Objects.requireNonNull(object, "business object can't be null");
    return (object.getType() + "/" + object.getId()).getBytes(StandardCharsets.UTF_8);
  }
}
