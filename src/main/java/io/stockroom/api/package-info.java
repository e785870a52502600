/** The REST API (/api/v1): thin controllers over the feature services, documented with OpenAPI at /api/docs. */
package io.stockroom.api;
