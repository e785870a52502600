package io.stockroom.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodySize the largest request body other than a multipart upload (whose limit is
 *     spring.servlet.multipart.max-request-size); a larger one is refused with 413 before it is read
 */
@ConfigurationProperties("stockroom.api")
record ApiProperties(@DefaultValue("100MB") DataSize maxBodySize) {}
