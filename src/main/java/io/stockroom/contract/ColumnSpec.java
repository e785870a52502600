package io.stockroom.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One column of a dataset. A column is read from the file (matched by name or alias), or derived from
 * other columns by a SQL expression written in the contract (never from user input). A {@code personal} column holds
 * personal data (e-mail, name, phone): the GDPR export lists it and erasure clears it. {@code futureDays} (null: the
 * quality setting {@code future-tolerance-days}) is how far after today a date column that gives the business date may
 * lie: a promise (a shipment's promised date) is ahead by nature, a sale date is not. {@code nullWords} (null: the
 * feed's, else the type's default) are the words that mean no value in this column ({@link Contract#nullWords}).
 */
public record ColumnSpec(
        String name,
        ColumnType type,
        boolean required,
        List<String> aliases,
        String defaultValue,
        String derived,
        Reference reference,
        List<Rule> rules,
        String description,
        boolean personal,
        Integer futureDays,
        NullWords nullWords) {

    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The same column with the feed's null words. */
    public ColumnSpec(
            String name,
            ColumnType type,
            boolean required,
            List<String> aliases,
            String defaultValue,
            String derived,
            Reference reference,
            List<Rule> rules,
            String description,
            boolean personal,
            Integer futureDays) {
        this(
                name,
                type,
                required,
                aliases,
                defaultValue,
                derived,
                reference,
                rules,
                description,
                personal,
                futureDays,
                null);
    }

    /** The same column with the quality setting's future tolerance. */
    public ColumnSpec(
            String name,
            ColumnType type,
            boolean required,
            List<String> aliases,
            String defaultValue,
            String derived,
            Reference reference,
            List<Rule> rules,
            String description,
            boolean personal) {
        this(name, type, required, aliases, defaultValue, derived, reference, rules, description, personal, null, null);
    }

    /** The same column without the personal-data mark (for contracts built in code before the mark existed). */
    public ColumnSpec(
            String name,
            ColumnType type,
            boolean required,
            List<String> aliases,
            String defaultValue,
            String derived,
            Reference reference,
            List<Rule> rules,
            String description) {
        this(name, type, required, aliases, defaultValue, derived, reference, rules, description, false, null, null);
    }

    public boolean isDerived() {
        return derived != null && !derived.isBlank();
    }

    /** Matches a file header against the name and aliases, ignoring case, spaces, underscores and dashes. */
    public boolean matchesHeader(String header) {
        String h = normalize(header);
        if (normalize(name).equals(h)) {
            return true;
        }
        for (String alias : aliases) {
            if (normalize(alias).equals(h)) {
                return true;
            }
        }
        return false;
    }

    public static String normalize(String header) {
        StringBuilder b = new StringBuilder(header.length());
        for (char c : header.strip().toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '%' || c == '#') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }
}
