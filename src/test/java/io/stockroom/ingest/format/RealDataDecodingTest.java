package io.stockroom.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public retail exports in shared/data/real decode as a user would expect (skipped when that folder is absent). */
class RealDataDecodingTest {

    @TempDir
    Path dir;

    private static Path realData(String relative) {
        Path found = Stream.of(System.getProperty("stockroom.shared-data"), "/work/shared/data/real")
                .filter(p -> p != null && !p.isBlank())
                .map(p -> Path.of(p).resolve(relative))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(null);
        assumeTrue(found != null, "real data not present: " + relative);
        return found;
    }

    @Test
    void onlineRetailIiWorkbookHasBothYearsAsSheets() {
        Path xlsx = realData("online_retail_ii/online_retail_II_subset.xlsx");
        Path csv = realData("online_retail_ii/online_retail_II_subset.csv");
        FileDecoder decoder = new FileDecoder(dir);

        for (String sheet : new String[] {"Year 2009-2010", "Year 2010-2011"}) {
            DecodedFile f = decoder.decode(xlsx, "online_retail_II_subset.xlsx", sheet);

            assertThat(f.header())
                    .containsExactly(
                            "Invoice",
                            "StockCode",
                            "Description",
                            "Quantity",
                            "InvoiceDate",
                            "Price",
                            "Customer ID",
                            "Country");
            // the published CSV of the same workbook (ISO dates, Sheet column added) holds the same rows; its prices
            // keep the binary noise of the stored doubles (2.5499999999999998) where Excel and the decoder show 2.55
            String columns = "\"Invoice\", \"StockCode\", \"Description\", \"Quantity\", \"InvoiceDate\", "
                    + "CAST(CAST(\"Price\" AS DOUBLE) AS DECIMAL(18, 6)), \"Customer ID\", \"Country\"";
            String published = "SELECT " + columns + " FROM read_csv(" + EngineReader.quote(csv.toString())
                    + ", header=true, all_varchar=true) WHERE \"Sheet\" = " + EngineReader.quote(sheet);
            String decoded = "SELECT " + columns + " FROM " + EngineReader.readCsvCall(f);
            EngineReader.Table counts = EngineReader.query(
                    "SELECT (SELECT count(*) FROM (" + decoded + ")), (SELECT count(*) FROM ("
                            + published + ")), (SELECT count(*) FROM ((" + decoded + ") EXCEPT ALL (" + published
                            + "))), "
                            + "(SELECT count(*) FROM ((" + published + ") EXCEPT ALL (" + decoded + ")))",
                    false);
            assertThat(counts.rows().get(0))
                    .as(sheet)
                    .containsExactly(
                            String.valueOf(f.dataLinesEstimate()), String.valueOf(f.dataLinesEstimate()), "0", "0");
            assertThat(EngineReader.read(f).column("Price"))
                    .as(sheet)
                    .contains("2.55")
                    .allSatisfy(price -> assertThat(price).matches("-?\\d+(\\.\\d{1,4})?"));
        }
    }

    @Test
    void onlineRetailGzipIsReadCompressedInPlace() {
        Path gz = realData("online_retail/online_retail.csv.gz");

        DecodedFile f = new FileDecoder(dir).decode(gz, "online_retail.csv.gz", null);

        assertThat(f.gzip()).isTrue();
        assertThat(f.readable()).isEqualTo(gz);
        assertThat(f.sourceEncoding()).isEqualTo("UTF-8");
        assertThat(f.header())
                .containsExactly(
                        "InvoiceNo",
                        "StockCode",
                        "Description",
                        "Quantity",
                        "InvoiceDate",
                        "UnitPrice",
                        "CustomerID",
                        "Country");
        assertThat(f.dataLinesEstimate()).isEqualTo(541_909);
        EngineReader.Table t = EngineReader.query("SELECT count(*) FROM " + EngineReader.readCsvCall(f), true);
        assertThat(t.rows().get(0).get(0)).isEqualTo("541909");
        assertThat(t.rejects()).isZero();
    }
}
