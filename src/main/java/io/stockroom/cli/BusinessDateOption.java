package io.stockroom.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The {@code --date} of the commands that read a file as it would be loaded ({@code ingest}, {@code validate}): one
 * option, so both take and refuse the same values with the same message (the date converter of
 * {@link StockroomCommand#configured}).
 */
final class BusinessDateOption {

    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            description = "Business date (YYYY-MM-DD); from the file name or the data when omitted.")
    LocalDate date;

    /** The date given, or null. */
    LocalDate date() {
        return date;
    }
}
