package io.stockroom.metrics;

/** CSV cells made safe to open in a spreadsheet. */
final class CsvCells {

    private CsvCells() {}

    /**
     * A cell starting with {@code = + - @}, a tab or a carriage return would be run as a formula by Excel or LibreOffice
     * (CSV injection); a leading single quote makes it text.
     */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell
                : cell;
    }
}
