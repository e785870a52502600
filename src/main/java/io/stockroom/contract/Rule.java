package io.stockroom.contract;

import java.math.BigDecimal;
import java.util.List;

/** A value check declared on a column. Compiled to set-based SQL by the quality package. */
public sealed interface Rule {

    Severity severity();

    /** A stable code shown to users, e.g. OUT_OF_RANGE. */
    String code();

    /** Value must lie in [min, max] (either bound may be absent). */
    record Range(BigDecimal min, BigDecimal max, Severity severity, String code) implements Rule {}

    /** Value must be one of the listed values (compared case-insensitively). */
    record Accepted(List<String> values, Severity severity, String code) implements Rule {}

    /** Value must not be one of the listed values (e.g. non-merchandise codes). */
    record Rejected(List<String> values, Severity severity, String code) implements Rule {}

    /** Value must match a regular expression. */
    record Pattern(String regex, Severity severity, String code) implements Rule {}
}
