package io.stockroom.ingest.format;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Stand-in: plain UTF-8 comma/semicolon CSV only. Replaced by the full decoder (formats branch). */
public final class FileDecoder {

    public FileDecoder(Path workDir) {}

    public DecodedFile decode(Path file, String originalName, String sheet) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null || head.isBlank()) {
                throw new StockroomException(ErrorCode.FILE_EMPTY, originalName + " is empty.");
            }
            if (r.readLine() == null) {
                throw new StockroomException(ErrorCode.FILE_HEADER_ONLY, originalName + " has a header row but no data rows.");
            }
            char delim = head.chars().filter(c -> c == ';').count() > head.chars().filter(c -> c == ',').count() ? ';' : ',';
            List<String> header = new ArrayList<>();
            for (String h : head.split(String.valueOf(delim), -1)) {
                header.add(h.replace("\"", "").strip());
            }
            return new DecodedFile(file, originalName, SourceFormat.CSV, file, false, delim, false, "UTF-8", header, -1, List.of());
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.FILE_UNREADABLE, "Cannot read " + originalName + ": " + e.getMessage(), e);
        }
    }
}
