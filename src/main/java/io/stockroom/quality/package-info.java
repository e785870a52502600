/** Data quality: contract checks compiled to set-based SQL, the quality gate, quarantine reasons and scores. */
package io.stockroom.quality;
