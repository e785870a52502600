package io.stockroom.ingest.format;

import java.nio.file.Path;

/** Decodes one file and prints what came out; run in a JVM with a small heap to show memory stays bounded. */
final class DecodeInSmallHeap {

    private DecodeInSmallHeap() {}

    public static void main(String[] args) {
        DecodedFile f = new FileDecoder(Path.of(args[1]))
                .decode(Path.of(args[0]), Path.of(args[0]).getFileName().toString(), null);
        System.out.println(f.sourceEncoding() + "|" + f.delimiter() + "|" + f.dataLinesEstimate() + "|" + f.readable());
    }
}
