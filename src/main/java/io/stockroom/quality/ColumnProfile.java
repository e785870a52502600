package io.stockroom.quality;

/**
 * What one pass over a staged column found: whether every value already has the plain form its type's fast
 * cast accepts. Clean columns compile to a bare cast; only dirty ones pay for the general parser.
 *
 * @param plainText no value needs trimming and none is a null word (NULL, N/A, ...)
 * @param plainValues every non-empty value casts directly to the column's type (ISO dates, '.' decimals, ids without '.0')
 * @param dayFirst for day/month dates: true/false as decided (sender, proof in the file, or configuration); null when
 *     the column has none
 * @param decimalComma a number column written with decimal commas and thousands dots (it shows 2,50 and never 2.50):
 *     its values are read with '.' and ',' swapped, so 1.234 is a thousand
 */
record ColumnProfile(boolean plainText, boolean plainValues, Boolean dayFirst, boolean decimalComma) {

    static final ColumnProfile UNKNOWN = new ColumnProfile(false, false, null, false);
}
