package io.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StockroomApplicationTest {

    @Test
    void servingCommandsAreFoundBehindGlobalOptionsWithValues() {
        assertThat(StockroomApplication.isServing(new String[] {"demo"})).isTrue();
        assertThat(StockroomApplication.isServing(new String[] {"--data-dir", "/tmp/x", "--port", "8099", "serve"}))
                .isTrue();
        assertThat(StockroomApplication.isServing(new String[] {"--data-dir=/tmp/x", "demo", "--days", "5"}))
                .isTrue();
        assertThat(StockroomApplication.isServing(new String[] {"--data-dir", "serve", "ingest", "f.csv"}))
                .as("a folder named serve")
                .isFalse();
        assertThat(StockroomApplication.isServing(new String[] {"demo", "--no-serve"}))
                .isFalse();
        assertThat(StockroomApplication.isServing(new String[] {"serve", "--help"}))
                .isFalse();
        assertThat(StockroomApplication.isServing(new String[] {"ingest", "demo.csv"}))
                .isFalse();
    }
}
