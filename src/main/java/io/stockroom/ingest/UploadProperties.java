package io.stockroom.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Uploads through the web app: how long a preview's upload token stays valid and how many rows it shows.
 * The size limit is spring.servlet.multipart.max-file-size; uploads stream to disk, never into memory.
 */
@ConfigurationProperties("stockroom.upload")
public record UploadProperties(
        @DefaultValue("PT1H") Duration tokenTtl,
        @DefaultValue("20") int previewRows) {}
