package io.stockroom.replenish;

import java.math.BigDecimal;

/** One step of a line's explanation: the rule, the value before and after it (when it changes one), and the text. */
public record Step(String rule, BigDecimal before, BigDecimal after, String text) {}
