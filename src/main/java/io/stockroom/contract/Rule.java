package io.stockroom.contract;

import java.math.BigDecimal;
import java.util.List;

/** A value check declared on a column. Compiled to set-based SQL by the quality package. */
public sealed interface Rule {

    Severity severity();

    /** A stable code shown to users, e.g. OUT_OF_RANGE. */
    String code();

    /** What the contract says of a value the rule flags (after the column's name), or null for the rule's own words. */
    String message();

    /** Value must lie in [min, max] (either bound may be absent). */
    record Range(BigDecimal min, BigDecimal max, Severity severity, String code, String message) implements Rule {}

    /** Value must be one of the listed values (compared case-insensitively; by value on a number column). */
    record Accepted(List<String> values, Severity severity, String code, String message) implements Rule {}

    /** Value must not be one of the listed values (e.g. non-merchandise codes; by value on a number column: 0). */
    record Rejected(List<String> values, Severity severity, String code, String message) implements Rule {}

    /** Value must match a regular expression. */
    record Pattern(String regex, Severity severity, String code, String message) implements Rule {}
}
