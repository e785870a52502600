package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void splitsQuotedValuesLineBreaksAndEmptyValuesAsDuckDbReadsThem() throws IOException {
        assertThat(records("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n,\"\"\r\n\nlast,1"))
                .containsExactly(
                        "[a, b]", "[x,1, say \"hi\"]", "[two\nlines, null]", "[null, null]", "blank", "[last, 1]");
    }

    @Test
    void aQuotedValueFollowedByMoreTextSetsItsRecordAsideAndTheNextRecordsAreRead() throws IOException {
        assertThat(records("a,b,c\n1,\"3\"50,x\r\n2,\"4\" ,y\n3,5,z\n"))
                .containsExactly("[a, b, c]", "UNQUOTED VALUE: 1,\"3\"50,x", "UNQUOTED VALUE: 2,\"4\" ,y", "[3, 5, z]");
    }

    @Test
    void aQuoteNeverClosedIsRefused() {
        assertThatThrownBy(() -> records("a,b\n1,\"2\n3,4\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("never closed");
    }

    private static List<String> records(String text) throws IOException {
        CsvRecords records = new CsvRecords(new StringReader(text), ',');
        List<String> out = new ArrayList<>();
        for (CsvRecords.Record r = records.next(); r != null; r = records.next()) {
            out.add(
                    r.blank()
                            ? "blank"
                            : r.problem() != null
                                    ? r.problem() + ": " + r.text()
                                    : r.values().toString());
        }
        return out;
    }
}
