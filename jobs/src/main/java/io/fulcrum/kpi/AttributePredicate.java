package io.fulcrum.kpi;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One condition on an event attribute: equals, in, not-equals or exists. Conditions in a list are all required (AND).
 *
 * <p>A missing attribute fails {@code equals}, {@code in} and {@code exists}, and passes {@code not-equals}: an event
 * that does not carry a carrier is "not carrier B".
 */
public final class AttributePredicate implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How the attribute is compared. */
    public enum Operator { EQUALS, IN, NOT_EQUALS, EXISTS }

    private final String attribute;
    private final Operator operator;
    private final List<String> values;

    private AttributePredicate(String attribute, Operator operator, List<String> values) {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute can't be null or blank");
        }
        this.attribute = attribute;
        this.operator = operator;
        this.values = List.copyOf(values);
    }

    public static AttributePredicate equalTo(String attribute, String value) {
        return new AttributePredicate(attribute, Operator.EQUALS, List.of(Objects.requireNonNull(value, "value")));
    }

    public static AttributePredicate notEqualTo(String attribute, String value) {
        return new AttributePredicate(attribute, Operator.NOT_EQUALS, List.of(Objects.requireNonNull(value, "value")));
    }

    /** @throws IllegalArgumentException when {@code values} is empty: such a condition could never match */
    public static AttributePredicate in(String attribute, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("'in' on attribute '" + attribute + "' needs at least one value");
        }
        return new AttributePredicate(attribute, Operator.IN, values);
    }

    public static AttributePredicate exists(String attribute) {
        return new AttributePredicate(attribute, Operator.EXISTS, List.of());
    }

    public String attribute() {
        return attribute;
    }

    public Operator operator() {
        return operator;
    }

    public List<String> values() {
        return values;
    }

    /** Whether the event attributes satisfy this condition. */
    public boolean test(Map<String, String> attributes) {
        return test(attributes.get(attribute));
    }

    /** Whether the value of {@link #attribute()} in an event (null: the event has no such attribute) satisfies this. */
    public boolean test(String actual) {
        switch (operator) {
            case EQUALS:
                return values.get(0).equals(actual);
            case NOT_EQUALS:
                return !values.get(0).equals(actual);
            case IN:
                return actual != null && values.contains(actual);
            case EXISTS:
                return actual != null;
            default:
                throw new AssertionError(operator);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributePredicate
                && ((AttributePredicate) o).attribute.equals(attribute)
                && ((AttributePredicate) o).operator == operator
                && ((AttributePredicate) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, operator, values);
    }

    @Override
    public String toString() {
        return attribute + " " + operator + " " + values;
    }
}
