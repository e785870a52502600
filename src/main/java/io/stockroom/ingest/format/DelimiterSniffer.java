package io.stockroom.ingest.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the delimiter of a text file from its first records: the candidate that splits the header and the data rows
 * into the same number of fields, counting only delimiters outside double quotes.
 */
public final class DelimiterSniffer {

    static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SAMPLE_RECORDS = 101;

    /** The chosen delimiter and the header cells as written (not yet trimmed). */
    public record Sniffed(char delimiter, List<String> header) {}

    private DelimiterSniffer() {}

    /**
     * @param text     the start of the file
     * @param complete {@code text} is the whole file (else its last, possibly cut, record is ignored)
     */
    public static Sniffed sniff(String text, boolean complete, String fileName) {
        Map<Character, List<List<String>>> parsed = new HashMap<>();
        for (char c : CANDIDATES) {
            parsed.put(c, records(text, c, complete, SAMPLE_RECORDS));
        }
        if (parsed.values().stream().anyMatch(List::isEmpty)) {
            // the sample ends inside the first record (a huge header or an open quote): judge the header alone
            return widestHeader(text);
        }
        if (parsed.values().stream().allMatch(r -> r.size() == 1)) {
            return widestHeader(parsed);
        }

        char best = 0;
        double bestFit = -1;
        int bestWidth = 0;
        for (char c : CANDIDATES) {
            List<List<String>> records = parsed.get(c);
            int width = records.get(0).size() - 1;
            if (width == 0 || records.size() == 1) {
                continue;
            }
            int matching = 0;
            for (int i = 1; i < records.size(); i++) {
                if (records.get(i).size() - 1 == width) {
                    matching++;
                }
            }
            double fit = matching / (double) (records.size() - 1);
            if (fit > bestFit || (fit == bestFit && width > bestWidth)) {
                best = c;
                bestFit = fit;
                bestWidth = width;
            }
        }
        if (best != 0 && bestFit >= 0.5) {
            return new Sniffed(best, parsed.get(best).get(0));
        }

        char headerDelimiter = widestHeader(parsed).delimiter();
        boolean headerSplit = parsed.get(headerDelimiter).get(0).size() > 1;
        char dataDelimiter = consistentDataDelimiter(parsed);
        if (dataDelimiter != 0 && headerSplit && dataDelimiter != headerDelimiter) {
            throw Problems.unreadable(
                    fileName,
                    "mixes delimiters: the header is separated by " + Problems.show(headerDelimiter)
                            + " but data rows by " + Problems.show(dataDelimiter)
                            + "; re-export it with one delimiter.");
        }
        if (dataDelimiter != 0 && !headerSplit) {
            throw Problems.unreadable(
                    fileName,
                    "has a header row with a single column but data rows separated by " + Problems.show(dataDelimiter)
                            + "; check the first line is the header and re-export it with one delimiter.");
        }
        if (headerSplit) {
            return new Sniffed(
                    headerDelimiter, parsed.get(headerDelimiter).get(0)); // ragged rows: the engine reports them
        }
        return singleColumn(parsed);
    }

    /** The candidate that splits most data rows into the same number (> 1) of fields, 0 if none does for most. */
    private static char consistentDataDelimiter(Map<Character, List<List<String>>> parsed) {
        char chosen = 0;
        double chosenShare = 0;
        for (char c : CANDIDATES) {
            List<List<String>> records = parsed.get(c);
            if (records.size() == 1) {
                continue;
            }
            Map<Integer, Integer> widths = new HashMap<>();
            for (int i = 1; i < records.size(); i++) {
                widths.merge(records.get(i).size(), 1, Integer::sum);
            }
            for (Map.Entry<Integer, Integer> w : widths.entrySet()) {
                double share = w.getValue() / (double) (records.size() - 1);
                if (w.getKey() > 1 && share >= 0.6 && share > chosenShare) {
                    chosen = c;
                    chosenShare = share;
                }
            }
        }
        return chosen;
    }

    /** One column: the candidate that occurs least in the sample, so no value gets split. */
    private static Sniffed singleColumn(Map<Character, List<List<String>>> parsed) {
        char chosen = ',';
        long fewest = Long.MAX_VALUE;
        for (char c : CANDIDATES) {
            long splits = parsed.get(c).stream().mapToLong(r -> r.size() - 1).sum();
            if (splits < fewest) {
                chosen = c;
                fewest = splits;
            }
        }
        return new Sniffed(chosen, parsed.get(chosen).get(0));
    }

    private static Sniffed widestHeader(Map<Character, List<List<String>>> parsed) {
        char chosen = ',';
        int widest = 0;
        for (char c : CANDIDATES) {
            int width = parsed.get(c).get(0).size();
            if (width > widest) {
                chosen = c;
                widest = width;
            }
        }
        return new Sniffed(chosen, parsed.get(chosen).get(0));
    }

    private static Sniffed widestHeader(String text) {
        Map<Character, List<List<String>>> parsed = new HashMap<>();
        for (char c : CANDIDATES) {
            List<List<String>> records = records(text, c, true, 1);
            if (records.isEmpty()) { // an open quote runs past the sample: split the raw first line
                String firstLine = text.strip().lines().findFirst().orElse("");
                records = List.of(List.of(firstLine.split(Pattern.quote(String.valueOf(c)), -1)));
            }
            parsed.put(c, records);
        }
        return widestHeader(parsed);
    }

    /**
     * Splits {@code text} into at most {@code max} records with content (see {@link RecordScanner} for what is blank).
     * The last record counts only when the text is complete and the record is not inside an open quote.
     */
    static List<List<String>> records(String text, char delimiter, boolean complete, int max) {
        List<List<String>> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean fieldStart = true;
        boolean content = false;
        int n = text.length();
        int i = 0;
        while (i < n && out.size() < max) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    inQuotes = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && fieldStart) {
                inQuotes = true;
                fieldStart = false;
                content = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '\n' || c == '\r') {
                fields.add(field.toString());
                field.setLength(0);
                if (content) {
                    out.add(fields);
                }
                fields = new ArrayList<>();
                content = false;
                fieldStart = true;
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                field.append(c);
                fieldStart = false;
                if (c > 0x7F ? c != '\uFEFF' : !RecordScanner.blankByte((byte) c)) {
                    content = true;
                }
            }
            i++;
        }
        if (complete && i >= n && content && !inQuotes && out.size() < max) {
            fields.add(field.toString());
            out.add(fields);
        }
        return out;
    }
}
