package io.stockroom.api;

import io.stockroom.ingest.UploadService;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Multipart uploads are written, while they arrive, into this process's folder of the uploads working folder
 * ({@link UploadService#receivingFolder()}) rather than Tomcat's own under /tmp: a server killed mid-upload left the
 * part received (up to 200 MB) in a folder no later start knew of; the next start now removes it.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ReceivingFolder {

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, UploadService uploads) {
        multipart.setLocation(uploads.receivingFolder().toString());
        return multipart.createMultipartConfig();
    }
}
