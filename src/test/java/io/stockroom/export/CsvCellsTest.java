package io.stockroom.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void cellsThatASpreadsheetWouldRunAreQuoted() {
        assertThat(CsvCells.safe("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvCells.safe("+44 20")).isEqualTo("'+44 20");
        assertThat(CsvCells.safe("-2+3")).isEqualTo("'-2+3");
        assertThat(CsvCells.safe("-A1")).isEqualTo("'-A1");
        assertThat(CsvCells.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCells.safe("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.safe("\rx")).isEqualTo("'\rx");
        assertThat(CsvCells.safe("S1")).isEqualTo("S1");
        assertThat(CsvCells.safe("")).isEmpty();
        assertThat(CsvCells.safe(null)).isEmpty();
    }

    /** A quarantined return's raw "-2.99" must open as the number -2.99, not as the text '-2.99. */
    @Test
    void aNegativeNumberWrittenAsTextStaysANumber() {
        assertThat(CsvCells.safe("-2.99")).isEqualTo("-2.99");
        assertThat(CsvCells.safe("-24")).isEqualTo("-24");
        assertThat(CsvCells.safe(-3)).isEqualTo("-3");
        assertThat(CsvCells.safe(new java.math.BigDecimal("-0.50"))).isEqualTo("-0.50");
    }
}
