/** Retention: how long raw files, facts, quarantined rows and feed records are kept per dataset, applied daily with a dry run first. */
package io.stockroom.retention;
